#include "api/auth/viewer_token_signer.h"

#include <fmt/format.h>

#include <algorithm>

#include "api/auth/auth_crypto.h"
#include "api/auth/binding_rules.h"
#include "api/auth/private_file.h"
#include "api/auth/scopes.h"
#include "core/json_writer.h"
#include "core/timestamp.h"

namespace vigil::api {
namespace {

constexpr ScopeSet kViewerScopes = ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport);

Status Malformed(std::string_view problem) {
  return Status::Unauthenticated(fmt::format("malformed viewer token: {}", problem));
}

std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// Checks the request against the minter's rights; fills in the environment a
// single-environment minter fixes.
Status CheckRequest(const Principal& minter, ViewerTokenRequest* request) {
  if (minter.kind != Principal::Kind::kApiKey) {
    return Status::PermissionDenied(
        "a viewer token cannot mint viewer tokens; use an API key with the read scope");
  }
  if (!minter.Has(Scope::kRead)) {
    return Status::PermissionDenied(
        fmt::format("minting viewer tokens needs the read scope; API key {} has scopes {}",
                    minter.key_id, FormatScopes(minter.scopes)));
  }
  if (request->tenant.empty()) {
    return Status::InvalidArgument("tenant: required (a viewer token is bound to one tenant)");
  }
  RETURN_IF_ERROR(ValidateTenant(request->tenant));
  if (!minter.is_operator() && request->tenant != minter.tenant) {
    return Status::PermissionDenied(fmt::format(
        "tenant: API key {} is bound to tenant {} and cannot mint viewer tokens for tenant {}",
        minter.key_id, Quoted(minter.tenant), Quoted(request->tenant)));
  }
  if (request->scopes == 0) {
    return Status::InvalidArgument("scopes: empty (a viewer token carries read and/or export)");
  }
  if ((request->scopes & ~kViewerScopes) != 0) {
    return Status::InvalidArgument(
        fmt::format("scopes: a viewer token may only carry read and export, not {}",
                    FormatScopes(request->scopes & ~kViewerScopes)));
  }
  if ((request->scopes & ~minter.scopes) != 0) {
    return Status::PermissionDenied(fmt::format("scopes: {} is wider than API key {}'s scopes ({})",
                                                FormatScopes(request->scopes & ~minter.scopes),
                                                minter.key_id, FormatScopes(minter.scopes)));
  }
  if (!request->environment.empty()) {
    ASSIGN_OR_RETURN(request->environment, NormalizeEnvironment(request->environment));
    const std::vector<std::string>& allowed = minter.environments;
    if (!allowed.empty() &&
        std::find(allowed.begin(), allowed.end(), request->environment) == allowed.end()) {
      return Status::PermissionDenied(
          fmt::format("environment: API key {} may only touch environments {}, not {}",
                      minter.key_id, JoinNames(allowed), Quoted(request->environment)));
    }
  } else if (minter.environments.size() == 1) {
    request->environment = minter.environments[0];
  } else if (minter.environments.size() > 1) {
    return Status::InvalidArgument(
        fmt::format("environment: required, since API key {} may only touch environments {}",
                    minter.key_id, JoinNames(minter.environments)));
  }
  if (request->ttl_ms <= 0) {
    return Status::InvalidArgument(
        fmt::format("ttl: {} ms; a viewer token must live a positive time", request->ttl_ms));
  }
  if (request->ttl_ms > kMaxViewerTokenTtlMs) {
    return Status::InvalidArgument(
        fmt::format("ttl: {} ms is longer than the limit of {} ms (1 hour)", request->ttl_ms,
                    kMaxViewerTokenTtlMs));
  }
  return Status::Ok();
}

}  // namespace

ViewerTokenSigner::ViewerTokenSigner(FileSystem* fs, std::string data_dir,
                                     std::optional<std::string> secret)
    : fs_(fs),
      auth_dir_(JoinPath(data_dir, kAuthDirName)),
      secret_path_(JoinPath(auth_dir_, kViewerTokenKeyFileName)),
      secret_(std::move(secret)) {}

ViewerTokenSigner::~ViewerTokenSigner() = default;

Result<std::unique_ptr<ViewerTokenSigner>> ViewerTokenSigner::Open(FileSystem* fs,
                                                                   std::string data_dir) {
  const std::string path = JoinPath(JoinPath(data_dir, kAuthDirName), kViewerTokenKeyFileName);
  std::optional<std::string> secret;
  Result<std::string> bytes = fs->ReadFile(path);
  if (bytes.ok()) {
    if (bytes->size() != kViewerTokenSecretBytes) {
      return Status::Corruption(fmt::format("{}: {} bytes; a viewer-token secret is exactly {}",
                                            path, bytes->size(), kViewerTokenSecretBytes));
    }
    secret = std::move(*bytes);
  } else if (!bytes.status().IsNotFound()) {
    return bytes.status();
  }
  return std::unique_ptr<ViewerTokenSigner>(
      new ViewerTokenSigner(fs, std::move(data_dir), std::move(secret)));
}

