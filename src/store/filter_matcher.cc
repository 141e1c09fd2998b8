#include "store/filter_matcher.h"

#include <arpa/inet.h>

#include <algorithm>
#include <vector>

#include "core/ascii.h"
#include "core/text_fields.h"
#include "core/text_tokenizer.h"

namespace vigil {
namespace {

// Exact or prefix match of one string value; empty values never match.
bool StringMatches(const FilterValue& v, std::string_view value, bool ignore_case = false) {
  if (value.empty()) return false;
  switch (v.kind) {
    case FilterValue::Kind::kExact:
      return ignore_case ? EqualsIgnoreAsciiCase(value, v.text) : value == v.text;
    case FilterValue::Kind::kPrefix:
      if (value.size() < v.text.size()) return false;
      return ignore_case ? EqualsIgnoreAsciiCase(value.substr(0, v.text.size()), v.text)
                         : value.starts_with(v.text);
    default:
      return false;
  }
}

bool RangeMatches(const FilterValue& v, double x) {
  if (v.kind != FilterValue::Kind::kRange) return false;
  bool above = v.lo_inclusive ? x >= v.lo : x > v.lo;
  bool below = v.hi_inclusive ? x <= v.hi : x < v.hi;
  return above && below;
}

}  // namespace

bool IpInCidr(std::string_view ip, const FilterValue& v) {
  if (ip.empty() || ip.size() >= INET6_ADDRSTRLEN) return false;
  char buf[INET6_ADDRSTRLEN];
  std::copy(ip.begin(), ip.end(), buf);
  buf[ip.size()] = '\0';
  uint8_t addr[16];
  int family = ip.find(':') != std::string_view::npos ? 6 : 4;
  if (family != v.family) return false;
  if (inet_pton(family == 4 ? AF_INET : AF_INET6, buf, addr) != 1) return false;
  int bits = v.prefix_bits;
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xFF : static_cast<uint8_t>(0xFF << (8 - bits));
    if ((addr[i] & mask) != (v.address[static_cast<size_t>(i)] & mask)) return false;
  }
  return true;
}

bool FilterMatcher::Matches(const Event& e) { return Eval(filter_, e); }

bool FilterMatcher::Eval(const FilterNode& node, const Event& e) {
  switch (node.op) {
    case FilterNode::Op::kAll:
      return true;
    case FilterNode::Op::kAnd:
      for (const FilterNode& c : node.children) {
        if (!Eval(c, e)) return false;
      }
      return true;
    case FilterNode::Op::kOr:
      for (const FilterNode& c : node.children) {
        if (Eval(c, e)) return true;
      }
      return false;
    case FilterNode::Op::kNot:
      return !Eval(node.children.front(), e);
    case FilterNode::Op::kTerm:
      return TermMatches(node.term, e);
  }
  return false;
}

bool FilterMatcher::TermMatches(const FilterTerm& term, const Event& e) {
  for (const FilterValue& v : term.any_of) {
    bool hit = false;
    switch (term.field) {
      case FilterField::kId:
        hit = StringMatches(v, e.id);
        break;
      case FilterField::kTenant:
        hit = StringMatches(v, e.tenant);
        break;
      case FilterField::kEnvironment:
        hit = StringMatches(v, e.environment);
        break;
      case FilterField::kWorkspace:
        hit = StringMatches(v, e.workspace.id) || StringMatches(v, e.workspace.name);
        break;
      case FilterField::kAction:
        hit = StringMatches(v, e.action);
        break;
      case FilterField::kCategory:
        hit = StringMatches(v, e.category);
        break;
      case FilterField::kOperation:
        hit = StringMatches(v, e.operation);
        break;
      case FilterField::kStatus:
        hit = StringMatches(v, EventStatusName(e.status));
        break;
      case FilterField::kActor:
        hit = StringMatches(v, e.actor.id) || StringMatches(v, e.actor.email, true) ||
              StringMatches(v, e.actor.name);
        break;
      case FilterField::kActorRole:
        hit = StringMatches(v, e.actor.role);
        break;
      case FilterField::kActorType:
        hit = StringMatches(v, e.actor.type);
        break;
      case FilterField::kActorStatus:
        hit = StringMatches(v, e.actor.status);
        break;
      case FilterField::kTarget:
        hit = StringMatches(v, e.target.id);
        break;
      case FilterField::kTargetType:
        hit = StringMatches(v, e.target.type);
        break;
      case FilterField::kResource:
        hit = StringMatches(v, e.target.id) || StringMatches(v, e.target.parent.id) ||
              std::any_of(e.resources.begin(), e.resources.end(),
                          [&](const ResourceRef& r) { return StringMatches(v, r.id); });
        break;
      case FilterField::kMethod:
        hit = StringMatches(v, e.context.method);
        break;
      case FilterField::kPath:
        hit = StringMatches(v, e.context.path);
        break;
      case FilterField::kIp:
        hit = v.kind == FilterValue::Kind::kCidr ? IpInCidr(e.context.ip, v)
                                                 : StringMatches(v, e.context.ip);
        break;
      case FilterField::kCountry:
        hit = StringMatches(v, e.geo.country);
        break;
      case FilterField::kDuration:
        hit = e.context.duration_ms.has_value() && RangeMatches(v, *e.context.duration_ms);
        break;
      case FilterField::kTime:
        hit = RangeMatches(v, static_cast<double>(e.time_ms));
        break;
      case FilterField::kText:
        hit = TextMatches(v, e);
        break;
    }
    if (hit) return true;
  }
  return false;
}

bool FilterMatcher::PhraseIn(const FilterValue& phrase, std::string_view text) {
  const std::vector<std::string>& want = phrase.tokens;
  if (want.empty() || text.empty()) return false;
  const size_t n = want.size();
  // Ring of the last n tokens seen, compared whenever it is full.
  std::vector<std::string> window;
  window.reserve(n);
  size_t seen = 0;
  bool found = false;
  ForEachToken(text, scratch_, [&](std::string_view tok) {
    if (found) return;
    if (window.size() < n) {
      window.emplace_back(tok);
    } else {
      window[seen % n].assign(tok);
    }
    ++seen;
    if (window.size() < n) return;
    for (size_t k = 0; k < n; ++k) {
      const std::string& got = window[(seen + k) % n];
      bool last = k + 1 == n;
      bool ok = (last && phrase.last_token_is_prefix) ? got.starts_with(want[k]) : got == want[k];
      if (!ok) return;
    }
    found = true;
  });
  return found;
}

bool FilterMatcher::TextMatches(const FilterValue& v, const Event& e) {
  if (v.kind != FilterValue::Kind::kPhrase) return false;
  bool found = false;
  ForEachTextField(e, json_scratch_, [&](std::string_view text) {
    found = PhraseIn(v, text);
    return found;
  });
  return found;
}

FilterNeeds FilterMatcher::NeedsOf(const Filter& filter) {
  FilterNeeds needs;
  auto visit = [&](auto&& self, const FilterNode& n) -> void {
    if (n.op == FilterNode::Op::kTerm) {
      needs.fields[static_cast<size_t>(n.term.field)] = true;
      if (n.term.field == FilterField::kText) needs.text = true;
    }
    for (const FilterNode& c : n.children) self(self, c);
  };
  visit(visit, filter);
  return needs;
}

}  // namespace vigil
