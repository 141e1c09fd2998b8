#include "api/auth/viewer_token_signer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <random>

#include "api/auth/auth_crypto.h"
#include "api/auth/scopes.h"
#include "api/auth/temp_dir.h"

namespace vigil::api {
namespace {

constexpr int64_t kNow = 1795254300000;  // 2026-11-21T09:45:00.000Z
constexpr int64_t kMinute = 60 * 1000;

Principal KeyPrincipal(ScopeSet scopes = ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport),
                       std::string tenant = "", std::vector<std::string> environments = {}) {
  Principal p;
  p.kind = Principal::Kind::kApiKey;
  p.key_id = "key_0123456789abcdef";
  p.name = "platform backend";
  p.scopes = scopes;
  p.tenant = std::move(tenant);
  p.environments = std::move(environments);
  return p;
}

ViewerTokenRequest Request(std::string tenant = "acme") {
  ViewerTokenRequest r;
  r.tenant = std::move(tenant);
  return r;
}

class ViewerTokenSignerTest : public ::testing::Test {
 protected:
  std::unique_ptr<ViewerTokenSigner> OpenSigner(const std::string& dir) {
    Result<std::unique_ptr<ViewerTokenSigner>> s =
        ViewerTokenSigner::Open(DefaultFileSystem(), dir);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }

  MintedViewerToken MustMint(const Principal& minter, ViewerTokenRequest request,
                             int64_t now = kNow) {
    Result<MintedViewerToken> t = signer_->Mint(minter, std::move(request), now);
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return t.ok() ? *t : MintedViewerToken{};
  }

  Status MintError(const Principal& minter, ViewerTokenRequest request) {
    Result<MintedViewerToken> t = signer_->Mint(minter, std::move(request), kNow);
    EXPECT_FALSE(t.ok());
    return t.status();
  }

  std::string VerifyError(std::string_view token, int64_t now = kNow) {
    Result<ViewerTokenClaims> c = signer_->Verify(token, now);
    if (c.ok()) return "OK";
    EXPECT_EQ(c.status().code(), StatusCode::kUnauthenticated) << c.status().ToString();
    return c.status().message();
  }

  TempDir dir_;
  std::unique_ptr<ViewerTokenSigner> signer_ = OpenSigner(dir_.path());
};

constexpr std::string_view kBadSignature =
    "viewer token has a bad signature: it was altered, forged or signed by another server";

TEST_F(ViewerTokenSignerTest, RoundTripWithAllClaims) {
  ViewerTokenRequest r = Request();
  r.scopes = ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport);
  r.workspace = "ws_1";
  r.environment = "Production";
  r.actor = "ada@example.com";
  r.ttl_ms = 30 * kMinute;
  MintedViewerToken t = MustMint(KeyPrincipal(), r);
  EXPECT_TRUE(t.token.starts_with("vt."));
  EXPECT_EQ(std::count(t.token.begin(), t.token.end(), '.'), 2);
  EXPECT_EQ(t.token.size() - t.token.rfind('.') - 1, 43u);

  Result<ViewerTokenClaims> c = signer_->Verify(t.token, kNow + kMinute);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->version, 1);
  EXPECT_EQ(c->token_id, t.claims.token_id);
  EXPECT_TRUE(c->token_id.starts_with("tok_"));
  EXPECT_EQ(c->token_id.size(), 20u);
  EXPECT_EQ(c->tenant, "acme");
  EXPECT_EQ(c->scopes, ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport));
  EXPECT_EQ(c->workspace, "ws_1");
  EXPECT_EQ(c->environment, "production");
  EXPECT_EQ(c->actor, "ada@example.com");
  EXPECT_EQ(c->issued_at_ms, kNow);
  EXPECT_EQ(c->expires_at_ms, kNow + 30 * kMinute);
  EXPECT_EQ(c->key_id, "key_0123456789abcdef");

  // The payload is the documented claims JSON.
  const std::string payload = t.token.substr(3, t.token.rfind('.') - 3);
  std::string json;
  ASSERT_TRUE(Base64UrlDecode(payload, &json));
  EXPECT_EQ(json, "{\"v\":1,\"id\":\"" + c->token_id +
                      "\",\"tenant\":\"acme\",\"scopes\":[\"read\",\"export\"],"
                      "\"workspace\":\"ws_1\",\"environment\":\"production\","
                      "\"actor\":\"ada@example.com\",\"iat\":1795254300000,"
                      "\"exp\":1795256100000,\"key\":\"key_0123456789abcdef\"}");
}

