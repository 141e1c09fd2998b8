#include "store/filter.h"

#include <algorithm>
#include <cmath>

namespace vigil {

std::string_view FilterFieldName(FilterField f) {
  switch (f) {
    case FilterField::kId:
      return "id";
    case FilterField::kTenant:
      return "tenant";
    case FilterField::kEnvironment:
      return "environment";
    case FilterField::kWorkspace:
      return "workspace";
    case FilterField::kAction:
      return "action";
    case FilterField::kCategory:
      return "category";
    case FilterField::kOperation:
      return "operation";
    case FilterField::kStatus:
      return "status";
    case FilterField::kActor:
      return "actor";
    case FilterField::kActorRole:
      return "actor.role";
    case FilterField::kActorType:
      return "actor.type";
    case FilterField::kActorStatus:
      return "actor.status";
    case FilterField::kTarget:
      return "target";
    case FilterField::kTargetType:
      return "target.type";
    case FilterField::kResource:
      return "resource";
    case FilterField::kMethod:
      return "method";
    case FilterField::kPath:
      return "path";
    case FilterField::kIp:
      return "ip";
    case FilterField::kCountry:
      return "country";
    case FilterField::kDuration:
      return "duration";
    case FilterField::kTime:
      return "time";
    case FilterField::kText:
      return "text";
  }
  return "?";
}

namespace {

constexpr TimeRange kUnbounded{};

TimeRange Union(const TimeRange& a, const TimeRange& b) {
  if (a.Empty()) return b;
  if (b.Empty()) return a;
  return {std::min(a.from_ms, b.from_ms), std::max(a.to_ms, b.to_ms)};
}

// The ms range [from, to) covering a numeric range value.
TimeRange RangeOfValue(const FilterValue& v) {
  TimeRange r;
  if (std::isfinite(v.lo)) {
    double lo = v.lo_inclusive ? std::ceil(v.lo) : std::floor(v.lo) + 1;
    r.from_ms = static_cast<int64_t>(lo);
  }
  if (std::isfinite(v.hi)) {
    double hi = v.hi_inclusive ? std::floor(v.hi) + 1 : std::ceil(v.hi);
    r.to_ms = static_cast<int64_t>(hi);
  }
  return r;
}

}  // namespace

TimeRange TimeBoundsOf(const Filter& filter) {
  switch (filter.op) {
    case FilterNode::Op::kAll:
    case FilterNode::Op::kNot:
      return kUnbounded;
    case FilterNode::Op::kAnd: {
      TimeRange r = kUnbounded;
      for (const FilterNode& c : filter.children) r = r.Intersect(TimeBoundsOf(c));
      return r;
    }
    case FilterNode::Op::kOr: {
      TimeRange r{0, 0};  // empty: the union starts from nothing
      for (const FilterNode& c : filter.children) r = Union(r, TimeBoundsOf(c));
      return r;
    }
    case FilterNode::Op::kTerm: {
      if (filter.term.field != FilterField::kTime) return kUnbounded;
      TimeRange r{0, 0};
      for (const FilterValue& v : filter.term.any_of) {
        if (v.kind == FilterValue::Kind::kRange)
          r = Union(r, RangeOfValue(v));
        else
          return kUnbounded;
      }
      return r;
    }
  }
  return kUnbounded;
}

}  // namespace vigil
