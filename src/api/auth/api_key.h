// ApiKey: the public record of an API key — everything but its secret and
// the secret's hash, so that nothing built from it (lists, audit records,
// responses) can leak either.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/auth/principal.h"
#include "core/json_writer.h"

namespace vigil::api {

// What the creator of a key chooses.
struct ApiKeySpec {
  std::string name;     // 1..128 bytes, no control characters
  ScopeSet scopes = 0;  // not empty
  // The only tenant the key may touch; empty: every tenant (an operator key).
  std::string tenant;
  // Environments the key may touch; empty: any. Stored lower-cased.
  std::vector<std::string> environments;
};

struct ApiKey {
  std::string id;  // "key_" + 16 base32 characters; public
  std::string name;
  ScopeSet scopes = 0;
  std::string tenant;
  std::vector<std::string> environments;
  int64_t created_at_ms = 0;
  std::string created_by;                // "cli", or the id of the key that created it
  std::optional<int64_t> revoked_at_ms;  // set once revoked; never cleared

  bool revoked() const { return revoked_at_ms.has_value(); }
};

// The result of creating a key: its secret, shown to the creator once and
// never stored, and its record.
struct CreatedApiKey {
  std::string secret;  // "vk_" + 43 base64url characters
  ApiKey key;
};

// Writes key's public record as one JSON object, for lists and responses
// (never a secret or a hash):
//   {"id":"key_…","name":"…","scopes":["read","export"],"tenant":"acme",
//    "environments":["production"],"created_at":"<RFC 3339>","created_by":"cli",
//    "revoked_at":"<RFC 3339>"}
// tenant is left out for an operator key (every tenant), environments for a
// key that may touch any environment, revoked_at for an active key (the
// ApiKey schema of docs/openapi.json).
void WriteApiKeyJson(const ApiKey& key, JsonWriter* w);

}  // namespace vigil::api
