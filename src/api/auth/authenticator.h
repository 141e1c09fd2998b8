// Authenticator: turns a request's Authorization header into the Principal
// every handler receives (principal.h).
//
//   Authorization: Bearer vk_…   an API key (api_key_store.h)
//   Authorization: Bearer vt.…   a viewer token (viewer_token_signer.h); valid
//                                only while the API key that minted it exists
//                                and is not revoked
// Credentials are read from this header only, never from a query parameter
// (the embedded UI reads its token from the URL fragment and sends it here);
// a download link (api/export_links.h) keeps the header it was made with and
// passes it back through Authenticate when it is used.
//
// Thread-safe; borrows the store and signer, which must outlive it.
#pragma once

#include <optional>
#include <string_view>

#include "api/auth/api_key_store.h"
#include "api/auth/principal.h"
#include "api/auth/viewer_token_signer.h"
#include "core/status.h"

namespace vigil::api {

class Authenticator {
 public:
  Authenticator(const ApiKeyStore* keys, const ViewerTokenSigner* tokens)
      : keys_(keys), tokens_(tokens) {}

  // authorization: the header's value, nullopt when the header is absent;
  // now_ms: the request's time, against which viewer tokens expire.
  // Unauthenticated (HTTP 401) with a message naming the problem, and never
  // repeating the credential:
  //   "missing Authorization header"
  //   "Authorization header is empty"
  //   "Authorization header is not a Bearer token: expected \"Bearer vk_…\" or \"Bearer vt.…\""
  //   "unrecognized bearer token: expected an API key (vk_…) or a viewer token (vt.…)"
  //   the API key errors of ApiKeyStore::Authenticate (malformed, unknown, revoked)
  //   the viewer token errors of ViewerTokenSigner::Verify (malformed, bad
  //   signature, expired, not yet valid), and
  //   "viewer token was minted by API key key_…, which was revoked at …" /
  //   "…, which does not exist".
  // A viewer token's principal: kind kViewerToken, tenant, scopes (those of
  // the claims that the minting key still has), environments ({environment}
  // when fixed), workspace, actor, token_id, expires_ms; key_id and name are
  // the minting key's.
  Result<Principal> Authenticate(std::optional<std::string_view> authorization,
                                 int64_t now_ms) const;

  // The same for a bare credential ("vk_…" or "vt.…").
  Result<Principal> AuthenticateBearer(std::string_view credential, int64_t now_ms) const;

 private:
  Result<Principal> ApiKeyPrincipal(std::string_view secret) const;
  Result<Principal> ViewerTokenPrincipal(std::string_view token, int64_t now_ms) const;

  const ApiKeyStore* keys_;
  const ViewerTokenSigner* tokens_;
};

}  // namespace vigil::api
