// ViewerTokenSigner: mints and verifies viewer tokens (viewer_token.h) with
// HMAC-SHA256 under a 32-byte secret kept in DIR/auth/viewer-token.key
// (mode 0600). The secret is generated on first use (the first Mint) and
// reused by every later process on the same data directory; deleting the
// file (with the server stopped) invalidates every token minted so far.
//
// Token text: "vt." + base64url(claims JSON) + "." + base64url(MAC), where
// MAC = HMAC-SHA256(secret, "vt." + base64url(claims JSON)); base64url
// without padding.
//
// Verify checks, in order: the shape of the text, the MAC (CRYPTO_memcmp,
// before anything in the payload is decoded), the claims, then the time.
// Whether the minting key is still valid is the Authenticator's check.
//
// Thread-safe. The caller holds the data directory's lock for as long as the
// signer lives (the secret file is written by one process).
#pragma once

#include <absl/base/thread_annotations.h>
#include <absl/synchronization/mutex.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/auth/principal.h"
#include "api/auth/viewer_token.h"
#include "core/status.h"
#include "store/fs/file_system.h"

namespace vigil::api {

class ViewerTokenSigner {
 public:
  // Loads DIR/auth/viewer-token.key when it exists (Corruption unless it
  // holds exactly 32 bytes); creates nothing. fs must outlive the signer.
  static Result<std::unique_ptr<ViewerTokenSigner>> Open(FileSystem* fs, std::string data_dir);

  ViewerTokenSigner(const ViewerTokenSigner&) = delete;
  ViewerTokenSigner& operator=(const ViewerTokenSigner&) = delete;
  ~ViewerTokenSigner();

  // Mints a token for minter, an authenticated API key. Rules:
  //  - minter is an API key (not a viewer token) with the read scope, else
  //    PermissionDenied;
  //  - request.tenant is required and valid (InvalidArgument); a
  //    tenant-bound minter may only name its own tenant (PermissionDenied);
  //  - request.scopes is a non-empty subset of read and export
  //    (InvalidArgument) and of the minter's scopes (PermissionDenied);
  //  - request.environment, when set, must be one of the minter's
  //    environments if it has any (PermissionDenied); when not set, a minter
  //    limited to one environment fixes it, and one limited to several must
  //    name one (InvalidArgument);
  //  - workspace and actor: at most 256 bytes, no control characters;
  //  - 0 < request.ttl_ms <= 1 hour (InvalidArgument).
  // The first Mint generates the secret and writes it durably before
  // returning (IOError when that fails).
  Result<MintedViewerToken> Mint(const Principal& minter, ViewerTokenRequest request,
                                 int64_t now_ms);

  // The claims of a genuine, current token. Unauthenticated otherwise:
  //   "malformed viewer token: <what is wrong>"
  //   "viewer token has a bad signature: it was altered, forged or signed by another server"
  //   "viewer token expired at 2026-11-21T10:00:00.000Z"
  //   "viewer token is not valid before <RFC 3339>"
  // The text of the token is never repeated in a message.
  Result<ViewerTokenClaims> Verify(std::string_view token, int64_t now_ms) const;

  // DIR/auth/viewer-token.key.
  const std::string& secret_path() const { return secret_path_; }

  // The secret, generated and saved when there is none yet (what the first
  // Mint does). Shared between nodes by api::SettingsSync.
  Result<std::string> SecretForMinting();

  // Makes secret (exactly 32 bytes, else InvalidArgument) this signer's:
  // saved durably to the secret file first (IOError when that fails, and
  // the old secret stays), then used. Tokens minted under another secret no
  // longer verify. Nothing is written when it already is the secret.
  Status Adopt(std::string_view secret);

 private:
  ViewerTokenSigner(FileSystem* fs, std::string data_dir, std::optional<std::string> secret);

  FileSystem* const fs_;
  const std::string auth_dir_;
  const std::string secret_path_;

  mutable absl::Mutex mu_;
  std::optional<std::string> secret_ ABSL_GUARDED_BY(mu_);
};

}  // namespace vigil::api
