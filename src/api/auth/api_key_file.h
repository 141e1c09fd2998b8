// The API key file, DIR/auth/keys.json (docs/auth.md): every key ever
// created, with the SHA-256 of its secret and never the secret itself.
//
//   {"format":"vigil api keys","version":1,"keys":[
//   {"id":"key_…","name":"…","sha256":"<64 hex>","scopes":["read"],
//    "tenant":"…","environments":["production"],"created_at":"<RFC 3339>",
//    "created_by":"cli","revoked_at":"<RFC 3339>"}
//   ]}
// tenant, environments and revoked_at are left out when empty / not revoked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/auth/api_key.h"
#include "api/auth/auth_crypto.h"
#include "core/status.h"

namespace vigil::api {

// A key as stored: its record and the SHA-256 of its secret.
struct StoredApiKey {
  ApiKey key;
  Sha256Digest hash{};
};

// The file's text, keys in the given order (one per line).
std::string EncodeApiKeyFile(const std::vector<StoredApiKey>& keys);

// Parses the file's text. Corruption naming path, the key's index and the
// field for anything that breaks the format: bad JSON, wrong format or
// version, unknown or missing members, invalid values, repeated ids or hashes.
Result<std::vector<StoredApiKey>> DecodeApiKeyFile(std::string_view text, std::string_view path);

}  // namespace vigil::api
