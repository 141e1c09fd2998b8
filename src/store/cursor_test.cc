#include "store/cursor.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(CursorTest, RoundTripBothOrders) {
  for (Order o : {Order::kNewestFirst, Order::kOldestFirst}) {
    CursorPosition p{o, 1'763'700'000'123, 987654321};
    std::string c = EncodeCursor(p);
    EXPECT_EQ(
        c.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);  // URL-safe
    auto back = DecodeCursor(c, o);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->time_ms, p.time_ms);
    EXPECT_EQ(back->seq, p.seq);
  }
}

TEST(CursorTest, RejectsForeignAndTamperedCursors) {
  std::string c = EncodeCursor({Order::kNewestFirst, 5, 6});
  EXPECT_TRUE(DecodeCursor(c, Order::kOldestFirst).status().IsInvalidArgument());
  for (std::string bad : {std::string("abc"), std::string("!!!"), std::string(200, 'A'),
                          c.substr(0, c.size() - 2), std::string("")}) {
    auto r = DecodeCursor(bad, Order::kNewestFirst);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(r.status().message().starts_with("cursor:"));
  }
}

TEST(CursorTest, IsAfterFollowsPageOrder) {
  CursorPosition desc{Order::kNewestFirst, 100, 10};
  EXPECT_TRUE(IsAfter(desc, 99, 50));
  EXPECT_TRUE(IsAfter(desc, 100, 9));
  EXPECT_FALSE(IsAfter(desc, 100, 10));
  EXPECT_FALSE(IsAfter(desc, 101, 0));
  CursorPosition asc{Order::kOldestFirst, 100, 10};
  EXPECT_TRUE(IsAfter(asc, 100, 11));
  EXPECT_FALSE(IsAfter(asc, 100, 10));
  EXPECT_FALSE(IsAfter(asc, 99, 99));
}

}  // namespace
}  // namespace vigil
