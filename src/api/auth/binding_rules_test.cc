#include "api/auth/binding_rules.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(BindingRulesTest, Tenants) {
  for (const char* ok : {"acme", "org_1", "a.b:c@d-e", "_system", "X"}) {
    EXPECT_TRUE(ValidateTenant(ok).ok()) << ok;
  }
  EXPECT_EQ(ValidateTenant("").message(), "tenant: empty");
  EXPECT_EQ(ValidateTenant("a b").message(),
            "tenant: \"a b\" may only hold letters, digits and . _ : @ -");
  EXPECT_EQ(ValidateTenant("_other").message(),
            "tenant: \"_other\": names starting with '_' are reserved (only the operator tenant "
            "_system is allowed)");
  EXPECT_EQ(ValidateTenant(std::string(129, 'a')).message(), "tenant: 129 bytes; the limit is 128");
  EXPECT_TRUE(ValidateTenant(std::string(128, 'a')).ok());
  EXPECT_FALSE(ValidateTenant("ten/ant").ok());
}

TEST(BindingRulesTest, Environments) {
  Result<std::string> env = NormalizeEnvironment("Production");
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(*env, "production");
  EXPECT_EQ(NormalizeEnvironment("prod env").status().message(),
            "environment: \"prod env\" may only hold letters, digits and . _ -");
  EXPECT_EQ(NormalizeEnvironment("").status().message(), "environment: empty");

  Result<std::vector<std::string>> list = ParseEnvironmentList("production, Staging,production");
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(*list, (std::vector<std::string>{"production", "staging"}));
  list = ParseEnvironmentList("");
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  EXPECT_EQ(ParseEnvironmentList("production,,staging").status().message(),
            "environments[1]: empty");
  EXPECT_EQ(ParseEnvironmentList("production,st@ging").status().message(),
            "environments[1]: \"st@ging\" may only hold letters, digits and . _ -");
}

TEST(BindingRulesTest, KeyNames) {
  EXPECT_TRUE(ValidateKeyName("deploy bot (CI) — prod").ok());
  EXPECT_EQ(ValidateKeyName("").message(), "name: empty");
  EXPECT_EQ(ValidateKeyName(std::string(129, 'n')).message(), "name: 129 bytes; the limit is 128");
  EXPECT_TRUE(ValidateKeyName(std::string(128, 'n')).ok());
  EXPECT_EQ(ValidateKeyName("a\nb").message(), "name: control character at byte 1");
}

}  // namespace
}  // namespace vigil::api
