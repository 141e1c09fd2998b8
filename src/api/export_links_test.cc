#include "api/export_links.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

ExportLinks::Grant GrantFor(std::string authorization) {
  ExportLinks::Grant g;
  g.authorization = std::move(authorization);
  g.query = {{"q", "status:error"}, {"format", "csv"}};
  return g;
}

TEST(ExportLinksTest, LinkStandsForItsGrantAndIsUsedOnce) {
  ExportLinks links;
  Result<std::string> id = links.Create(GrantFor("Bearer vk_a"), 1000);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_TRUE(id->starts_with("dl_"));
  EXPECT_EQ(id->size(), 3u + 43u);  // 256 bits in base64url without padding

  Result<ExportLinks::Grant> peeked = links.Peek(*id, 2000);
  ASSERT_TRUE(peeked.ok()) << peeked.status().ToString();
  EXPECT_EQ(peeked->authorization, "Bearer vk_a");

  Result<ExportLinks::Grant> taken = links.Take(*id, 2000);
  ASSERT_TRUE(taken.ok()) << taken.status().ToString();
  EXPECT_EQ(taken->authorization, "Bearer vk_a");
  ASSERT_EQ(taken->query.size(), 2u);
  EXPECT_EQ(taken->query[1].second, "csv");
  EXPECT_EQ(taken->expires_ms, 1000 + ExportLinks::kTtlMs);

  Result<ExportLinks::Grant> again = links.Take(*id, 2000);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kNotFound);
  EXPECT_NE(again.status().message().find("single-use"), std::string::npos);
}

TEST(ExportLinksTest, LinksAreDistinctAndUnknownIdsAreRefused) {
  ExportLinks links;
  Result<std::string> a = links.Create(GrantFor("Bearer vk_a"), 0);
  Result<std::string> b = links.Create(GrantFor("Bearer vk_b"), 0);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(links.Take(*b, 1)->authorization, "Bearer vk_b");
  EXPECT_EQ(links.Take(*a, 1)->authorization, "Bearer vk_a");
  EXPECT_FALSE(links.Take("dl_nope", 1).ok());
  EXPECT_FALSE(links.Take("", 1).ok());
}

TEST(ExportLinksTest, ExpiredLinksAreRefusedAndDropped) {
  ExportLinks links;
  Result<std::string> id = links.Create(GrantFor("Bearer vk_a"), 0);
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(links.Peek(*id, ExportLinks::kTtlMs - 1).ok());
  EXPECT_FALSE(links.Peek(*id, ExportLinks::kTtlMs).ok());
  EXPECT_EQ(links.Take(*id, ExportLinks::kTtlMs).status().code(), StatusCode::kNotFound);
}

TEST(ExportLinksTest, PendingLinksAreBoundedUntilTheyExpire) {
  ExportLinks links;
  for (size_t i = 0; i < ExportLinks::kMaxPending; ++i) {
    ASSERT_TRUE(links.Create(GrantFor("Bearer vk_a"), 0).ok()) << i;
  }
  Result<std::string> full = links.Create(GrantFor("Bearer vk_a"), 1);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(full.status().message().find("1024 download links are waiting"), std::string::npos)
      << full.status().message();
  // Once the first ones expire, room is made.
  EXPECT_TRUE(links.Create(GrantFor("Bearer vk_a"), ExportLinks::kTtlMs).ok());
}

}  // namespace
}  // namespace vigil::api
