// Test-only helpers over Filter: structural equality and a debug dump.
// (store/filter.h has no operator==; if it gains one, use that instead.)
#pragma once

#include <fmt/format.h>

#include <string>

#include "store/filter.h"

namespace vigil {

inline bool SameValue(const FilterValue& a, const FilterValue& b) {
  return a.kind == b.kind && a.text == b.text && a.tokens == b.tokens &&
         a.last_token_is_prefix == b.last_token_is_prefix && a.family == b.family &&
         a.address == b.address && a.prefix_bits == b.prefix_bits && a.lo == b.lo && a.hi == b.hi &&
         a.lo_inclusive == b.lo_inclusive && a.hi_inclusive == b.hi_inclusive;
}

inline bool SameFilter(const FilterNode& a, const FilterNode& b) {
  if (a.op != b.op || a.children.size() != b.children.size()) return false;
  if (a.op == FilterNode::Op::kTerm) {
    if (a.term.field != b.term.field || a.term.any_of.size() != b.term.any_of.size()) return false;
    for (size_t i = 0; i < a.term.any_of.size(); ++i) {
      if (!SameValue(a.term.any_of[i], b.term.any_of[i])) return false;
    }
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!SameFilter(a.children[i], b.children[i])) return false;
  }
  return true;
}

inline std::string DescribeValue(const FilterValue& v) {
  switch (v.kind) {
    case FilterValue::Kind::kExact:
      return fmt::format("={}", v.text);
    case FilterValue::Kind::kPrefix:
      return fmt::format("^{}", v.text);
    case FilterValue::Kind::kCidr: {
      std::string bytes;
      for (int i = 0; i < (v.family == 4 ? 4 : 16); ++i)
        bytes += fmt::format("{:02x}", v.address[i]);
      return fmt::format("cidr{}:{}/{}", v.family, bytes, v.prefix_bits);
    }
    case FilterValue::Kind::kRange:
      return fmt::format("{}{},{}{}", v.lo_inclusive ? '[' : '(', v.lo, v.hi,
                         v.hi_inclusive ? ']' : ')');
    case FilterValue::Kind::kPhrase: {
      std::string s = "phrase[";
      for (size_t i = 0; i < v.tokens.size(); ++i) s += (i ? " " : "") + v.tokens[i];
      return s + (v.last_token_is_prefix ? "*]" : "]");
    }
  }
  return "?";
}

// "AND(actor{=ada}, NOT(text{phrase[a b]}))": every field of the tree, for test failures.
inline std::string DescribeFilter(const FilterNode& n) {
  switch (n.op) {
    case FilterNode::Op::kAll:
      return "ALL";
    case FilterNode::Op::kTerm: {
      std::string s = fmt::format("f{}{{", static_cast<int>(n.term.field));
      for (size_t i = 0; i < n.term.any_of.size(); ++i) {
        s += (i ? " | " : "") + DescribeValue(n.term.any_of[i]);
      }
      return s + "}";
    }
    default: {
      std::string s = n.op == FilterNode::Op::kAnd  ? "AND("
                      : n.op == FilterNode::Op::kOr ? "OR("
                                                    : "NOT(";
      for (size_t i = 0; i < n.children.size(); ++i) {
        s += (i ? ", " : "") + DescribeFilter(n.children[i]);
      }
      return s + ")";
    }
  }
}

}  // namespace vigil
