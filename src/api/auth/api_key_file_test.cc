#include "api/auth/api_key_file.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

StoredApiKey SampleKey() {
  StoredApiKey s;
  s.key.id = "key_0123456789abcdef";
  s.key.name = "deploy \"bot\"";
  s.key.scopes = ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport);
  s.key.tenant = "acme";
  s.key.environments = {"production", "staging"};
  s.key.created_at_ms = 1763719200123;
  s.key.created_by = "cli";
  s.key.revoked_at_ms = 1763719300456;
  s.hash = Sha256("vk_secret");
  return s;
}

std::string WithKey(std::string_view key_json) {
  return std::string("{\"format\":\"vigil api keys\",\"version\":1,\"keys\":[") +
         std::string(key_json) + "]}";
}

constexpr std::string_view kGoodKey =
    R"({"id":"key_0123456789abcdef","name":"n","sha256":)"
    R"("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",)"
    R"("scopes":["read"],"created_at":"2026-11-21T09:00:00.000Z","created_by":"cli")";

std::string Decode(std::string_view text) {
  Result<std::vector<StoredApiKey>> r = DecodeApiKeyFile(text, "auth/keys.json");
  if (r.ok()) return "OK";
  EXPECT_TRUE(r.status().IsCorruption()) << r.status().ToString();
  return r.status().message();
}

TEST(ApiKeyFileTest, RoundTrip) {
  StoredApiKey minimal;
  minimal.key.id = "key_zzzzzzzzzzzzzzzz";
  minimal.key.name = "ops";
  minimal.key.scopes = ScopeBit(Scope::kAdmin);
  minimal.key.created_at_ms = 0;
  minimal.key.created_by = "key_0123456789abcdef";
  minimal.hash = Sha256("other");
  const std::string text = EncodeApiKeyFile({SampleKey(), minimal});
  Result<std::vector<StoredApiKey>> back = DecodeApiKeyFile(text, "keys.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), 2u);
  const ApiKey& k = (*back)[0].key;
  EXPECT_EQ(k.id, "key_0123456789abcdef");
  EXPECT_EQ(k.name, "deploy \"bot\"");
  EXPECT_EQ(k.scopes, ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport));
  EXPECT_EQ(k.tenant, "acme");
  EXPECT_EQ(k.environments, (std::vector<std::string>{"production", "staging"}));
  EXPECT_EQ(k.created_at_ms, 1763719200123);
  EXPECT_EQ(k.created_by, "cli");
  EXPECT_EQ(k.revoked_at_ms, 1763719300456);
  EXPECT_TRUE(ConstantTimeEquals((*back)[0].hash, Sha256("vk_secret")));
  const ApiKey& m = (*back)[1].key;
  EXPECT_TRUE(m.tenant.empty());
  EXPECT_TRUE(m.environments.empty());
  EXPECT_FALSE(m.revoked());
  EXPECT_EQ(m.created_by, "key_0123456789abcdef");
  // Optional members are left out; the format is stable.
  EXPECT_EQ(text.find("\"tenant\"", text.find("key_zzzz")), std::string::npos);
  EXPECT_TRUE(text.starts_with("{\"format\":\"vigil api keys\",\"version\":1,\"keys\":[\n{"));
}

TEST(ApiKeyFileTest, EmptyFile) {
  Result<std::vector<StoredApiKey>> back = DecodeApiKeyFile(EncodeApiKeyFile({}), "k");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->empty());
}

TEST(ApiKeyFileTest, CorruptionNamesPathAndField) {
  EXPECT_EQ(Decode(WithKey(std::string(kGoodKey) + "}")), "OK");
  EXPECT_TRUE(Decode("{\"format\":").starts_with("auth/keys.json: malformed JSON ("));
  EXPECT_EQ(Decode("[]"), "auth/keys.json: expected a JSON object");
  EXPECT_EQ(Decode("{\"format\":\"x\",\"version\":1,\"keys\":[]}"),
            "auth/keys.json: format: expected \"vigil api keys\"");
  EXPECT_EQ(Decode("{\"format\":\"vigil api keys\",\"version\":2,\"keys\":[]}"),
            "auth/keys.json: version 2 is not supported (this vigil reads version 1)");
  EXPECT_EQ(Decode("{\"format\":\"vigil api keys\",\"version\":1,\"keys\":[],\"x\":1}"),
            "auth/keys.json: x: unknown member");
  EXPECT_EQ(Decode(WithKey("1")), "auth/keys.json: keys[0]: expected an object");
  EXPECT_EQ(Decode(WithKey(std::string(kGoodKey) + ",\"secret\":\"vk_x\"}")),
            "auth/keys.json: keys[0].secret: unknown member");
  EXPECT_EQ(Decode(WithKey(R"({"id":"key_0123456789abcdef","name":"n","scopes":["read"],)"
                           R"("created_at":"2026-11-21T09:00:00.000Z","created_by":"cli"})")),
            "auth/keys.json: keys[0].sha256: missing");
  std::string bad_hash(kGoodKey);
  bad_hash.replace(bad_hash.find("ba78"), 4, "BA78");
  EXPECT_EQ(Decode(WithKey(bad_hash + "}")),
            "auth/keys.json: keys[0].sha256: expected 64 lower-case hex digits");
  std::string bad_scope(kGoodKey);
  bad_scope.replace(bad_scope.find("\"read\""), 6, "\"root\"");
  EXPECT_EQ(Decode(WithKey(bad_scope + "}")),
            "auth/keys.json: keys[0].scopes: unknown scope \"root\"");
  EXPECT_EQ(Decode(WithKey(std::string(kGoodKey) + ",\"tenant\":\"_x\"}")),
            "auth/keys.json: keys[0].tenant: \"_x\": names starting with '_' are reserved (only "
            "the operator tenant _system is allowed)");
  EXPECT_TRUE(Decode(WithKey(std::string(kGoodKey) + ",\"revoked_at\":\"yesterday\"}"))
                  .starts_with("auth/keys.json: keys[0].revoked_at: 'yesterday'"));
  EXPECT_EQ(Decode(WithKey(std::string(kGoodKey) + "}," + std::string(kGoodKey) + "}")),
            "auth/keys.json: keys[1].id: key_0123456789abcdef appears twice");
  std::string other_id(kGoodKey);
  other_id.replace(other_id.find("key_0123"), 8, "key_9999");
  EXPECT_EQ(Decode(WithKey(std::string(kGoodKey) + "}," + other_id + "}")),
            "auth/keys.json: keys[1].sha256: the same hash appears twice");
  EXPECT_EQ(Decode(WithKey(std::string(kGoodKey) + ",\"name\":\"m\"}")),
            "auth/keys.json: keys[0].name: appears twice");
}

}  // namespace
}  // namespace vigil::api
