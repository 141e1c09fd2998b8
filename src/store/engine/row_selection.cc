#include "store/engine/row_selection.h"

#include <algorithm>
#include <optional>
#include <string>

#include "core/ascii.h"
#include "store/filter_matcher.h"

namespace vigil {
namespace {

using index::IndexKey;

// The index key answering a field exactly as FilterMatcher does (the
// field's values are the key's terms), or nullopt.
std::optional<IndexKey> KeyFor(FilterField f) {
  switch (f) {
    case FilterField::kTenant:
      return IndexKey::kTenant;
    case FilterField::kEnvironment:
      return IndexKey::kEnvironment;
    case FilterField::kWorkspace:
      return IndexKey::kWorkspace;
    case FilterField::kAction:
      return IndexKey::kAction;
    case FilterField::kCategory:
      return IndexKey::kCategory;
    case FilterField::kOperation:
      return IndexKey::kOperation;
    case FilterField::kStatus:
      return IndexKey::kStatus;
    case FilterField::kActorRole:
      return IndexKey::kActorRole;
    case FilterField::kActorType:
      return IndexKey::kActorType;
    case FilterField::kTarget:
      return IndexKey::kTarget;
    case FilterField::kTargetType:
      return IndexKey::kTargetType;
    case FilterField::kResource:
      return IndexKey::kResource;
    case FilterField::kMethod:
      return IndexKey::kMethod;
    case FilterField::kPath:
      return IndexKey::kPath;
    case FilterField::kIp:
      return IndexKey::kIp;
    case FilterField::kCountry:
      return IndexKey::kCountry;
    default:
      return std::nullopt;  // kActor (two keys), kText, kId, kDuration, kTime
  }
}

class Selector {
 public:
  explicit Selector(const index::RowIndex& ix) : ix_(ix) {}

  RowSelection All(bool exact) const {
    RowSelection s;
    s.rows.addRange(0, ix_.rows());
    s.exact = exact;
    return s;
  }

  RowSelection Node(const FilterNode& n) const {
    switch (n.op) {
      case FilterNode::Op::kAll:
        return All(true);
      case FilterNode::Op::kTerm:
        return Term(n.term);
      case FilterNode::Op::kAnd: {
        RowSelection out = Node(n.children.front());
        for (size_t i = 1; i < n.children.size() && !out.rows.isEmpty(); ++i) {
          RowSelection c = Node(n.children[i]);
          out.rows &= c.rows;
          out.exact = out.exact && c.exact;
        }
        // Nothing left: exactly nothing, whatever the children's exactness.
        if (out.rows.isEmpty()) out.exact = true;
        return out;
      }
      case FilterNode::Op::kOr: {
        RowSelection out;
        out.exact = true;
        for (const FilterNode& child : n.children) {
          RowSelection c = Node(child);
          out.rows |= c.rows;
          out.exact = out.exact && c.exact;
        }
        return out;
      }
      case FilterNode::Op::kNot: {
        RowSelection c = Node(n.children.front());
        if (!c.exact) return All(false);
        c.rows.flip(0, ix_.rows());
        return c;
      }
    }
    return All(false);
  }

  RowSelection Term(const FilterTerm& t) const {
    if (t.field == FilterField::kTime || t.field == FilterField::kDuration) return Ranges(t);
    if (t.field == FilterField::kId) return All(false);
    RowSelection out;
    out.exact = true;
    for (const FilterValue& v : t.any_of) {
      if (t.field == FilterField::kText) {
        Phrase(v, &out);
      } else if (t.field == FilterField::kActor) {
        Lookup(IndexKey::kActor, v, v.text, &out);
        std::string lower = v.text;  // emails are indexed in ASCII lower case
        ToLowerAscii(&lower);
        Lookup(IndexKey::kActorEmail, v, lower, &out);
      } else if (t.field == FilterField::kIp && v.kind == FilterValue::Kind::kCidr) {
        ix_.ForEachTerm(IndexKey::kIp, [&](std::string_view ip, const index::Rows& rows) {
          if (IpInCidr(ip, v)) Add(rows, &out);
        });
      } else if (std::optional<IndexKey> k = KeyFor(t.field)) {
        Lookup(*k, v, v.text, &out);
      } else {
        return All(false);
      }
    }
    return out;
  }