TEST_F(ViewerTokenSignerTest, DefaultsToReadForFifteenMinutes) {
  MintedViewerToken t = MustMint(KeyPrincipal(), Request());
  EXPECT_EQ(t.claims.scopes, ScopeBit(Scope::kRead));
  EXPECT_EQ(t.claims.expires_at_ms, kNow + 15 * kMinute);
  EXPECT_NE(MustMint(KeyPrincipal(), Request()).claims.token_id, t.claims.token_id);
}

TEST_F(ViewerTokenSignerTest, TamperedPayloadOrMacIsABadSignature) {
  const std::string token = MustMint(KeyPrincipal(), Request()).token;
  ASSERT_EQ(VerifyError(token), "OK");
  const size_t dot = token.rfind('.');
  // Every payload character and every MAC character, changed to another
  // base64url character.
  for (size_t i = 3; i < token.size(); ++i) {
    if (i == dot) continue;
    std::string bad = token;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    const bool mac_char = i > dot;
    // A change in the MAC's last character may only touch its unused bits;
    // the strict shape check does not decode, so it is still a bad signature.
    EXPECT_EQ(VerifyError(bad), kBadSignature) << (mac_char ? "mac " : "payload ") << i;
  }
}

TEST_F(ViewerTokenSignerTest, ForgedClaimsAreABadSignature) {
  // Claims written by an attacker (a wider tenant) with a MAC from nowhere.
  const std::string token = MustMint(KeyPrincipal(), Request()).token;
  ViewerTokenClaims forged;
  forged.token_id = "tok_0000000000000000";
  forged.tenant = "victim";
  forged.scopes = ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport);
  forged.issued_at_ms = kNow;
  forged.expires_at_ms = kNow + kMinute;
  forged.key_id = "key_0123456789abcdef";
  const std::string body = "vt." + Base64UrlEncode(EncodeViewerTokenClaims(forged));
  EXPECT_EQ(VerifyError(body + token.substr(token.rfind('.'))), kBadSignature);
  const Sha256Digest mac = HmacSha256("guessed secret", body);
  EXPECT_EQ(VerifyError(body + "." +
                        Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac.data()),
                                                         mac.size()))),
            kBadSignature);
}

TEST_F(ViewerTokenSignerTest, AnotherSecretIsABadSignature) {
  TempDir other_dir;
  auto other = OpenSigner(other_dir.path());
  Result<MintedViewerToken> t = other->Mint(KeyPrincipal(), Request(), kNow);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(VerifyError(t->token), kBadSignature);
  // And before this signer has minted anything (it has no secret yet).
  EXPECT_FALSE(DefaultFileSystem()->Exists(dir_.Path("auth/viewer-token.key")));
  auto fresh = OpenSigner(dir_.path());
  EXPECT_EQ(fresh->Verify(t->token, kNow).status().message(), kBadSignature);
}

TEST_F(ViewerTokenSignerTest, ExpiryAndNotYetValid) {
  ViewerTokenRequest r = Request();
  r.ttl_ms = 15 * kMinute;
  const std::string token = MustMint(KeyPrincipal(), r).token;
  EXPECT_EQ(VerifyError(token, kNow + 15 * kMinute - 1), "OK");
  EXPECT_EQ(VerifyError(token, kNow + 15 * kMinute),
            "viewer token expired at 2026-11-21T10:00:00.000Z");
  EXPECT_EQ(VerifyError(token, kNow + 365LL * 24 * 60 * kMinute),
            "viewer token expired at 2026-11-21T10:00:00.000Z");
  // A small clock step back is tolerated; a large one is not.
  EXPECT_EQ(VerifyError(token, kNow - kMinute), "OK");
  EXPECT_EQ(VerifyError(token, kNow - kMinute - 1),
            "viewer token is not valid before 2026-11-21T09:45:00.000Z");
}

