// Filter: the boolean predicate over events that every read takes.
//
// The query language (src/query) compiles text into a Filter; backends
// evaluate it (the embedded engine with FilterMatcher and, later, indexes;
// the ClickHouse backend by translating it to SQL). Semantics of each field
// are in docs/query-language.md and implemented by FilterMatcher.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil {

enum class FilterField : uint8_t {
  kId,  // event id
  kTenant,
  kEnvironment,  // stored lower case
  kWorkspace,    // workspace.id or workspace.name
  kAction,
  kCategory,
  kOperation,  // stored lower case
  kStatus,     // "success" | "error"
  kActor,      // actor.id, actor.email (ASCII case-insensitive) or actor.name
  kActorRole,
  kActorType,
  kActorStatus,  // actor.status (active, disabled, …: as stored)
  kTarget,       // target.id
  kTargetType,
  kResource,  // target.id, target.parent.id or any resources[].id
  kMethod,    // stored upper case
  kPath,      // context.path
  kIp,        // context.ip: an address or a CIDR block
  kCountry,   // geo.country, upper case
  kDuration,  // context.duration_ms, a numeric range
  kTime,      // time, a range of epoch milliseconds
  kText,      // full text: words and phrases
};

std::string_view FilterFieldName(FilterField f);

// One alternative of a term; a term matches when any alternative matches.
struct FilterValue {
  enum class Kind : uint8_t {
    kExact,   // text equals the field (see the field's case rule)
    kPrefix,  // the field starts with text
    kCidr,    // kIp only: address within the block
    kRange,   // kDuration, kTime: lo <= value < hi (bounds per the inclusive flags)
    kPhrase,  // kText only (and kText takes only phrases): tokens appear
              // consecutively in one text field
  };
  Kind kind = Kind::kExact;
  std::string text;                   // kExact, kPrefix
  std::vector<std::string> tokens;    // kPhrase: folded tokens (core/text_tokenizer.h)
  bool last_token_is_prefix = false;  // kPhrase: `renam*` matches "renamed"
  // kCidr: family 4 or 6, the network address in network byte order (IPv4 in
  // address[0..3], the rest zero; host bits cleared), and the prefix length.
  int family = 0;
  std::array<uint8_t, 16> address{};
  int prefix_bits = 0;
  // kRange. An open end is -/+infinity; the inclusive flag of an infinite end
  // means nothing. Time bounds are epoch milliseconds.
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_inclusive = true;
  bool hi_inclusive = false;

  bool operator==(const FilterValue&) const = default;

  static FilterValue Exact(std::string v) {
    FilterValue f;
    f.kind = Kind::kExact;
    f.text = std::move(v);
    return f;
  }
  static FilterValue Prefix(std::string v) {
    FilterValue f;
    f.kind = Kind::kPrefix;
    f.text = std::move(v);
    return f;
  }
  // [lo, hi): the common case, used for time.
  static FilterValue Range(double lo, double hi) {
    FilterValue f;
    f.kind = Kind::kRange;
    f.lo = lo;
    f.hi = hi;
    return f;
  }
};

struct FilterTerm {
  FilterField field = FilterField::kText;
  std::vector<FilterValue> any_of;  // never empty in a valid filter
  bool operator==(const FilterTerm&) const = default;
};

// A node of the predicate tree. The default node matches every event.
struct FilterNode {
  enum class Op : uint8_t { kAll, kAnd, kOr, kNot, kTerm };
  Op op = Op::kAll;
  std::vector<FilterNode> children;  // kAnd, kOr: 1+; kNot: exactly 1
  FilterTerm term;                   // kTerm

  bool operator==(const FilterNode&) const = default;

  static FilterNode All() { return {}; }
  static FilterNode Term(FilterField field, std::vector<FilterValue> any_of) {
    FilterNode n;
    n.op = Op::kTerm;
    n.term.field = field;
    n.term.any_of = std::move(any_of);
    return n;
  }
  static FilterNode And(std::vector<FilterNode> children) {
    FilterNode n;
    n.op = Op::kAnd;
    n.children = std::move(children);
    return n;
  }
  static FilterNode Or(std::vector<FilterNode> children) {
    FilterNode n;
    n.op = Op::kOr;
    n.children = std::move(children);
    return n;
  }
  static FilterNode Not(FilterNode child) {
    FilterNode n;
    n.op = Op::kNot;
    n.children.push_back(std::move(child));
    return n;
  }
};

using Filter = FilterNode;

// A half-open interval of epoch milliseconds [from_ms, to_ms).
struct TimeRange {
  int64_t from_ms = std::numeric_limits<int64_t>::min();
  int64_t to_ms = std::numeric_limits<int64_t>::max();

  bool Contains(int64_t t) const { return t >= from_ms && t < to_ms; }
  bool Empty() const { return from_ms >= to_ms; }
  bool Overlaps(int64_t min_t, int64_t max_t) const { return max_t >= from_ms && min_t < to_ms; }
  TimeRange Intersect(const TimeRange& o) const {
    return {std::max(from_ms, o.from_ms), std::min(to_ms, o.to_ms)};
  }
};

// A range that contains the time of every event the filter can match (for
// pruning): time terms under AND narrow it; OR widens; NOT gives no bound.
TimeRange TimeBoundsOf(const Filter& filter);

}  // namespace vigil
