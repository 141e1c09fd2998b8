#include "query/query_parser.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/text_tokenizer.h"
#include "query/field_value.h"
#include "query/message_text.h"
#include "query/query_fields.h"
#include "query/query_lexer.h"
#include "query/query_limits.h"

namespace vigil {
namespace {

using Kind = QueryToken::Kind;

// Recursive descent over the grammar of docs/query-language.md:
//   query   = [ or ]
//   or      = and { "OR" and }
//   and     = unary { [ "AND" ] unary }
//   unary   = ( "-" | "NOT" ) unary | "(" or ")" | term
class QueryParser {
 public:
  QueryParser(std::string_view q, int64_t now_ms) : lexer_(q), now_ms_(now_ms) {}

  Result<Filter> Parse() {
    RETURN_IF_ERROR(Advance());
    if (tok_.kind == Kind::kEnd) return FilterNode::All();
    ASSIGN_OR_RETURN(FilterNode node, ParseOr());
    if (tok_.kind == Kind::kClose) return Unexpected();
    return node;
  }

 private:
  Status Advance() { return lexer_.Next(&tok_); }

  bool StartsUnary() const {
    switch (tok_.kind) {
      case Kind::kOpen:
      case Kind::kMinus:
      case Kind::kNot:
      case Kind::kWord:
      case Kind::kPhrase:
      case Kind::kField:
        return true;
      default:
        return false;
    }
  }

  static std::string_view Spelling(Kind kind) {
    switch (kind) {
      case Kind::kAnd:
        return "AND";
      case Kind::kOr:
        return "OR";
      case Kind::kNot:
        return "NOT";
      case Kind::kMinus:
        return "-";
      default:
        return "?";
    }
  }

  Status Unexpected() const {
    return Status::InvalidArgument(fmt::format("unexpected ')' at {}", tok_.pos));
  }

  // The token at the current position cannot start a term (after `op` at op_pos).
  Status NeedsTermAfter(Kind op, size_t op_pos) const {
    return Status::InvalidArgument(
        fmt::format("'{}' needs a term after it at {}", Spelling(op), op_pos));
  }

  static void Append(FilterNode::Op op, FilterNode node, std::vector<FilterNode>* out) {
    if (node.op != op) {
      out->push_back(std::move(node));
      return;
    }
    for (FilterNode& child : node.children) out->push_back(std::move(child));
  }

  Result<FilterNode> ParseOr() {
    if (tok_.kind == Kind::kOr || tok_.kind == Kind::kAnd) {
      return Status::InvalidArgument(
          fmt::format("'{}' needs a term before it at {}", Spelling(tok_.kind), tok_.pos));
    }
    ASSIGN_OR_RETURN(FilterNode first, ParseAnd());
    if (tok_.kind != Kind::kOr) return first;
    std::vector<FilterNode> children;
    Append(FilterNode::Op::kOr, std::move(first), &children);
    while (tok_.kind == Kind::kOr) {
      size_t or_pos = tok_.pos;
      RETURN_IF_ERROR(Advance());
      if (!StartsUnary()) return NeedsTermAfter(Kind::kOr, or_pos);
      ASSIGN_OR_RETURN(FilterNode next, ParseAnd());
      Append(FilterNode::Op::kOr, std::move(next), &children);
    }
    return FilterNode::Or(std::move(children));
  }

  Result<FilterNode> ParseAnd() {
    ASSIGN_OR_RETURN(FilterNode first, ParseUnary());
    std::vector<FilterNode> children;
    Append(FilterNode::Op::kAnd, std::move(first), &children);
    while (tok_.kind != Kind::kEnd && tok_.kind != Kind::kClose && tok_.kind != Kind::kOr) {
      if (tok_.kind == Kind::kAnd) {
        size_t and_pos = tok_.pos;
        RETURN_IF_ERROR(Advance());
        if (!StartsUnary()) return NeedsTermAfter(Kind::kAnd, and_pos);
      }
      ASSIGN_OR_RETURN(FilterNode next, ParseUnary());
      Append(FilterNode::Op::kAnd, std::move(next), &children);
    }
    if (children.size() == 1) return std::move(children[0]);
    return FilterNode::And(std::move(children));
  }

  Status Enter(size_t pos) {
    if (++depth_ > kMaxQueryDepth) {
      return Status::InvalidArgument(
          fmt::format("nesting deeper than {} at {}", kMaxQueryDepth, pos));
    }
    return Status::Ok();
  }

