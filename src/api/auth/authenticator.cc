#include "api/auth/authenticator.h"

#include <fmt/format.h>

#include <algorithm>

#include "api/auth/auth_format.h"
#include "core/ascii.h"
#include "core/timestamp.h"

namespace vigil::api {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<Principal> Authenticator::Authenticate(std::optional<std::string_view> authorization,
                                              int64_t now_ms) const {
  if (!authorization) return Status::Unauthenticated("missing Authorization header");
  std::string_view value = TrimSpaces(*authorization);
  if (value.empty()) return Status::Unauthenticated("Authorization header is empty");
  // The scheme is case-insensitive (RFC 7235 §2.1); one or more spaces follow it.
  constexpr std::string_view kScheme = "Bearer";
  if (value.size() <= kScheme.size() ||
      !EqualsIgnoreAsciiCase(value.substr(0, kScheme.size()), kScheme) ||
      !IsSpace(value[kScheme.size()])) {
    return Status::Unauthenticated(
        "Authorization header is not a Bearer token: expected \"Bearer vk_…\" (an API key) or "
        "\"Bearer vt.…\" (a viewer token)");
  }
  return AuthenticateBearer(TrimSpaces(value.substr(kScheme.size())), now_ms);
}

Result<Principal> Authenticator::AuthenticateBearer(std::string_view credential,
                                                    int64_t now_ms) const {
  if (credential.starts_with(kApiKeyPrefix)) return ApiKeyPrincipal(credential);
  if (credential.starts_with(kViewerTokenPrefix)) return ViewerTokenPrincipal(credential, now_ms);
  return Status::Unauthenticated(
      "unrecognized bearer token: expected an API key (vk_…) or a viewer token (vt.…)");
}

Result<Principal> Authenticator::ApiKeyPrincipal(std::string_view secret) const {
  ASSIGN_OR_RETURN(ApiKey key, keys_->Authenticate(secret));
  Principal p;
  p.kind = Principal::Kind::kApiKey;
  p.key_id = std::move(key.id);
  p.name = std::move(key.name);
  p.scopes = key.scopes;
  p.tenant = std::move(key.tenant);
  p.environments = std::move(key.environments);
  return p;
}

Result<Principal> Authenticator::ViewerTokenPrincipal(std::string_view token,
                                                      int64_t now_ms) const {
  ASSIGN_OR_RETURN(ViewerTokenClaims claims, tokens_->Verify(token, now_ms));
  Result<ApiKey> key = keys_->Get(claims.key_id);
  if (!key.ok()) {
    return Status::Unauthenticated(
        fmt::format("viewer token was minted by API key {}, which does not exist", claims.key_id));
  }
  if (key->revoked()) {
    return Status::Unauthenticated(
        fmt::format("viewer token was minted by API key {}, which was revoked at {}", key->id,
                    FormatRfc3339(*key->revoked_at_ms)));
  }
  // Defense in depth: the signature already vouches for these.
  if (!key->tenant.empty() && key->tenant != claims.tenant) {
    return Status::Unauthenticated(
        fmt::format("viewer token names a tenant its minting API key {} is not bound to", key->id));
  }
  Principal p;
  p.kind = Principal::Kind::kViewerToken;
  p.key_id = std::move(claims.key_id);
  p.name = std::move(key->name);
  p.scopes = claims.scopes & key->scopes;
  p.tenant = std::move(claims.tenant);
  if (!claims.environment.empty()) {
    if (!key->environments.empty() && std::find(key->environments.begin(), key->environments.end(),
                                                claims.environment) == key->environments.end()) {
      return Status::Unauthenticated(fmt::format(
          "viewer token names an environment its minting API key {} may not touch", key->id));
    }
    p.environments.push_back(std::move(claims.environment));
  } else {
    p.environments = key->environments;
  }
  p.workspace = std::move(claims.workspace);
  p.actor = std::move(claims.actor);
  p.token_id = std::move(claims.token_id);
  p.expires_ms = claims.expires_at_ms;
  if (p.scopes == 0) {
    return Status::Unauthenticated(fmt::format(
        "viewer token's scopes are no longer held by its minting API key {}", p.key_id));
  }
  return p;
}

}  // namespace vigil::api
