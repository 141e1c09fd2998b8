// The string fields of an Event, by id and dotted name: one table that the
// segment columns, CSV export and facets all walk instead of repeating the
// field list.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"

namespace vigil {

enum class StringField : uint8_t {
  kId,
  kTenant,
  kEnvironment,
  kWorkspaceId,
  kWorkspaceName,
  kAction,
  kCategory,
  kOperation,
  kActorId,
  kActorName,
  kActorEmail,
  kActorType,
  kActorRole,
  kActorStatus,
  kTargetType,
  kTargetId,
  kTargetName,
  kTargetParentType,
  kTargetParentId,
  kTargetParentName,
  kIp,
  kUserAgent,
  kMethod,
  kPath,
  kRequestId,
  kSessionId,
  kDescription,
  kChanges,   // canonical JSON text
  kDiff,      // canonical JSON text (server-derived)
  kMetadata,  // canonical JSON text
  kGeoCountry,
  kGeoRegion,
  kGeoCity,
  kGeoLabel,
  kUaBrowser,
  kUaBrowserVersion,
  kUaOs,
  kUaOsVersion,
  kUaDeviceClass,
  kUaDeviceBrand,
  kUaDeviceModel,
  kUaEngine,
  kUaWebview,
  kSealKey,       // seal.key (ledger)
  kSealPaths,     // seal.paths (ledger), canonical JSON text
  kSealRedacted,  // seal.redacted (ledger), canonical JSON text
};

inline constexpr size_t kStringFieldCount = static_cast<size_t>(StringField::kSealRedacted) + 1;

struct StringFieldInfo {
  StringField field;
  std::string_view name;  // dotted, as in the JSON form: "actor.email", "context.ip"
};

// Every string field, in enum order.
std::span<const StringFieldInfo> AllStringFields();

std::string_view StringFieldName(StringField f);
std::optional<StringField> StringFieldByName(std::string_view name);

// The field's value in e ("" when absent). The view lives as long as e.
std::string_view GetField(const Event& e, StringField f);
// The field's storage in e, to fill it.
std::string* MutableField(Event* e, StringField f);

// The personal fields: what the ledger seals (enter the leaf as salted
// commitments) and redaction erases. By path, sorted bytewise; "geo" is the
// whole server-derived location (it reveals where context.ip is).
inline constexpr std::array<std::string_view, 5> kPersonalFields = {
    "actor.email", "actor.name", "context.ip", "context.user_agent", "geo"};

// Appends the bytes a commitment covers for personal field i (an index into
// kPersonalFields): the UTF-8 value of a string field, the canonical JSON
// object of geo. Returns false (appending nothing) when e has no such value.
bool AppendPersonalValue(const Event& e, size_t i, std::string* out);
// Whether e holds any personal value (sealed metadata paths included).
bool HasPersonalValue(const Event& e);
// Erases personal field i's value from e.
void ClearPersonalValue(Event* e, size_t i);

// Personal metadata (docs/format/ledger.md "Personal metadata"): besides
// kPersonalFields, the metadata paths listed in e.seal.paths_json are
// sealed. A path segment is letters, digits, '_' or '-'; paths are written
// "metadata.a.b" and sorted bytewise, so they follow kPersonalFields in a
// sealed object.
inline constexpr std::string_view kMetadataPathPrefix = "metadata.";
// Whether p is "metadata." followed by '.'-separated segments of
// [A-Za-z0-9_-]+.
bool IsPersonalMetadataPath(std::string_view p);
// The paths of e.seal.paths_json, as written ("metadata.phone").
std::vector<std::string> SealedMetadataPaths(const Event& e);
// The paths relative to metadata ("phone"), for core/canonical_json_paths.h.
std::vector<std::string> RelativeMetadataPaths(const std::vector<std::string>& paths);
// The canonical JSON array text of sorted paths ("" for none).
std::string MetadataPathsJson(const std::vector<std::string>& paths);
// e.metadata_json without the members at `paths` (relative), "" when that
// leaves no member: the metadata of the sealed form, and after redaction.
std::string MetadataWithout(const Event& e, const std::vector<std::string>& relative_paths);

}  // namespace vigil
