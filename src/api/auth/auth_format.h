// Constants of the credential formats: API keys, the key file, viewer tokens
// and the viewer-token secret (spec: docs/auth.md). Constants only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vigil::api {

// API keys: "vk_" then 43 base64url characters (no padding) of 32 random
// bytes. Only SHA-256 of the whole key text is stored.
inline constexpr std::string_view kApiKeyPrefix = "vk_";
inline constexpr size_t kApiKeySecretBytes = 32;
inline constexpr size_t kApiKeySecretChars = 43;  // base64url of 32 bytes, unpadded
inline constexpr size_t kApiKeyChars = kApiKeyPrefix.size() + kApiKeySecretChars;

// Public ids: "key_" (API keys) or "tok_" (viewer tokens) then 16 characters
// of lower-case Crockford base32 (80 random bits).
inline constexpr std::string_view kApiKeyIdPrefix = "key_";
inline constexpr std::string_view kViewerTokenIdPrefix = "tok_";
inline constexpr size_t kPublicIdRandomChars = 16;

// Files, relative to the data directory. The directory is mode 0700, the
// files 0600; both files are replaced atomically (temp file "<name>.tmp",
// fsync, rename, fsync of the directory).
inline constexpr std::string_view kAuthDirName = "auth";
inline constexpr std::string_view kApiKeyFileName = "keys.json";
inline constexpr std::string_view kViewerTokenKeyFileName = "viewer-token.key";
inline constexpr std::string_view kTempFileSuffix = ".tmp";

// keys.json: {"format":"vigil api keys","version":1,"keys":[...]}.
inline constexpr std::string_view kApiKeyFileFormat = "vigil api keys";
inline constexpr int64_t kApiKeyFileVersion = 1;

// viewer-token.key: exactly 32 random bytes, the HMAC-SHA256 key.
inline constexpr size_t kViewerTokenSecretBytes = 32;

// Viewer tokens: "vt." base64url(claims JSON) "." base64url(HMAC-SHA256 of
// everything before the second dot). Both parts unpadded.
inline constexpr std::string_view kViewerTokenPrefix = "vt.";
inline constexpr int64_t kViewerTokenVersion = 1;
inline constexpr size_t kViewerTokenMacChars = 43;  // base64url of 32 bytes
inline constexpr size_t kMaxViewerTokenBytes = 4096;
inline constexpr int64_t kDefaultViewerTokenTtlMs = 15 * 60 * 1000;
inline constexpr int64_t kMaxViewerTokenTtlMs = 60 * 60 * 1000;
// A token whose issue time is this far in the future (clock stepped back) is
// "not yet valid".
inline constexpr int64_t kViewerTokenClockSkewMs = 60 * 1000;

// Limits on what a key or token carries.
inline constexpr size_t kMaxKeyNameBytes = 128;
inline constexpr size_t kMaxTenantBytes = 128;
inline constexpr size_t kMaxEnvironmentBytes = 64;
inline constexpr size_t kMaxKeyEnvironments = 32;
inline constexpr size_t kMaxFixedFilterBytes = 256;  // viewer token workspace / actor

// The operator's own tenant (read and export audit records go there); the
// only tenant name starting with '_' a key or token may be bound to.
inline constexpr std::string_view kOperatorTenant = "_system";

}  // namespace vigil::api
