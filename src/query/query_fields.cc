#include "query/query_fields.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace vigil {
namespace {

struct FieldName {
  std::string_view name;
  FilterField field;
  bool canonical;
};

constexpr std::array<FieldName, 23> kFieldNames = {{
    {"id", FilterField::kId, true},
    {"tenant", FilterField::kTenant, true},
    {"environment", FilterField::kEnvironment, true},
    {"env", FilterField::kEnvironment, false},
    {"workspace", FilterField::kWorkspace, true},
    {"action", FilterField::kAction, true},
    {"category", FilterField::kCategory, true},
    {"operation", FilterField::kOperation, true},
    {"status", FilterField::kStatus, true},
    {"actor", FilterField::kActor, true},
    {"user", FilterField::kActor, false},
    {"actor.role", FilterField::kActorRole, true},
    {"actor.type", FilterField::kActorType, true},
    {"actor.status", FilterField::kActorStatus, true},
    {"target", FilterField::kTarget, true},
    {"target.type", FilterField::kTargetType, true},
    {"resource", FilterField::kResource, true},
    {"method", FilterField::kMethod, true},
    {"path", FilterField::kPath, true},
    {"ip", FilterField::kIp, true},
    {"country", FilterField::kCountry, true},
    {"duration", FilterField::kDuration, true},
    {"time", FilterField::kTime, true},
}};

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), LowerAscii);
  return out;
}

// Levenshtein distance; the inputs are field names (short, bounded by the query length).
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<FilterField> LookupQueryField(std::string_view name) {
  if (name.size() > 16) return std::nullopt;
  std::string lower = ToLower(name);
  for (const FieldName& f : kFieldNames) {
    if (f.name == lower) return f.field;
  }
  return std::nullopt;
}

std::string_view QueryFieldName(FilterField field) {
  for (const FieldName& f : kFieldNames) {
    if (f.canonical && f.field == field) return f.name;
  }
  return {};
}

std::string_view SuggestQueryField(std::string_view name) {
  if (name.size() > 64) return {};
  std::string lower = ToLower(name);
  std::string_view best;
  size_t best_distance = lower.size() <= 4 ? 1 : 2;
  for (const FieldName& f : kFieldNames) {
    size_t d = EditDistance(lower, f.name);
    if (d <= best_distance && (best.empty() || d < best_distance)) {
      best = QueryFieldName(f.field);
      best_distance = d;
    }
  }
  if (!best.empty()) return best;
  size_t dot = lower.find('.');
  if (dot != std::string::npos) {
    if (auto f = LookupQueryField(std::string_view(lower).substr(0, dot)))
      return QueryFieldName(*f);
    if (auto f = LookupQueryField(std::string_view(lower).substr(lower.rfind('.') + 1))) {
      return QueryFieldName(*f);
    }
  }
  return {};
}

}  // namespace vigil