  Result<FilterNode> ParseUnary() {
    const size_t pos = tok_.pos;
    switch (tok_.kind) {
      case Kind::kMinus:
      case Kind::kNot: {
        const Kind op = tok_.kind;
        RETURN_IF_ERROR(Enter(pos));
        RETURN_IF_ERROR(Advance());
        if (!StartsUnary()) return NeedsTermAfter(op, pos);
        ASSIGN_OR_RETURN(FilterNode child, ParseUnary());
        --depth_;
        return FilterNode::Not(std::move(child));
      }
      case Kind::kOpen: {
        RETURN_IF_ERROR(Enter(pos));
        RETURN_IF_ERROR(Advance());
        if (tok_.kind == Kind::kClose) {
          return Status::InvalidArgument(fmt::format("empty parentheses at {}", pos));
        }
        if (tok_.kind == Kind::kEnd) {
          return Status::InvalidArgument(fmt::format("unclosed '(' at {}", pos));
        }
        ASSIGN_OR_RETURN(FilterNode inner, ParseOr());
        if (tok_.kind != Kind::kClose) {
          return Status::InvalidArgument(fmt::format("unclosed '(' at {}", pos));
        }
        RETURN_IF_ERROR(Advance());
        --depth_;
        return inner;
      }
      case Kind::kClose:
        return Unexpected();
      case Kind::kAnd:
      case Kind::kOr:
        return Status::InvalidArgument(
            fmt::format("'{}' needs a term before it at {}", Spelling(tok_.kind), pos));
      case Kind::kWord:
      case Kind::kPhrase:
        return ParseText();
      case Kind::kField:
        return ParseField();
      case Kind::kEnd:
        break;
    }
    return Status::Internal(fmt::format("query parser: no term at {}", pos));
  }

  // A bare word or a quoted phrase: full text.
  Result<FilterNode> ParseText() {
    FilterValue v;
    v.kind = FilterValue::Kind::kPhrase;
    v.tokens = Tokenize(tok_.text);
    const bool quoted = tok_.kind == Kind::kPhrase;
    if (v.tokens.empty()) {
      std::string shown = quoted ? "\"" + tok_.text + "\"" : tok_.text;
      if (tok_.prefix) shown += "*";
      if (shown.size() > 40) shown = quoted ? "the phrase" : "the word";
      return Status::InvalidArgument(
          fmt::format("'{}' at {} has no letters or digits to search for", shown, tok_.pos));
    }
    if (tok_.prefix) {
      if (!EndsWithWordCharacter(tok_.text)) {
        return Status::InvalidArgument(
            fmt::format("'*' must follow a letter or digit at {}", tok_.end - 1));
      }
      v.last_token_is_prefix = true;
    }
    RETURN_IF_ERROR(Advance());
    std::vector<FilterValue> any_of;
    any_of.push_back(std::move(v));
    return FilterNode::Term(FilterField::kText, std::move(any_of));
  }

  Result<FilterNode> ParseField() {
    std::optional<FilterField> field = LookupQueryField(tok_.text);
    if (!field) {
      std::string shown = ShortForMessage(tok_.text);
      std::string_view suggestion = SuggestQueryField(tok_.text);
      std::string hint = suggestion.empty() ? std::string("quote the word to search for it as text")
                                            : fmt::format("did you mean '{}'?", suggestion);
      return Status::InvalidArgument(
          fmt::format("unknown field '{}' at {} ({})", shown, tok_.pos, hint));
    }
    RETURN_IF_ERROR(lexer_.LexFieldValues(&tok_));
    std::vector<FilterValue> any_of;
    any_of.reserve(tok_.values.size());
    for (const QueryValueText& text : tok_.values) {
      ASSIGN_OR_RETURN(FilterValue v, ParseFieldValue(*field, text, now_ms_));
      any_of.push_back(std::move(v));
    }
    RETURN_IF_ERROR(Advance());
    return FilterNode::Term(*field, std::move(any_of));
  }

  QueryLexer lexer_;
  int64_t now_ms_;
  QueryToken tok_;
  int depth_ = 0;
};

}  // namespace

Result<Filter> ParseQuery(std::string_view q, int64_t now_ms) {
  RETURN_IF_ERROR(CheckQueryText(q));
  return QueryParser(q, now_ms).Parse();
}

}  // namespace vigil
