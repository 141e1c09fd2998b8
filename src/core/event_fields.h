// The string fields of an Event, by id and dotted name: one table that the
// segment columns, CSV export and facets all walk instead of repeating the
// field list.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

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
  kMetadata,  // canonical JSON text
  kGeoCountry,
  kGeoRegion,
  kGeoCity,
};

inline constexpr size_t kStringFieldCount = static_cast<size_t>(StringField::kGeoCity) + 1;

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

}  // namespace vigil
