#include "query/query_renderer.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <string_view>

#include "core/text_tokenizer.h"
#include "core/timestamp.h"
#include "query/duration_value.h"
#include "query/ip_value.h"
#include "query/message_text.h"
#include "query/query_fields.h"
#include "query/time_value.h"

namespace vigil {
namespace {

constexpr int kMaxRenderDepth = 128;

Status Cannot(std::string_view what) {
  return Status::InvalidArgument(fmt::format("{} cannot be written as a query", what));
}

bool NeedsQuotes(std::string_view text) {
  if (text.empty()) return true;
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == ',' || c == '(' || c == ')' || c == '"' ||
        c == '*' || c == 0x7F) {
      return true;
    }
  }
  return false;
}

void AppendQuoted(std::string_view text, std::string* out) {
  out->push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') out->push_back('\\');
    out->push_back(c);
  }
  out->push_back('"');
}

bool TakesText(FilterField field, bool prefix) {
  switch (field) {
    case FilterField::kIp:
      return !prefix;
    case FilterField::kStatus:
    case FilterField::kActorType:
    case FilterField::kCountry:
      return !prefix;
    case FilterField::kDuration:
    case FilterField::kTime:
    case FilterField::kText:
      return false;
    default:
      return true;
  }
}

// A time bound in epoch ms, or nullopt-like failure when not an integral in-range value.
bool TimeBound(double x, int64_t open, int64_t* out) {
  if (std::isinf(x)) {
    *out = open;
    return (open < 0) == (x < 0);
  }
  if (!(x >= static_cast<double>(kMinTimeMs) && x <= static_cast<double>(kMaxTimeMs + 1)) ||
      std::floor(x) != x) {
    return false;
  }
  *out = static_cast<int64_t>(x);
  return true;
}

Status RenderValue(FilterField field, const FilterValue& v, std::string* out) {
  switch (v.kind) {
    case FilterValue::Kind::kExact:
    case FilterValue::Kind::kPrefix: {
      const bool prefix = v.kind == FilterValue::Kind::kPrefix;
      if (!TakesText(field, prefix) || v.text.empty()) {
        return Cannot(fmt::format("{} value '{}' for {}", prefix ? "a prefix" : "an exact",
                                  ShortForMessage(v.text), QueryFieldName(field)));
      }
      if (NeedsQuotes(v.text)) {
        AppendQuoted(v.text, out);
      } else {
        out->append(v.text);
      }
      if (prefix) out->push_back('*');
      return Status::Ok();
    }
    case FilterValue::Kind::kCidr: {
      if (field != FilterField::kIp) return Cannot("a CIDR value outside ip");
      ASSIGN_OR_RETURN(std::string text, FormatCidr(v));
      out->append(text);
      return Status::Ok();
    }
    case FilterValue::Kind::kRange: {
      if (field == FilterField::kDuration) {
        ASSIGN_OR_RETURN(std::string text, FormatDurationValue(v));
        out->append(text);
        return Status::Ok();
      }
      if (field != FilterField::kTime) return Cannot("a range outside duration and time");
      TimeRange r;
      if (!TimeBound(v.lo, std::numeric_limits<int64_t>::min(), &r.from_ms) ||
          !TimeBound(v.hi, std::numeric_limits<int64_t>::max(), &r.to_ms) ||
          (std::isfinite(v.lo) && !v.lo_inclusive) || (std::isfinite(v.hi) && v.hi_inclusive)) {
        return Cannot(fmt::format("time range {}{}, {}{}", v.lo_inclusive ? '[' : '(', v.lo, v.hi,
                                  v.hi_inclusive ? ']' : ')'));
      }
      ASSIGN_OR_RETURN(std::string text, FormatTimeRange(r));
      out->append(text);
      return Status::Ok();
    }
    case FilterValue::Kind::kPhrase:
      break;
  }
  return Cannot(fmt::format("a phrase value for {}", QueryFieldName(field)));
}

Status RenderText(const FilterTerm& term, std::string* out) {
  if (term.any_of.size() != 1 || term.any_of[0].kind != FilterValue::Kind::kPhrase ||
      term.any_of[0].tokens.empty()) {
    return Cannot("a full-text term that is not exactly one phrase");
  }
  const FilterValue& v = term.any_of[0];
  for (const std::string& token : v.tokens) {
    if (!IsFoldedToken(token)) {
      return Cannot(fmt::format("the text token '{}'", ShortForMessage(token)));
    }
  }
  const bool quoted = v.tokens.size() > 1;
  if (quoted) out->push_back('"');
  for (size_t i = 0; i < v.tokens.size(); ++i) {
    if (i > 0) out->push_back(' ');
    out->append(v.tokens[i]);
  }
  if (quoted) out->push_back('"');
  if (v.last_token_is_prefix) out->push_back('*');
  return Status::Ok();
}

Status RenderTerm(const FilterTerm& term, std::string* out) {
  if (term.field == FilterField::kText) return RenderText(term, out);
  std::string_view name = QueryFieldName(term.field);
  if (name.empty() || term.any_of.empty()) return Cannot("a term with no values");
  out->append(name);
  out->push_back(':');
  for (size_t i = 0; i < term.any_of.size(); ++i) {
    if (i > 0) out->push_back(',');
    RETURN_IF_ERROR(RenderValue(term.field, term.any_of[i], out));
  }
  return Status::Ok();
}

Status RenderNode(const FilterNode& node, int depth, std::string* out);

Status RenderChild(const FilterNode& child, bool parenthesize, int depth, std::string* out) {
  if (parenthesize) out->push_back('(');
  RETURN_IF_ERROR(RenderNode(child, depth + 1, out));
  if (parenthesize) out->push_back(')');
  return Status::Ok();
}

Status RenderNode(const FilterNode& node, int depth, std::string* out) {
  if (depth > kMaxRenderDepth) return Cannot("a filter nested deeper than 128 levels");
  using Op = FilterNode::Op;
  switch (node.op) {
    case Op::kAll:
      return Cannot("a match-all node inside a filter");
    case Op::kTerm:
      return RenderTerm(node.term, out);
    case Op::kAnd:
    case Op::kOr: {
      if (node.children.empty()) return Cannot("an AND or OR node with no children");
      const bool is_and = node.op == Op::kAnd;
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out->append(is_and ? " " : " OR ");
        const FilterNode& child = node.children[i];
        bool parens = child.op == Op::kOr || (is_and && child.op == Op::kAnd);
        parens = parens && node.children.size() > 1;
        RETURN_IF_ERROR(RenderChild(child, parens, depth, out));
      }
      return Status::Ok();
    }
    case Op::kNot: {
      if (node.children.size() != 1) return Cannot("a NOT node without exactly one child");
      const FilterNode& child = node.children[0];
      out->push_back('-');
      return RenderChild(child, child.op == Op::kAnd || child.op == Op::kOr, depth, out);
    }
  }
  return Cannot("an unknown node");
}

}  // namespace

Result<std::string> RenderQuery(const Filter& filter) {
  std::string out;
  if (filter.op == FilterNode::Op::kAll) return out;
  RETURN_IF_ERROR(RenderNode(filter, 0, &out));
  return out;
}

}  // namespace vigil
