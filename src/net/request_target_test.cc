#include "net/request_target.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace vigil::net {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

HttpRequest Parse(std::string_view target) {
  HttpRequest request;
  Status status = ParseRequestTarget(target, &request);
  EXPECT_TRUE(status.ok()) << target << ": " << status.ToString();
  return request;
}

TEST(RequestTargetTest, DecodesPathButNotPlus) {
  EXPECT_EQ(Parse("/v1/events").path, "/v1/events");
  EXPECT_EQ(Parse("/a%20b/c%2Fd").path, "/a b/c/d");
  EXPECT_EQ(Parse("/a+b").path, "/a+b");
  EXPECT_EQ(Parse("/caf%C3%A9").path, "/caf\xC3\xA9");
  EXPECT_TRUE(Parse("/v1/events").query.empty());
}

TEST(RequestTargetTest, DecodesEachSegmentOnItsOwn) {
  using Segments = std::vector<std::string>;
  EXPECT_EQ(Parse("/v1/events/orders%2F42").segments, (Segments{"v1", "events", "orders/42"}));
  EXPECT_EQ(Parse("/a%20b/c?x=/y").segments, (Segments{"a b", "c"}));
  EXPECT_EQ(Parse("/v1/events/").segments, (Segments{"v1", "events", ""}));
  EXPECT_EQ(Parse("/").segments, Segments{""});
  EXPECT_EQ(Parse("http://h/x/y").segments, (Segments{"x", "y"}));
}

TEST(RequestTargetTest, SplitsQueryFormStyle) {
  EXPECT_EQ(Parse("/x?q=a+b%20c&x=%2B&x=2").query, (Query{{"q", "a b c"}, {"x", "+"}, {"x", "2"}}));
  EXPECT_EQ(Parse("/x?flag&empty=&&=v").query, (Query{{"flag", ""}, {"empty", ""}, {"", "v"}}));
  EXPECT_EQ(Parse("/x?a=1=2").query, (Query{{"a", "1=2"}}));
  EXPECT_EQ(Parse("/x?").query, Query{});
}

TEST(RequestTargetTest, TakesStrayCharactersLiterally) {
  HttpRequest request = Parse("/x y/\"q\"?q=\"a b\"|c>1&f[0]={x}#frag");
  EXPECT_EQ(request.path, "/x y/\"q\"");
  EXPECT_EQ(request.query, (Query{{"q", "\"a b\"|c>1"}, {"f[0]", "{x}#frag"}}));
  EXPECT_EQ(Parse("/\xC3\xA9").path, "/\xC3\xA9");
}

TEST(RequestTargetTest, AcceptsAbsoluteFormAndAsterisk) {
  HttpRequest request = Parse("http://example.com:8080/v1/x%21?a=b");
  EXPECT_EQ(request.path, "/v1/x!");
  EXPECT_EQ(request.query, (Query{{"a", "b"}}));
  EXPECT_EQ(Parse("https://example.com").path, "/");
  EXPECT_EQ(Parse("*").path, "*");
}

TEST(RequestTargetTest, RejectsBadPercentEncoding) {
  for (const char* bad :
       {"/x?q=%zz", "/x%g1", "/x?q=100%", "/x%2", "/a%00b", "ftp://h/x", "example.com/x"}) {
    HttpRequest request;
    Status status = ParseRequestTarget(bad, &request);
    EXPECT_TRUE(status.IsInvalidArgument()) << bad << ": " << status.ToString();
    EXPECT_NE(status.message().find("request target"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace vigil::net