TEST_F(ViewerTokenSignerTest, LifetimeIsAtMostOneHour) {
  ViewerTokenRequest r = Request();
  r.ttl_ms = 60 * kMinute;
  EXPECT_TRUE(signer_->Mint(KeyPrincipal(), r, kNow).ok());
  r.ttl_ms = 60 * kMinute + 1;
  Status s = MintError(KeyPrincipal(), r);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.message(), "ttl: 3600001 ms is longer than the limit of 3600000 ms (1 hour)");
  r.ttl_ms = 2 * 60 * kMinute;
  EXPECT_EQ(MintError(KeyPrincipal(), r).message(),
            "ttl: 7200000 ms is longer than the limit of 3600000 ms (1 hour)");
  r.ttl_ms = 0;
  EXPECT_EQ(MintError(KeyPrincipal(), r).message(),
            "ttl: 0 ms; a viewer token must live a positive time");
}

TEST_F(ViewerTokenSignerTest, ScopesNeverWiderThanTheMintingKey) {
  ViewerTokenRequest r = Request();
  r.scopes = ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport);
  Status s = MintError(KeyPrincipal(ScopeBit(Scope::kRead)), r);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "scopes: export is wider than API key key_0123456789abcdef's scopes (read)");
  r.scopes = ScopeBit(Scope::kRead) | ScopeBit(Scope::kAdmin);
  s = MintError(KeyPrincipal(kAllScopeBits), r);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.message(), "scopes: a viewer token may only carry read and export, not admin");
  r.scopes = 0;
  EXPECT_EQ(MintError(KeyPrincipal(), r).message(),
            "scopes: empty (a viewer token carries read and/or export)");
}

TEST_F(ViewerTokenSignerTest, OnlyReadKeysMint) {
  Status s =
      MintError(KeyPrincipal(ScopeBit(Scope::kIngest) | ScopeBit(Scope::kExport)), Request());
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "minting viewer tokens needs the read scope; API key key_0123456789abcdef has scopes "
            "ingest,export");
  Principal viewer = KeyPrincipal();
  viewer.kind = Principal::Kind::kViewerToken;
  s = MintError(viewer, Request());
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "a viewer token cannot mint viewer tokens; use an API key with the read scope");
}

TEST_F(ViewerTokenSignerTest, TenantBinding) {
  // A tenant-bound key mints for its own tenant only; an operator key for any.
  EXPECT_TRUE(
      signer_->Mint(KeyPrincipal(ScopeBit(Scope::kRead), "acme"), Request("acme"), kNow).ok());
  Status s = MintError(KeyPrincipal(ScopeBit(Scope::kRead), "acme"), Request("globex"));
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "tenant: API key key_0123456789abcdef is bound to tenant \"acme\" and cannot mint "
            "viewer tokens for tenant \"globex\"");
  EXPECT_TRUE(signer_->Mint(KeyPrincipal(), Request("globex"), kNow).ok());
  EXPECT_EQ(MintError(KeyPrincipal(), Request("")).message(),
            "tenant: required (a viewer token is bound to one tenant)");
  EXPECT_EQ(MintError(KeyPrincipal(), Request("a b")).message(),
            "tenant: \"a b\" may only hold letters, digits and . _ : @ -");
}

TEST_F(ViewerTokenSignerTest, EnvironmentBinding) {
  const Principal one = KeyPrincipal(ScopeBit(Scope::kRead), "", {"production"});
  EXPECT_EQ(MustMint(one, Request()).claims.environment, "production");
  ViewerTokenRequest staging = Request();
  staging.environment = "staging";
  Status s = MintError(one, staging);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "environment: API key key_0123456789abcdef may only touch environments production, "
            "not \"staging\"");
  const Principal two = KeyPrincipal(ScopeBit(Scope::kRead), "", {"production", "staging"});
  EXPECT_EQ(MintError(two, Request()).message(),
            "environment: required, since API key key_0123456789abcdef may only touch "
            "environments production, staging");
  EXPECT_EQ(MustMint(two, staging).claims.environment, "staging");
  ViewerTokenRequest long_actor = Request();
  long_actor.actor = std::string(257, 'a');
  EXPECT_EQ(MintError(KeyPrincipal(), long_actor).message(), "actor: 257 bytes; the limit is 256");
}

