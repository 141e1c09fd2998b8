// Viewer tokens: short-lived, signed credentials that let a platform embed
// the audit log UI for one tenant (docs/auth.md). This header holds what a
// token says (its claims) and their JSON form; viewer_token_signer.h mints
// and verifies tokens.
//
// Claims JSON (member order fixed; optional members left out when empty):
//   {"v":1,"id":"tok_…","tenant":"acme","scopes":["read","export"],
//    "workspace":"ws_1","environment":"production","actor":"ada@example.com",
//    "iat":<issued, epoch ms>,"exp":<expires, epoch ms>,"key":"key_…"}
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/auth/auth_format.h"
#include "api/auth/principal.h"
#include "core/status.h"

namespace vigil::api {

// What the minting caller asks for (POST /v1/viewer-tokens).
struct ViewerTokenRequest {
  std::string tenant;                        // required
  ScopeSet scopes = ScopeBit(Scope::kRead);  // a non-empty subset of read, export
  // Filters fixed into every read made with the token; empty: not fixed.
  std::string workspace;
  std::string environment;
  std::string actor;
  int64_t ttl_ms = kDefaultViewerTokenTtlMs;  // 1 ms .. 1 hour
};

struct ViewerTokenClaims {
  int64_t version = kViewerTokenVersion;
  std::string token_id;  // "tok_" + 16 base32 characters
  std::string tenant;
  ScopeSet scopes = 0;
  std::string workspace;
  std::string environment;
  std::string actor;
  int64_t issued_at_ms = 0;
  int64_t expires_at_ms = 0;
  std::string key_id;  // the API key that minted the token
};

struct MintedViewerToken {
  std::string token;  // "vt.<claims>.<mac>"
  ViewerTokenClaims claims;
};

// The claims' canonical JSON text (above).
std::string EncodeViewerTokenClaims(const ViewerTokenClaims& claims);

// Checks claims: version 1, ids of the right form, a valid tenant, scopes a
// non-empty subset of read and export, a lower-case environment, fixed
// filters of at most 256 bytes without control characters, and
// iat < exp <= iat + 1 hour. InvalidArgument naming the member otherwise.
Status ValidateViewerTokenClaims(const ViewerTokenClaims& claims);

// Parses claims JSON (every member known and of the right type, the required
// ones present) and checks it with ValidateViewerTokenClaims.
// InvalidArgument naming the member otherwise.
Result<ViewerTokenClaims> DecodeViewerTokenClaims(std::string_view json);

}  // namespace vigil::api
