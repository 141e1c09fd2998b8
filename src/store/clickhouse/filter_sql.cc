#include "store/clickhouse/filter_sql.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include "core/ascii.h"
#include "store/clickhouse/event_row.h"
#include "store/clickhouse/sql_text.h"

namespace vigil::clickhouse {
namespace {

constexpr std::string_view kFalse = "0";

// Exact or prefix match of one String column; "" never matches.
std::string StringSql(const FilterValue& v, std::string_view column, bool ignore_case = false) {
  const std::string col = ignore_case ? fmt::format("lower({})", column) : std::string(column);
  std::string text = v.text;
  if (ignore_case) ToLowerAscii(&text);
  switch (v.kind) {
    case FilterValue::Kind::kExact:
      if (text.empty()) return std::string(kFalse);
      return fmt::format("{} = {}", col, Quote(text));
    case FilterValue::Kind::kPrefix:
      if (text.empty()) return fmt::format("{} != ''", column);
      return fmt::format("substring({}, 1, {}) = {}", col, text.size(), Quote(text));
    default:
      return std::string(kFalse);
  }
}

std::string AnyOf(const std::vector<std::string>& parts) {
  if (parts.size() == 1) return parts.front();
  std::string out = "(";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += " OR ";
    out += parts[i];
  }
  return out + ")";
}

std::string Number(double x) { return fmt::format("{:.17g}", x); }

// lo <= column < hi per the value's inclusive flags; infinite ends omitted.
std::string RangeSql(const FilterValue& v, std::string_view column) {
  if (v.kind != FilterValue::Kind::kRange) return std::string(kFalse);
  std::vector<std::string> parts;
  if (std::isfinite(v.lo)) {
    parts.push_back(fmt::format("{} {} {}", column, v.lo_inclusive ? ">=" : ">", Number(v.lo)));
  }
  if (std::isfinite(v.hi)) {
    parts.push_back(fmt::format("{} {} {}", column, v.hi_inclusive ? "<=" : "<", Number(v.hi)));
  }
  if (std::isnan(v.lo) || std::isnan(v.hi)) return std::string(kFalse);
  if (parts.empty()) return "1";
  return parts.size() == 1 ? parts[0] : "(" + parts[0] + " AND " + parts[1] + ")";
}

// time_ms is an integer: bounds rounded to integers so the comparison is exact.
std::string TimeSql(const FilterValue& v) {
  if (v.kind != FilterValue::Kind::kRange || std::isnan(v.lo) || std::isnan(v.hi)) {
    return std::string(kFalse);
  }
  constexpr double kMax = 9.2e18;  // inside int64
  std::vector<std::string> parts;
  if (std::isfinite(v.lo) && std::fabs(v.lo) < kMax) {
    const double first = v.lo_inclusive ? std::ceil(v.lo) : std::floor(v.lo) + 1;
    parts.push_back(fmt::format("time_ms >= {}", static_cast<int64_t>(first)));
  } else if (std::isfinite(v.lo) && v.lo > 0) {
    return std::string(kFalse);
  }
  if (std::isfinite(v.hi) && std::fabs(v.hi) < kMax) {
    const double last = v.hi_inclusive ? std::floor(v.hi) : std::ceil(v.hi) - 1;
    parts.push_back(fmt::format("time_ms <= {}", static_cast<int64_t>(last)));
  } else if (std::isfinite(v.hi) && v.hi < 0) {
    return std::string(kFalse);
  }
  if (parts.empty()) return "1";
  return parts.size() == 1 ? parts[0] : "(" + parts[0] + " AND " + parts[1] + ")";
}

std::string CidrSql(const FilterValue& v) {
  const size_t bytes = v.family == 4 ? 4 : 16;
  std::string lo(16, '\0'), hi(16, '\0');
  int bits = v.prefix_bits;
  for (size_t i = 0; i < bytes; ++i, bits -= 8) {
    const uint8_t mask = bits >= 8   ? 0xFF
                         : bits <= 0 ? 0
                                     : static_cast<uint8_t>(0xFF << (8 - bits));
    lo[i] = static_cast<char>(v.address[i] & mask);
    hi[i] = static_cast<char>((v.address[i] & mask) | static_cast<uint8_t>(~mask));
  }
  return fmt::format(
      "(ip_family = {} AND ip_bytes >= toFixedString({}, 16) AND ip_bytes <= "
      "toFixedString({}, 16))",
      v.family, Quote(lo), Quote(hi));
}

std::string PhraseSql(const FilterValue& v) {
  if (v.kind != FilterValue::Kind::kPhrase || v.tokens.empty()) return std::string(kFalse);
  std::string needle;
  for (const std::string& t : v.tokens) {
    needle += ' ';
    needle += EscapeToken(t);
  }
  if (!v.last_token_is_prefix) needle += ' ';
  return fmt::format("position(text_tokens, {}) > 0", Quote(needle));
}

std::string ColumnOf(StringField f) { return *StringFieldColumn(f); }

std::string ValueSql(FilterField field, const FilterValue& v) {
  using F = FilterField;
  switch (field) {
    case F::kId:
      return StringSql(v, "id");
    case F::kTenant:
      return StringSql(v, "tenant");
    case F::kEnvironment:
      return StringSql(v, ColumnOf(StringField::kEnvironment));
    case F::kWorkspace:
      return AnyOf({StringSql(v, ColumnOf(StringField::kWorkspaceId)),
                    StringSql(v, ColumnOf(StringField::kWorkspaceName))});
    case F::kAction:
      return StringSql(v, ColumnOf(StringField::kAction));
    case F::kCategory:
      return StringSql(v, ColumnOf(StringField::kCategory));
    case F::kOperation:
      return StringSql(v, ColumnOf(StringField::kOperation));
    case F::kStatus:
      return StringSql(v, "status");
    case F::kActor:
      return AnyOf({StringSql(v, ColumnOf(StringField::kActorId)),
                    StringSql(v, ColumnOf(StringField::kActorEmail), true),
                    StringSql(v, ColumnOf(StringField::kActorName))});
    case F::kActorRole:
      return StringSql(v, ColumnOf(StringField::kActorRole));
    case F::kActorType:
      return StringSql(v, ColumnOf(StringField::kActorType));
    case F::kActorStatus:
      return StringSql(v, ColumnOf(StringField::kActorStatus));
    case F::kTarget:
      return StringSql(v, ColumnOf(StringField::kTargetId));
    case F::kTargetType:
      return StringSql(v, ColumnOf(StringField::kTargetType));
    case F::kResource:
      return AnyOf({StringSql(v, ColumnOf(StringField::kTargetId)),
                    StringSql(v, ColumnOf(StringField::kTargetParentId)),
                    fmt::format("arrayExists(r -> {}, resource_ids)", StringSql(v, "r"))});
    case F::kMethod:
      return StringSql(v, ColumnOf(StringField::kMethod));
    case F::kPath:
      return StringSql(v, ColumnOf(StringField::kPath));
    case F::kIp:
      return v.kind == FilterValue::Kind::kCidr ? CidrSql(v)
                                                : StringSql(v, ColumnOf(StringField::kIp));
    case F::kCountry:
      return StringSql(v, ColumnOf(StringField::kGeoCountry));
    case F::kDuration:
      return fmt::format("(has_duration = 1 AND {})", RangeSql(v, "duration_ms"));
    case F::kTime:
      return TimeSql(v);
    case F::kText:
      return PhraseSql(v);
  }
  return std::string(kFalse);
}

std::string NodeSql(const FilterNode& node) {
  switch (node.op) {
    case FilterNode::Op::kAll:
      return "1";
    case FilterNode::Op::kAnd:
    case FilterNode::Op::kOr: {
      std::string out = "(";
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out += node.op == FilterNode::Op::kAnd ? " AND " : " OR ";
        out += NodeSql(node.children[i]);
      }
      return out + ")";
    }
    case FilterNode::Op::kNot:
      return "NOT (" + NodeSql(node.children.front()) + ")";
    case FilterNode::Op::kTerm: {
      std::vector<std::string> parts;
      for (const FilterValue& v : node.term.any_of) parts.push_back(ValueSql(node.term.field, v));
      if (parts.empty()) return std::string(kFalse);
      return AnyOf(parts);
    }
  }
  return std::string(kFalse);
}

}  // namespace

std::string FilterSql(const Filter& filter) { return NodeSql(filter); }

std::string ScopeSql(const ReadScope& scope) {
  std::vector<std::string> parts;
  if (!scope.tenant.empty()) parts.push_back("tenant = " + Quote(scope.tenant));
  const TimeRange r = scope.Bounds();
  if (r.Empty()) return std::string(kFalse);
  if (r.from_ms != std::numeric_limits<int64_t>::min()) {
    parts.push_back(fmt::format("time_ms >= {}", r.from_ms));
  }
  if (r.to_ms != std::numeric_limits<int64_t>::max()) {
    parts.push_back(fmt::format("time_ms < {}", r.to_ms));
  }
  if (scope.filter.op != FilterNode::Op::kAll) parts.push_back(FilterSql(scope.filter));
  if (parts.empty()) return "1";
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += " AND ";
    out += parts[i];
  }
  return out;
}

}  // namespace vigil::clickhouse