TEST_F(ViewerTokenSignerTest, MalformedInputsNeverCrash) {
  const std::string token = MustMint(KeyPrincipal(), Request()).token;
  EXPECT_EQ(VerifyError(""),
            "malformed viewer token: expected \"vt.\" then two base64url parts "
            "joined by \".\"");
  EXPECT_EQ(VerifyError("vk_abc"), VerifyError(""));
  EXPECT_EQ(VerifyError("vt."), "malformed viewer token: no \".\" between claims and signature");
  EXPECT_EQ(VerifyError("vt.abc"), "malformed viewer token: no \".\" between claims and signature");
  EXPECT_EQ(VerifyError("vt.."), "malformed viewer token: empty claims");
  EXPECT_EQ(VerifyError("vt.a+b." + std::string(43, 'A')),
            "malformed viewer token: claims are not base64url");
  EXPECT_EQ(VerifyError("vt.abc.def"),
            "malformed viewer token: the signature is not 43 base64url characters");
  EXPECT_EQ(VerifyError(token + ".x"),
            "malformed viewer token: the signature is not 43 base64url characters");
  EXPECT_EQ(VerifyError("vt." + std::string(10 << 20, 'A') + "." + std::string(43, 'A')),
            "malformed viewer token: 10485807 bytes; the limit is 4096");
  // Every prefix of a genuine token, and random bytes after the prefix.
  for (size_t n = 0; n < token.size(); ++n) EXPECT_NE(VerifyError(token.substr(0, n)), "OK");
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string junk = "vt.";
    const size_t len = rng() % 120;
    for (size_t j = 0; j < len; ++j) junk.push_back(static_cast<char>(rng() % 256));
    if (i % 2 == 0) junk += "." + std::string(43, 'Q');
    EXPECT_NE(VerifyError(junk), "OK");
  }
}

TEST_F(ViewerTokenSignerTest, GenuineMacOverBadClaimsIsMalformed) {
  // Only the secret's holder can do this; the claims are still checked.
  MustMint(KeyPrincipal(), Request());
  Result<std::string> secret = DefaultFileSystem()->ReadFile(dir_.Path("auth/viewer-token.key"));
  ASSERT_TRUE(secret.ok());
  const auto sign = [&](std::string_view json) {
    std::string t = "vt." + Base64UrlEncode(json);
    const Sha256Digest mac = HmacSha256(*secret, t);
    return t + "." +
           Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
  };
  EXPECT_EQ(VerifyError(sign("not json")).substr(0, 44),
            "malformed viewer token: claims: malformed JS");
  EXPECT_EQ(VerifyError(sign(R"({"v":1})")), "malformed viewer token: claims: id: missing");
  EXPECT_EQ(
      VerifyError(sign(R"({"v":2,"id":"tok_0000000000000000","tenant":"a","scopes":["read"],)"
                       R"("iat":1795254300000,"exp":1795254400000,"key":"key_0000000000000000"})")),
      "malformed viewer token: claims: v: version 2 is not supported (this vigil reads "
      "version 1)");
  EXPECT_EQ(
      VerifyError(sign(R"({"v":1,"id":"tok_0000000000000000","tenant":"a","scopes":["read"],)"
                       R"("iat":1795254300000,"exp":1795264300000,"key":"key_0000000000000000"})")),
      "malformed viewer token: claims: exp: must be after iat and at most 1 hour after it");
  EXPECT_EQ(
      VerifyError(sign(R"({"v":1,"id":"tok_0000000000000000","tenant":"a","scopes":["admin"],)"
                       R"("iat":1795254300000,"exp":1795254400000,"key":"key_0000000000000000"})")),
      "malformed viewer token: claims: scopes: only read and export are allowed");
  EXPECT_EQ(
      VerifyError(sign(R"({"v":1,"id":"tok_0000000000000000","tenant":"a","scopes":["read"],)"
                       R"("iat":1795254300000,"exp":1795254400000,"key":"key_0000000000000000"})")),
      "OK");
}

TEST_F(ViewerTokenSignerTest, SecretIsPrivateAndReusedAcrossReopen) {
  const std::string token = MustMint(KeyPrincipal(), Request()).token;
  const std::string path = dir_.Path("auth/viewer-token.key");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  Result<std::string> before = DefaultFileSystem()->ReadFile(path);
  ASSERT_TRUE(before.ok());

  auto reopened = OpenSigner(dir_.path());
  ASSERT_TRUE(reopened->Verify(token, kNow).ok());
  ASSERT_TRUE(reopened->Mint(KeyPrincipal(), Request(), kNow).ok());
  Result<std::string> after = DefaultFileSystem()->ReadFile(path);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, *before);
}

