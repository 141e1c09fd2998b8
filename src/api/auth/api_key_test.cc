#include "api/auth/api_key.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(ApiKeyJsonTest, PublicRecordOnly) {
  ApiKey k;
  k.id = "key_0123456789abcdef";
  k.name = "ci";
  k.scopes = ScopeBit(Scope::kIngest) | ScopeBit(Scope::kRead);
  k.created_at_ms = 1795254300000;
  k.created_by = "cli";
  std::string out;
  JsonWriter w(&out);
  WriteApiKeyJson(k, &w);
  EXPECT_EQ(out, R"({"id":"key_0123456789abcdef","name":"ci","scopes":["ingest","read"],)"
                 R"("created_at":"2026-11-21T09:45:00.000Z","created_by":"cli"})");
  k.tenant = "acme";
  k.environments = {"production"};
  k.revoked_at_ms = 1795254300001;
  out.clear();
  JsonWriter w2(&out);
  WriteApiKeyJson(k, &w2);
  EXPECT_NE(out.find(R"("tenant":"acme","environments":["production"])"), std::string::npos);
  EXPECT_NE(out.find(R"("revoked_at":"2026-11-21T09:45:00.001Z")"), std::string::npos);
}

}  // namespace
}  // namespace vigil::api
