#include "api/auth/authenticator.h"

#include <gtest/gtest.h>

#include "api/auth/temp_dir.h"

namespace vigil::api {
namespace {

constexpr int64_t kNow = 1795254300000;  // 2026-11-21T09:45:00.000Z
constexpr int64_t kMinute = 60 * 1000;

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<ApiKeyStore>> keys = ApiKeyStore::Open(DefaultFileSystem(), dir_.path());
    ASSERT_TRUE(keys.ok()) << keys.status().ToString();
    keys_ = std::move(*keys);
    Result<std::unique_ptr<ViewerTokenSigner>> tokens =
        ViewerTokenSigner::Open(DefaultFileSystem(), dir_.path());
    ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
    tokens_ = std::move(*tokens);
    auth_ = std::make_unique<Authenticator>(keys_.get(), tokens_.get());
  }

  CreatedApiKey MustCreate(std::string name, ScopeSet scopes, std::string tenant = "",
                           std::vector<std::string> environments = {}) {
    ApiKeySpec spec;
    spec.name = std::move(name);
    spec.scopes = scopes;
    spec.tenant = std::move(tenant);
    spec.environments = std::move(environments);
    Result<CreatedApiKey> k = keys_->Create(std::move(spec), "cli", kNow);
    EXPECT_TRUE(k.ok()) << k.status().ToString();
    return k.ok() ? *k : CreatedApiKey{};
  }

  Principal MustAuthenticate(std::string_view header) {
    Result<Principal> p = auth_->Authenticate(header, now_);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : Principal{};
  }

  // The message of a failed authentication; checks that it is a 401 and
  // never repeats the credential.
  std::string Error(std::optional<std::string_view> header) {
    Result<Principal> p = auth_->Authenticate(header, now_);
    if (p.ok()) return "OK";
    EXPECT_EQ(p.status().code(), StatusCode::kUnauthenticated) << p.status().ToString();
    const std::string_view credential = header && header->size() > 7 ? header->substr(7) : "";
    if (credential.size() > 8) {
      EXPECT_EQ(p.status().message().find(credential), std::string::npos) << p.status().message();
    }
    return p.status().message();
  }

  TempDir dir_;
  int64_t now_ = kNow;
  std::unique_ptr<ApiKeyStore> keys_;
  std::unique_ptr<ViewerTokenSigner> tokens_;
  std::unique_ptr<Authenticator> auth_;
};

TEST_F(AuthenticatorTest, HeaderShape) {
  CreatedApiKey k = MustCreate("ci", ScopeBit(Scope::kIngest));
  EXPECT_EQ(Error(std::nullopt), "missing Authorization header");
  EXPECT_EQ(Error(""), "Authorization header is empty");
  EXPECT_EQ(Error("   "), "Authorization header is empty");
  const std::string not_bearer =
      "Authorization header is not a Bearer token: expected \"Bearer vk_…\" (an API key) or "
      "\"Bearer vt.…\" (a viewer token)";
  EXPECT_EQ(Error("Basic YWRhOnNlY3JldA=="), not_bearer);
  EXPECT_EQ(Error("Bearer"), not_bearer);
  EXPECT_EQ(Error(k.secret), not_bearer);
  EXPECT_EQ(Error("Bearerx " + k.secret), not_bearer);
  EXPECT_EQ(Error("Bearer abc"),
            "unrecognized bearer token: expected an API key (vk_…) or a viewer token (vt.…)");
  EXPECT_EQ(Error("Bearer "), not_bearer);
  // The scheme is case-insensitive; surrounding spaces are ignored.
  EXPECT_EQ(Error("Bearer " + k.secret), "OK");
  EXPECT_EQ(Error("bearer " + k.secret), "OK");
  EXPECT_EQ(Error("  BEARER   " + k.secret + "  "), "OK");
}

TEST_F(AuthenticatorTest, ApiKeys) {
  CreatedApiKey k = MustCreate("exporter", ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport),
                               "acme", {"production"});
  Principal p = MustAuthenticate("Bearer " + k.secret);
  EXPECT_EQ(p.kind, Principal::Kind::kApiKey);
  EXPECT_EQ(p.key_id, k.key.id);
  EXPECT_EQ(p.name, "exporter");
  EXPECT_EQ(p.scopes, ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport));
  EXPECT_TRUE(p.Has(Scope::kExport));
  EXPECT_FALSE(p.Has(Scope::kAdmin));
  EXPECT_EQ(p.tenant, "acme");
  EXPECT_FALSE(p.is_operator());
  EXPECT_EQ(p.environments, std::vector<std::string>{"production"});
  EXPECT_TRUE(p.token_id.empty());

  std::string unknown = k.secret;
  unknown[5] = unknown[5] == 'x' ? 'y' : 'x';
  EXPECT_EQ(Error("Bearer " + unknown), "unknown API key");
  EXPECT_EQ(Error("Bearer vk_short"),
            "malformed API key: expected \"vk_\" and 43 base64url characters (46 bytes in all), "
            "got 8 bytes");
  ASSERT_TRUE(keys_->Revoke(k.key.id, kNow + kMinute).ok());
  EXPECT_EQ(Error("Bearer " + k.secret),
            "API key " + k.key.id + " was revoked at 2026-11-21T09:46:00.000Z");
}

