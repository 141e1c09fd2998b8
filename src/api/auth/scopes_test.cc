#include "api/auth/scopes.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(ScopesTest, ParsesLists) {
  Result<ScopeSet> s = ParseScopes("read,export");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(*s, ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport));
  s = ParseScopes(" admin , ingest ,read,read");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(*s, ScopeBit(Scope::kAdmin) | ScopeBit(Scope::kIngest) | ScopeBit(Scope::kRead));
}

TEST(ScopesTest, ErrorsNameTheBadScope) {
  Result<ScopeSet> s = ParseScopes("read,reed");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.status().IsInvalidArgument());
  EXPECT_EQ(s.status().message(),
            "unknown scope \"reed\" at position 2 (scopes: ingest, read, export, admin)");
  EXPECT_EQ(ParseScopes("READ").status().message(),
            "unknown scope \"READ\" at position 1 (scopes: ingest, read, export, admin)");
  EXPECT_EQ(ParseScopes("read,,export").status().message(), "empty scope name at position 2");
  EXPECT_EQ(ParseScopes("read,").status().message(), "empty scope name at position 2");
  EXPECT_EQ(ParseScopes("").status().message(),
            "no scopes given (scopes: ingest, read, export, admin)");
  EXPECT_EQ(ParseScopes("  ").status().message(),
            "no scopes given (scopes: ingest, read, export, admin)");
  // Control bytes are escaped in the message.
  EXPECT_EQ(ParseScopes("re\nad").status().message(),
            "unknown scope \"re\\u000aad\" at position 1 (scopes: ingest, read, export, admin)");
}

TEST(ScopesTest, FormatsInFixedOrder) {
  EXPECT_EQ(FormatScopes(ScopeBit(Scope::kAdmin) | ScopeBit(Scope::kIngest)), "ingest,admin");
  EXPECT_EQ(FormatScopes(kAllScopeBits), "ingest,read,export,admin");
  EXPECT_EQ(FormatScopes(0), "");
  EXPECT_EQ(ScopeNames(ScopeBit(Scope::kExport)), std::vector<std::string>{"export"});
  for (Scope s : kAllScopes) EXPECT_EQ(ScopeFromName(ScopeName(s)), s);
  EXPECT_FALSE(ScopeFromName("root").has_value());
}

}  // namespace
}  // namespace vigil::api