Result<std::string> ViewerTokenSigner::SecretForMinting() {
  {
    absl::ReaderMutexLock lock(&mu_);
    if (secret_) return *secret_;
  }
  absl::MutexLock lock(&mu_);
  if (secret_) return *secret_;
  ASSIGN_OR_RETURN(std::string secret, RandomBytes(kViewerTokenSecretBytes));
  RETURN_IF_ERROR(EnsurePrivateDir(fs_, auth_dir_));
  RETURN_IF_ERROR(WritePrivateFileAtomically(fs_, secret_path_, secret)
                      .WithPrefix("saving the viewer-token secret"));
  secret_ = secret;
  return secret;
}

Status ViewerTokenSigner::Adopt(std::string_view secret) {
  if (secret.size() != kViewerTokenSecretBytes) {
    return Status::InvalidArgument(fmt::format("a viewer-token secret is exactly {} bytes, not {}",
                                               kViewerTokenSecretBytes, secret.size()));
  }
  absl::MutexLock lock(&mu_);
  if (secret_ && ConstantTimeEquals(*secret_, secret)) return Status::Ok();
  RETURN_IF_ERROR(EnsurePrivateDir(fs_, auth_dir_));
  RETURN_IF_ERROR(WritePrivateFileAtomically(fs_, secret_path_, secret)
                      .WithPrefix("saving the viewer-token secret"));
  secret_ = std::string(secret);
  return Status::Ok();
}

Result<MintedViewerToken> ViewerTokenSigner::Mint(const Principal& minter,
                                                  ViewerTokenRequest request, int64_t now_ms) {
  RETURN_IF_ERROR(CheckRequest(minter, &request));
  if (now_ms < kMinTimeMs || now_ms > kMaxTimeMs - request.ttl_ms) {
    return Status::InvalidArgument(fmt::format("time {} ms is out of range", now_ms));
  }
  MintedViewerToken out;
  ViewerTokenClaims& c = out.claims;
  ASSIGN_OR_RETURN(c.token_id, RandomPublicId(kViewerTokenIdPrefix));
  c.tenant = std::move(request.tenant);
  c.scopes = request.scopes;
  c.workspace = std::move(request.workspace);
  c.environment = std::move(request.environment);
  c.actor = std::move(request.actor);
  c.issued_at_ms = now_ms;
  c.expires_at_ms = now_ms + request.ttl_ms;
  c.key_id = minter.key_id;
  RETURN_IF_ERROR(ValidateViewerTokenClaims(c));

  ASSIGN_OR_RETURN(std::string secret, SecretForMinting());
  out.token = std::string(kViewerTokenPrefix) + Base64UrlEncode(EncodeViewerTokenClaims(c));
  const Sha256Digest mac = HmacSha256(secret, out.token);
  out.token.push_back('.');
  out.token +=
      Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
  if (out.token.size() > kMaxViewerTokenBytes) {
    return Status::InvalidArgument(
        fmt::format("the token would be {} bytes; the limit is {} (shorten workspace or actor)",
                    out.token.size(), kMaxViewerTokenBytes));
  }
  return out;
}

Result<ViewerTokenClaims> ViewerTokenSigner::Verify(std::string_view token, int64_t now_ms) const {
  if (token.size() > kMaxViewerTokenBytes) {
    return Malformed(fmt::format("{} bytes; the limit is {}", token.size(), kMaxViewerTokenBytes));
  }
  if (!token.starts_with(kViewerTokenPrefix)) {
    return Malformed(fmt::format("expected \"{}\" then two base64url parts joined by \".\"",
                                 kViewerTokenPrefix));
  }
  const std::string_view rest = token.substr(kViewerTokenPrefix.size());
  const size_t dot = rest.find('.');
  if (dot == std::string_view::npos) return Malformed("no \".\" between claims and signature");
  const std::string_view payload = rest.substr(0, dot);
  const std::string_view mac_text = rest.substr(dot + 1);
  if (payload.empty()) return Malformed("empty claims");
  if (!IsBase64UrlText(payload)) return Malformed("claims are not base64url");
  if (mac_text.size() != kViewerTokenMacChars || !IsBase64UrlText(mac_text)) {
    return Malformed(
        fmt::format("the signature is not {} base64url characters", kViewerTokenMacChars));
  }

  const std::string_view signed_part = token.substr(0, kViewerTokenPrefix.size() + dot);
  bool genuine = false;
  {
    absl::ReaderMutexLock lock(&mu_);
    if (secret_) {
      const Sha256Digest mac = HmacSha256(*secret_, signed_part);
      const std::string expected =
          Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
      genuine = ConstantTimeEquals(expected, mac_text);
    }
  }
  if (!genuine) {
    return Status::Unauthenticated(
        "viewer token has a bad signature: it was altered, forged or signed by another server");
  }

  std::string json;
  if (!Base64UrlDecode(payload, &json)) return Malformed("claims are not base64url");
  Result<ViewerTokenClaims> claims = DecodeViewerTokenClaims(json);
  if (!claims.ok()) return Malformed(fmt::format("claims: {}", claims.status().message()));
  if (now_ms < claims->issued_at_ms - kViewerTokenClockSkewMs) {
    return Status::Unauthenticated(
        fmt::format("viewer token is not valid before {}", FormatRfc3339(claims->issued_at_ms)));
  }
  if (now_ms >= claims->expires_at_ms) {
    return Status::Unauthenticated(
        fmt::format("viewer token expired at {}", FormatRfc3339(claims->expires_at_ms)));
  }
  return claims;
}

}  // namespace vigil::api