TEST_F(AuthenticatorTest, ViewerTokens) {
  CreatedApiKey k = MustCreate("platform", ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport));
  Principal minter = MustAuthenticate("Bearer " + k.secret);
  ViewerTokenRequest r;
  r.tenant = "acme";
  r.scopes = ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport);
  r.workspace = "ws_1";
  r.environment = "staging";
  r.actor = "ada@example.com";
  Result<MintedViewerToken> t = tokens_->Mint(minter, r, kNow);
  ASSERT_TRUE(t.ok()) << t.status().ToString();

  Principal p = MustAuthenticate("Bearer " + t->token);
  EXPECT_EQ(p.kind, Principal::Kind::kViewerToken);
  EXPECT_EQ(p.key_id, k.key.id);
  EXPECT_EQ(p.name, "platform");
  EXPECT_EQ(p.scopes, ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport));
  EXPECT_EQ(p.tenant, "acme");
  EXPECT_EQ(p.environments, std::vector<std::string>{"staging"});
  EXPECT_EQ(p.workspace, "ws_1");
  EXPECT_EQ(p.actor, "ada@example.com");
  EXPECT_EQ(p.token_id, t->claims.token_id);
  EXPECT_EQ(p.expires_ms, kNow + 15 * kMinute);

  // A viewer token cannot mint another.
  Result<MintedViewerToken> nested = tokens_->Mint(p, r, kNow);
  EXPECT_EQ(nested.status().code(), StatusCode::kPermissionDenied);

  now_ = kNow + 15 * kMinute;
  EXPECT_EQ(Error("Bearer " + t->token), "viewer token expired at 2026-11-21T10:00:00.000Z");
  now_ = kNow;
  std::string tampered = t->token;
  tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Error("Bearer " + tampered),
            "viewer token has a bad signature: it was altered, forged or signed by another server");
  EXPECT_EQ(Error("Bearer vt.x"), "malformed viewer token: no \".\" between claims and signature");
}

TEST_F(AuthenticatorTest, RevokingTheMintingKeyInvalidatesItsTokens) {
  CreatedApiKey a = MustCreate("a", ScopeBit(Scope::kRead), "acme");
  CreatedApiKey b = MustCreate("b", ScopeBit(Scope::kRead));
  ViewerTokenRequest r;
  r.tenant = "acme";
  Result<MintedViewerToken> ta = tokens_->Mint(MustAuthenticate("Bearer " + a.secret), r, kNow);
  Result<MintedViewerToken> tb = tokens_->Mint(MustAuthenticate("Bearer " + b.secret), r, kNow);
  ASSERT_TRUE(ta.ok() && tb.ok());
  EXPECT_EQ(Error("Bearer " + ta->token), "OK");
  ASSERT_TRUE(keys_->Revoke(a.key.id, kNow + kMinute).ok());
  EXPECT_EQ(Error("Bearer " + ta->token), "viewer token was minted by API key " + a.key.id +
                                              ", which was revoked at 2026-11-21T09:46:00.000Z");
  EXPECT_EQ(Error("Bearer " + tb->token), "OK");  // other keys' tokens are unaffected
}

TEST_F(AuthenticatorTest, TokenOfAKeyThisStoreDoesNotHave) {
  // Same signing secret, but a key store without the minting key.
  Principal stranger;
  stranger.key_id = "key_zzzzzzzzzzzzzzzz";
  stranger.scopes = ScopeBit(Scope::kRead);
  ViewerTokenRequest r;
  r.tenant = "acme";
  Result<MintedViewerToken> t = tokens_->Mint(stranger, r, kNow);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(Error("Bearer " + t->token),
            "viewer token was minted by API key key_zzzzzzzzzzzzzzzz, which does not exist");
}

TEST_F(AuthenticatorTest, EnvironmentBoundKeyTokensStayBound) {
  CreatedApiKey k = MustCreate("p", ScopeBit(Scope::kRead), "", {"production"});
  ViewerTokenRequest r;
  r.tenant = "acme";
  Result<MintedViewerToken> t = tokens_->Mint(MustAuthenticate("Bearer " + k.secret), r, kNow);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(MustAuthenticate("Bearer " + t->token).environments,
            std::vector<std::string>{"production"});
}

}  // namespace
}  // namespace vigil::api
