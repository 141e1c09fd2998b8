#include "query/query_fields.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(QueryFieldsTest, EveryFieldHasAName) {
  for (int i = 0; i <= static_cast<int>(FilterField::kTime); ++i) {
    auto field = static_cast<FilterField>(i);
    std::string_view name = QueryFieldName(field);
    ASSERT_FALSE(name.empty()) << i;
    auto back = LookupQueryField(name);
    ASSERT_TRUE(back.has_value()) << name;
    EXPECT_EQ(*back, field) << name;
  }
  EXPECT_EQ(QueryFieldName(FilterField::kText), "");
}

TEST(QueryFieldsTest, AliasesAndCase) {
  EXPECT_EQ(LookupQueryField("user"), FilterField::kActor);
  EXPECT_EQ(LookupQueryField("env"), FilterField::kEnvironment);
  EXPECT_EQ(LookupQueryField("Actor.Role"), FilterField::kActorRole);
  EXPECT_EQ(LookupQueryField("actor.status"), FilterField::kActorStatus);
  EXPECT_EQ(LookupQueryField("IP"), FilterField::kIp);
  EXPECT_FALSE(LookupQueryField("text").has_value());
  EXPECT_FALSE(LookupQueryField("type").has_value());
  EXPECT_FALSE(LookupQueryField("").has_value());
}

TEST(QueryFieldsTest, Suggestions) {
  EXPECT_EQ(SuggestQueryField("acter"), "actor");
  EXPECT_EQ(SuggestQueryField("Acotr"), "actor");
  EXPECT_EQ(SuggestQueryField("actions"), "action");
  EXPECT_EQ(SuggestQueryField("enviroment"), "environment");
  EXPECT_EQ(SuggestQueryField("usr"), "actor");  // via the alias user
  EXPECT_EQ(SuggestQueryField("actor.email"), "actor");
  EXPECT_EQ(SuggestQueryField("workspace.id"), "workspace");
  EXPECT_EQ(SuggestQueryField("context.ip"), "ip");
  EXPECT_EQ(SuggestQueryField("geo.country"), "country");
  EXPECT_EQ(SuggestQueryField("target.name"), "target");
  EXPECT_EQ(SuggestQueryField("http"), "");
  EXPECT_EQ(SuggestQueryField("xy"), "");
  EXPECT_EQ(SuggestQueryField("description"), "");
}

}  // namespace
}  // namespace vigil
