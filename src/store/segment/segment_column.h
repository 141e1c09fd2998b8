// SegmentColumn: the columns of a segment, one per field of an Event.
//
// The enum values are the column ids stored on disk (docs/format/segment.md
// "Columns"): never renumber or reuse one. A new Event field needs a new id,
// a new format version and a doc update. String columns are matched to
// core/event_fields.h by dotted name, not by StringField's numbering, so
// reordering that enum cannot change the file format; segment_column.cc fails
// to compile when event_fields.h gains a field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/event_fields.h"

namespace vigil {

enum class SegmentColumn : uint8_t {
  kSeq = 0,         // uint64
  kTime = 1,        // int64, time_ms
  kReceivedAt = 2,  // int64, received_at_ms
  kStatus = 3,      // EventStatus, one byte
  kDurationMs = 4,  // optional double, context.duration_ms
  kGeoLat = 5,      // optional double
  kGeoLon = 6,      // optional double
  kResources = 7,   // vector<ResourceRef>
  // One string column per StringField (the comment is its dotted name):
  kId = 8,                 // id
  kTenant = 9,             // tenant
  kEnvironment = 10,       // environment
  kWorkspaceId = 11,       // workspace.id
  kWorkspaceName = 12,     // workspace.name
  kAction = 13,            // action
  kCategory = 14,          // category
  kOperation = 15,         // operation
  kActorId = 16,           // actor.id
  kActorName = 17,         // actor.name
  kActorEmail = 18,        // actor.email
  kActorType = 19,         // actor.type
  kActorRole = 20,         // actor.role
  kActorStatus = 21,       // actor.status
  kTargetType = 22,        // target.type
  kTargetId = 23,          // target.id
  kTargetName = 24,        // target.name
  kTargetParentType = 25,  // target.parent.type
  kTargetParentId = 26,    // target.parent.id
  kTargetParentName = 27,  // target.parent.name
  kIp = 28,                // context.ip
  kUserAgent = 29,         // context.user_agent
  kMethod = 30,            // context.method
  kPath = 31,              // context.path
  kRequestId = 32,         // context.request_id
  kSessionId = 33,         // context.session_id
  kDescription = 34,       // description
  kChanges = 35,           // changes
  kMetadata = 36,          // metadata
  kGeoCountry = 37,        // geo.country
  kGeoRegion = 38,         // geo.region
  kGeoCity = 39,           // geo.city
  kSealKey = 40,           // seal.key (since v2)
  kSealRedacted = 41,      // seal.redacted (since v2)
  kGeoLabel = 42,          // geo.label (since v3)
  kUaBrowser = 43,         // ua.browser (since v3)
  kUaBrowserVersion = 44,  // ua.browser_version (since v3)
  kUaOs = 45,              // ua.os (since v3)
  kUaOsVersion = 46,       // ua.os_version (since v3)
  kUaDeviceClass = 47,     // ua.device.class (since v3)
  kUaDeviceBrand = 48,     // ua.device.brand (since v3)
  kUaDeviceModel = 49,     // ua.device.model (since v3)
  kUaEngine = 50,          // ua.engine (since v3)
  kUaWebview = 51,         // ua.webview (since v3)
  kDiff = 52,              // diff (since v3)
  kSealPaths = 53,         // seal.paths (since v3)
};

inline constexpr size_t kSegmentColumnCount = 54;

inline constexpr uint8_t ColumnId(SegmentColumn c) { return static_cast<uint8_t>(c); }

// What kind of values a column holds; decides which encodings it may use.
// (The encodings allowed for each: segment_format.h, ColumnEncoding.)
enum class SegmentColumnType : uint8_t {
  kUint64,          // kDeltaVarint
  kInt64,           // kDeltaVarint
  kStatus,          // kByte
  kOptionalDouble,  // kPlainDouble or kDecimalDouble
  kResources,       // kResourceList
  kString,          // kPlainString, or kDictionaryCodes with a kStringDictionary
};

SegmentColumnType ColumnType(SegmentColumn c);

// The dotted field name, as in the JSON form and event_fields.h: "seq", "time",
// "received_at", "status", "context.duration_ms", "geo.lat", "geo.lon",
// "resources", "actor.email", … The view is static.
std::string_view ColumnName(SegmentColumn c);
std::optional<SegmentColumn> ColumnByName(std::string_view name);

// The column with on-disk id `id`, or nullopt when this version has no such column.
std::optional<SegmentColumn> ColumnById(uint8_t id);

// The column holding a string field, and back (nullopt for non-string columns).
SegmentColumn ColumnForStringField(StringField f);
std::optional<StringField> StringFieldForColumn(SegmentColumn c);

}  // namespace vigil