TEST_F(ViewerTokenSignerTest, AdoptedSecretIsSavedAndSharesTokensWithItsOwner) {
  TempDir other_dir;
  auto other = OpenSigner(other_dir.path());
  Result<std::string> shared = other->SecretForMinting();
  ASSERT_TRUE(shared.ok()) << shared.status().ToString();
  const std::string own_token = MustMint(KeyPrincipal(), Request()).token;

  ASSERT_TRUE(signer_->Adopt(*shared).ok());
  Result<MintedViewerToken> theirs = other->Mint(KeyPrincipal(), Request(), kNow);
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(VerifyError(theirs->token), "OK");
  EXPECT_EQ(other->Verify(MustMint(KeyPrincipal(), Request()).token, kNow).status().ToString(),
            Status::Ok().ToString());
  // Tokens under the secret it replaced no longer verify.
  EXPECT_EQ(VerifyError(own_token), kBadSignature);
  // Saved: a restart keeps it.
  Result<std::string> file = DefaultFileSystem()->ReadFile(dir_.Path("auth/viewer-token.key"));
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(*file, *shared);
  EXPECT_TRUE(OpenSigner(dir_.path())->Verify(theirs->token, kNow).ok());
  // Adopting it again is a no-op; a secret of the wrong size is refused.
  EXPECT_TRUE(signer_->Adopt(*shared).ok());
  Status bad = signer_->Adopt("short");
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("exactly 32 bytes, not 5"), std::string::npos) << bad.message();
  EXPECT_EQ(VerifyError(theirs->token), "OK");
}

TEST_F(ViewerTokenSignerTest, SecretOfTheWrongSizeIsCorruption) {
  MustMint(KeyPrincipal(), Request());
  const std::string path = dir_.Path("auth/viewer-token.key");
  ASSERT_TRUE(DefaultFileSystem()->Truncate(path, 31).ok());
  Result<std::unique_ptr<ViewerTokenSigner>> s =
      ViewerTokenSigner::Open(DefaultFileSystem(), dir_.path());
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.status().IsCorruption());
  EXPECT_EQ(s.status().message(), path + ": 31 bytes; a viewer-token secret is exactly 32");
}

TEST_F(ViewerTokenSignerTest, DocumentedExampleVerifies) {
  // docs/auth.md's worked example, byte for byte: secret bytes 0x00..0x1f.
  TempDir dir;
  ASSERT_TRUE(DefaultFileSystem()->CreateDir(dir.Path("auth")).ok());
  std::string secret;
  for (int i = 0; i < 32; ++i) secret.push_back(static_cast<char>(i));
  {
    auto f = DefaultFileSystem()->OpenWritable(dir.Path("auth/viewer-token.key"), true);
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE((*f)->Append(secret).ok());
  }
  auto signer = OpenSigner(dir.path());
  constexpr std::string_view kToken =
      "vt.eyJ2IjoxLCJpZCI6InRva183bTJrOXE0eDFjOHY1YjNuIiwidGVuYW50IjoiYWNtZSIsInNjb3BlcyI6WyJyZWFk"
      "Il0sIndvcmtzcGFjZSI6IndzXzEiLCJpYXQiOjE3OTUyNTQzMDAwMDAsImV4cCI6MTc5NTI1NTIwMDAwMCwia2V5Ijo"
      "ia2V5XzRrOXcybTBjN3ExeDh6M24ifQ.E6xdPN2ifO8jjJDYXSPX8gf81sFC3EQk4zf9sza9SLE";
  Result<ViewerTokenClaims> c = signer->Verify(kToken, kNow);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->token_id, "tok_7m2k9q4x1c8v5b3n");
  EXPECT_EQ(c->tenant, "acme");
  EXPECT_EQ(c->scopes, ScopeBit(Scope::kRead));
  EXPECT_EQ(c->workspace, "ws_1");
  EXPECT_EQ(c->issued_at_ms, kNow);
  EXPECT_EQ(c->expires_at_ms, kNow + 15 * kMinute);
  EXPECT_EQ(c->key_id, "key_4k9w2m0c7q1x8z3n");
  // Encoding the same claims gives the same payload.
  const std::string_view payload = kToken.substr(3, kToken.rfind('.') - 3);
  EXPECT_EQ(Base64UrlEncode(EncodeViewerTokenClaims(*c)), payload);
}

}  // namespace
}  // namespace vigil::api
