#include "store/segment/segment_column.h"

#include <array>

namespace vigil {
namespace {

struct ColumnInfo {
  SegmentColumn column;
  std::string_view name;
  SegmentColumnType type;
};

// In id order: kColumns[i].column has id i.
constexpr std::array<ColumnInfo, kSegmentColumnCount> kColumns = {{
    {SegmentColumn::kSeq, "seq", SegmentColumnType::kUint64},
    {SegmentColumn::kTime, "time", SegmentColumnType::kInt64},
    {SegmentColumn::kReceivedAt, "received_at", SegmentColumnType::kInt64},
    {SegmentColumn::kStatus, "status", SegmentColumnType::kStatus},
    {SegmentColumn::kDurationMs, "context.duration_ms", SegmentColumnType::kOptionalDouble},
    {SegmentColumn::kGeoLat, "geo.lat", SegmentColumnType::kOptionalDouble},
    {SegmentColumn::kGeoLon, "geo.lon", SegmentColumnType::kOptionalDouble},
    {SegmentColumn::kResources, "resources", SegmentColumnType::kResources},
    {SegmentColumn::kId, "id", SegmentColumnType::kString},
    {SegmentColumn::kTenant, "tenant", SegmentColumnType::kString},
    {SegmentColumn::kEnvironment, "environment", SegmentColumnType::kString},
    {SegmentColumn::kWorkspaceId, "workspace.id", SegmentColumnType::kString},
    {SegmentColumn::kWorkspaceName, "workspace.name", SegmentColumnType::kString},
    {SegmentColumn::kAction, "action", SegmentColumnType::kString},
    {SegmentColumn::kCategory, "category", SegmentColumnType::kString},
    {SegmentColumn::kOperation, "operation", SegmentColumnType::kString},
    {SegmentColumn::kActorId, "actor.id", SegmentColumnType::kString},
    {SegmentColumn::kActorName, "actor.name", SegmentColumnType::kString},
    {SegmentColumn::kActorEmail, "actor.email", SegmentColumnType::kString},
    {SegmentColumn::kActorType, "actor.type", SegmentColumnType::kString},
    {SegmentColumn::kActorRole, "actor.role", SegmentColumnType::kString},
    {SegmentColumn::kActorStatus, "actor.status", SegmentColumnType::kString},
    {SegmentColumn::kTargetType, "target.type", SegmentColumnType::kString},
    {SegmentColumn::kTargetId, "target.id", SegmentColumnType::kString},
    {SegmentColumn::kTargetName, "target.name", SegmentColumnType::kString},
    {SegmentColumn::kTargetParentType, "target.parent.type", SegmentColumnType::kString},
    {SegmentColumn::kTargetParentId, "target.parent.id", SegmentColumnType::kString},
    {SegmentColumn::kTargetParentName, "target.parent.name", SegmentColumnType::kString},
    {SegmentColumn::kIp, "context.ip", SegmentColumnType::kString},
    {SegmentColumn::kUserAgent, "context.user_agent", SegmentColumnType::kString},
    {SegmentColumn::kMethod, "context.method", SegmentColumnType::kString},
    {SegmentColumn::kPath, "context.path", SegmentColumnType::kString},
    {SegmentColumn::kRequestId, "context.request_id", SegmentColumnType::kString},
    {SegmentColumn::kSessionId, "context.session_id", SegmentColumnType::kString},
    {SegmentColumn::kDescription, "description", SegmentColumnType::kString},
    {SegmentColumn::kChanges, "changes", SegmentColumnType::kString},
    {SegmentColumn::kMetadata, "metadata", SegmentColumnType::kString},
    {SegmentColumn::kGeoCountry, "geo.country", SegmentColumnType::kString},
    {SegmentColumn::kGeoRegion, "geo.region", SegmentColumnType::kString},
    {SegmentColumn::kGeoCity, "geo.city", SegmentColumnType::kString},
    {SegmentColumn::kSealKey, "seal.key", SegmentColumnType::kString},
    {SegmentColumn::kSealRedacted, "seal.redacted", SegmentColumnType::kString},
    {SegmentColumn::kGeoLabel, "geo.label", SegmentColumnType::kString},
    {SegmentColumn::kUaBrowser, "ua.browser", SegmentColumnType::kString},
    {SegmentColumn::kUaBrowserVersion, "ua.browser_version", SegmentColumnType::kString},
    {SegmentColumn::kUaOs, "ua.os", SegmentColumnType::kString},
    {SegmentColumn::kUaOsVersion, "ua.os_version", SegmentColumnType::kString},
    {SegmentColumn::kUaDeviceClass, "ua.device.class", SegmentColumnType::kString},
    {SegmentColumn::kUaDeviceBrand, "ua.device.brand", SegmentColumnType::kString},
    {SegmentColumn::kUaDeviceModel, "ua.device.model", SegmentColumnType::kString},
    {SegmentColumn::kUaEngine, "ua.engine", SegmentColumnType::kString},
    {SegmentColumn::kUaWebview, "ua.webview", SegmentColumnType::kString},
    {SegmentColumn::kDiff, "diff", SegmentColumnType::kString},
    {SegmentColumn::kSealPaths, "seal.paths", SegmentColumnType::kString},
}};

constexpr bool IdsMatchPositions() {
  for (size_t i = 0; i < kColumns.size(); ++i) {
    if (ColumnId(kColumns[i].column) != i) return false;
  }
  return true;
}
static_assert(IdsMatchPositions(), "kColumns must list every column in id order");

constexpr size_t CountStringColumns() {
  size_t n = 0;
  for (const ColumnInfo& c : kColumns) n += c.type == SegmentColumnType::kString ? 1 : 0;
  return n;
}
// Fails when core/event_fields.h gains or loses a string field: give the new
// field a new column id, bump kFormatVersion and update docs/format/segment.md.
static_assert(CountStringColumns() == kStringFieldCount,
              "every StringField needs exactly one segment column");

// StringField <-> column, matched by name once.
struct StringFieldColumns {
  std::array<SegmentColumn, kStringFieldCount> by_field{};
  std::array<std::optional<StringField>, kSegmentColumnCount> by_column{};
  StringFieldColumns() {
    for (const StringFieldInfo& f : AllStringFields()) {
      // Every field has a column: the names are pinned by segment_column_test.cc.
      SegmentColumn c = ColumnByName(f.name).value();
      by_field[static_cast<size_t>(f.field)] = c;
      by_column[ColumnId(c)] = f.field;
    }
  }
};

const StringFieldColumns& StringFieldTable() {
  static const StringFieldColumns table;
  return table;
}

}  // namespace

SegmentColumnType ColumnType(SegmentColumn c) { return kColumns[ColumnId(c)].type; }

std::string_view ColumnName(SegmentColumn c) { return kColumns[ColumnId(c)].name; }

std::optional<SegmentColumn> ColumnByName(std::string_view name) {
  for (const ColumnInfo& c : kColumns) {
    if (c.name == name) return c.column;
  }
  return std::nullopt;
}

std::optional<SegmentColumn> ColumnById(uint8_t id) {
  if (id >= kColumns.size()) return std::nullopt;
  return kColumns[id].column;
}

SegmentColumn ColumnForStringField(StringField f) {
  return StringFieldTable().by_field[static_cast<size_t>(f)];
}

std::optional<StringField> StringFieldForColumn(SegmentColumn c) {
  return StringFieldTable().by_column[ColumnId(c)];
}

}  // namespace vigil
