// What a key or viewer token may be bound to: tenant and environment names
// (the same rules as events' fields, core/event_parser.cc) and key names.
// Errors are InvalidArgument and start with the field's name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace vigil::api {

// A non-empty tenant of at most 128 bytes of letters, digits and . _ : @ -,
// not starting with '_' unless it is the operator tenant "_system".
Status ValidateTenant(std::string_view tenant);

// An environment of at most 64 bytes of letters, digits and . _ -, returned
// lower-cased (events store environments lower-cased).
Result<std::string> NormalizeEnvironment(std::string_view environment);

// Normalizes each entry, drops repeats (keeping first-seen order) and checks
// the count (at most 32). Errors name the entry: "environments[2]: ...".
Status NormalizeEnvironments(std::vector<std::string>* environments);

// "production,staging" (spaces around names ignored) → normalized list.
Result<std::vector<std::string>> ParseEnvironmentList(std::string_view text);

// A key's display name: 1 to 128 bytes, no control characters.
Status ValidateKeyName(std::string_view name);

}  // namespace vigil::api