 private:
  // A time or duration term: the rows of the groups whose range meets one
  // of the term's ranges (the matcher confirms each row).
  RowSelection Ranges(const FilterTerm& t) const {
    RowSelection out;
    const uint32_t rows = ix_.rows(), per_group = ix_.rows_per_group();
    for (uint32_t g = 0; g < ix_.row_groups(); ++g) {
      const index::GroupRange r = ix_.group_range(g);
      const bool time = t.field == FilterField::kTime;
      if (!time && !r.has_durations()) continue;
      const double lo = time ? static_cast<double>(r.min_time) : r.min_duration;
      const double hi = time ? static_cast<double>(r.max_time) : r.max_duration;
      for (const FilterValue& v : t.any_of) {
        if (v.kind == FilterValue::Kind::kRange && RangeMeets(v, lo, hi)) {
          out.rows.addRange(uint64_t{g} * per_group,
                            std::min<uint64_t>(rows, uint64_t{g + 1} * per_group));
          break;
        }
      }
    }
    out.exact = out.rows.isEmpty();
    return out;
  }

  // Whether some x in [lo, hi] is within v's range.
  static bool RangeMeets(const FilterValue& v, double lo, double hi) {
    const bool above_lo = v.lo_inclusive ? hi >= v.lo : hi > v.lo;
    const bool below_hi = v.hi_inclusive ? lo <= v.hi : lo < v.hi;
    return above_lo && below_hi;
  }

  static void Add(const index::Rows& found, RowSelection* out) {
    out->rows |= found.rows;
    out->exact = out->exact && found.exact;
  }

  // Exact or prefix lookup of v in k (v's text already folded as k stores it).
  void Lookup(IndexKey k, const FilterValue& v, std::string_view text, RowSelection* out) const {
    if (text.empty()) return;  // the matcher never matches an empty value
    if (v.kind == FilterValue::Kind::kExact) {
      Add(ix_.Exact(k, text), out);
    } else if (v.kind == FilterValue::Kind::kPrefix) {
      Add(ix_.Prefix(k, text), out);
    }
  }

  // A phrase: rows holding every token (the last as a prefix when so
  // marked). One token is exact; more need the matcher for adjacency.
  void Phrase(const FilterValue& v, RowSelection* out) const {
    if (v.kind != FilterValue::Kind::kPhrase || v.tokens.empty()) return;
    std::optional<index::Rows> all;
    for (size_t i = 0; i < v.tokens.size(); ++i) {
      const bool prefix = v.last_token_is_prefix && i + 1 == v.tokens.size();
      index::Rows found = prefix ? ix_.Prefix(IndexKey::kText, v.tokens[i])
                                 : ix_.Exact(IndexKey::kText, v.tokens[i]);
      if (all) {
        all->rows &= found.rows;
        all->exact = all->exact && found.exact;
      } else {
        all = std::move(found);
      }
      if (all->rows.isEmpty()) return;
    }
    all->exact = all->exact && v.tokens.size() == 1;
    Add(*all, out);
  }

  const index::RowIndex& ix_;
};

}  // namespace

RowSelection SelectRows(const index::RowIndex& ix, std::string_view tenant, const Filter& filter) {
  Selector s(ix);
  RowSelection out = s.Node(filter);
  if (!tenant.empty() && !out.rows.isEmpty()) {
    FilterTerm in_tenant{FilterField::kTenant, {FilterValue::Exact(std::string(tenant))}};
    RowSelection t = s.Term(in_tenant);
    out.rows &= t.rows;
    out.exact = out.exact && t.exact;
    if (out.rows.isEmpty()) out.exact = true;
  }
  return out;
}

}  // namespace vigil
