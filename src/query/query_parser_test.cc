#include "query/query_parser.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "core/timestamp.h"
#include "query/filter_test_util.h"

namespace vigil {
namespace {

using F = FilterField;

constexpr double kInf = std::numeric_limits<double>::infinity();

int64_t T(std::string_view rfc3339) { return ParseRfc3339(rfc3339).value(); }
int64_t D(std::string_view date) { return ParseDate(date).value(); }

const int64_t kNow = T("2026-11-21T15:30:45.123Z");

FilterValue E(std::string s) { return FilterValue::Exact(std::move(s)); }
FilterValue P(std::string s) { return FilterValue::Prefix(std::move(s)); }

FilterValue R(double lo, bool lo_inclusive, double hi, bool hi_inclusive) {
  FilterValue v = FilterValue::Range(lo, hi);
  v.lo_inclusive = lo_inclusive;
  v.hi_inclusive = hi_inclusive;
  return v;
}

FilterValue TimeRangeValue(int64_t from, int64_t to) {
  return FilterValue::Range(static_cast<double>(from), static_cast<double>(to));
}

FilterValue Cidr(int family, std::vector<uint8_t> bytes, int bits) {
  FilterValue v;
  v.kind = FilterValue::Kind::kCidr;
  v.family = family;
  std::copy(bytes.begin(), bytes.end(), v.address.begin());
  v.prefix_bits = bits;
  return v;
}

FilterNode Term(F field, std::vector<FilterValue> values) {
  return FilterNode::Term(field, std::move(values));
}

FilterNode Text(std::vector<std::string> tokens, bool prefix = false) {
  FilterValue v;
  v.kind = FilterValue::Kind::kPhrase;
  v.tokens = std::move(tokens);
  v.last_token_is_prefix = prefix;
  return FilterNode::Term(F::kText, {v});
}

// A one-token full-text word.
FilterNode W(std::string word) { return Text({std::move(word)}); }

FilterNode And(std::vector<FilterNode> c) { return FilterNode::And(std::move(c)); }
FilterNode Or(std::vector<FilterNode> c) { return FilterNode::Or(std::move(c)); }
FilterNode Not(FilterNode c) { return FilterNode::Not(std::move(c)); }

::testing::AssertionResult ParsesTo(std::string_view q, const Filter& want) {
  auto got = ParseQuery(q, kNow);
  if (!got.ok()) {
    return ::testing::AssertionFailure() << "'" << q << "': " << got.status().ToString();
  }
  if (!SameFilter(*got, want)) {
    return ::testing::AssertionFailure() << "'" << q << "'\n  got:  " << DescribeFilter(*got)
                                         << "\n  want: " << DescribeFilter(want);
  }
  return ::testing::AssertionSuccess();
}

TEST(QueryParserTest, EmptyQueryMatchesAll) {
  EXPECT_TRUE(ParsesTo("", FilterNode::All()));
  EXPECT_TRUE(ParsesTo("  \t\r\n ", FilterNode::All()));
}

TEST(QueryParserTest, StringFields) {
  EXPECT_TRUE(ParsesTo("id:01JD5ZK3Q8", Term(F::kId, {E("01JD5ZK3Q8")})));
  EXPECT_TRUE(ParsesTo("tenant:acme", Term(F::kTenant, {E("acme")})));
  EXPECT_TRUE(ParsesTo("workspace:ws_1", Term(F::kWorkspace, {E("ws_1")})));
  EXPECT_TRUE(ParsesTo("workspace:\"Team A\"", Term(F::kWorkspace, {E("Team A")})));
  EXPECT_TRUE(ParsesTo("action:app.create", Term(F::kAction, {E("app.create")})));
  EXPECT_TRUE(ParsesTo("category:Auth", Term(F::kCategory, {E("Auth")})));
  EXPECT_TRUE(ParsesTo("actor:ada@example.com", Term(F::kActor, {E("ada@example.com")})));
  EXPECT_TRUE(ParsesTo("actor:\"Ada Lovelace\"", Term(F::kActor, {E("Ada Lovelace")})));
  EXPECT_TRUE(ParsesTo("actor.role:admin", Term(F::kActorRole, {E("admin")})));
  EXPECT_TRUE(ParsesTo("actor.status:disabled,invited",
                       Term(F::kActorStatus, {E("disabled"), E("invited")})));
  EXPECT_TRUE(ParsesTo("target:app_9", Term(F::kTarget, {E("app_9")})));
  EXPECT_TRUE(ParsesTo("target.type:App", Term(F::kTargetType, {E("App")})));
  EXPECT_TRUE(ParsesTo("resource:res_1", Term(F::kResource, {E("res_1")})));
  EXPECT_TRUE(ParsesTo("path:/api/apps/9", Term(F::kPath, {E("/api/apps/9")})));
  EXPECT_TRUE(ParsesTo("path:C:\\dir", Term(F::kPath, {E("C:\\dir")})));  // no escapes unquoted
  EXPECT_TRUE(ParsesTo("actor:-x", Term(F::kActor, {E("-x")})));
  EXPECT_TRUE(ParsesTo("actor:a:b", Term(F::kActor, {E("a:b")})));
}

TEST(QueryParserTest, CaseNormalizedFields) {
  EXPECT_TRUE(ParsesTo("environment:Production", Term(F::kEnvironment, {E("production")})));
  EXPECT_TRUE(ParsesTo("operation:UPDATE", Term(F::kOperation, {E("update")})));
  EXPECT_TRUE(ParsesTo("method:post", Term(F::kMethod, {E("POST")})));
  EXPECT_TRUE(ParsesTo("country:de", Term(F::kCountry, {E("DE")})));
  EXPECT_TRUE(ParsesTo("status:success", Term(F::kStatus, {E("success")})));
  EXPECT_TRUE(ParsesTo("status:Error", Term(F::kStatus, {E("error")})));
  for (std::string type : {"user", "system", "api_key", "service"}) {
    EXPECT_TRUE(ParsesTo("actor.type:" + type, Term(F::kActorType, {E(type)})));
  }
  EXPECT_TRUE(ParsesTo("actor.type:API_KEY", Term(F::kActorType, {E("api_key")})));
  EXPECT_TRUE(ParsesTo("environment:Prod*", Term(F::kEnvironment, {P("prod")})));
}

TEST(QueryParserTest, FieldNamesAreCaseInsensitiveAndHaveAliases) {
  EXPECT_TRUE(ParsesTo("ACTOR:ada", Term(F::kActor, {E("ada")})));
  EXPECT_TRUE(ParsesTo("user:ada", Term(F::kActor, {E("ada")})));
  EXPECT_TRUE(ParsesTo("env:PROD", Term(F::kEnvironment, {E("prod")})));
  EXPECT_TRUE(ParsesTo("Actor.Role:admin", Term(F::kActorRole, {E("admin")})));
}

TEST(QueryParserTest, CommaIsOrWithinAField) {
  EXPECT_TRUE(ParsesTo("method:POST,put", Term(F::kMethod, {E("POST"), E("PUT")})));
  EXPECT_TRUE(ParsesTo("actor:ada,\"Bob Smith\",car*",
                       Term(F::kActor, {E("ada"), E("Bob Smith"), P("car")})));
  EXPECT_TRUE(ParsesTo("status:success,error", Term(F::kStatus, {E("success"), E("error")})));
  EXPECT_TRUE(ParsesTo("time:today,yesterday",
                       Term(F::kTime, {TimeRangeValue(D("2026-11-21"), D("2026-11-22")),
                                       TimeRangeValue(D("2026-11-20"), D("2026-11-21"))})));
  EXPECT_TRUE(ParsesTo("ip:10.0.0.1,192.168.0.0/16",
                       Term(F::kIp, {E("10.0.0.1"), Cidr(4, {192, 168}, 16)})));
  EXPECT_TRUE(ParsesTo("duration:<10,>1000", Term(F::kDuration, {R(-kInf, true, 10, false),
                                                                 R(1000, false, kInf, false)})));
}

TEST(QueryParserTest, PrefixMatches) {
  EXPECT_TRUE(ParsesTo("action:app.*", Term(F::kAction, {P("app.")})));
  EXPECT_TRUE(ParsesTo("path:/api/*", Term(F::kPath, {P("/api/")})));
  EXPECT_TRUE(ParsesTo("id:01J*", Term(F::kId, {P("01J")})));
  EXPECT_TRUE(ParsesTo("actor:\"Ada L\"*", Term(F::kActor, {P("Ada L")})));
  EXPECT_TRUE(ParsesTo("path:\"/a*\"", Term(F::kPath, {E("/a*")})));  // quoted: a literal *
  EXPECT_TRUE(ParsesTo("method:P*", Term(F::kMethod, {P("P")})));
}

TEST(QueryParserTest, QuotedValuesAndEscapes) {
  EXPECT_TRUE(ParsesTo(R"(actor:"Ada \"The Countess\" Lovelace")",
                       Term(F::kActor, {E("Ada \"The Countess\" Lovelace")})));
  EXPECT_TRUE(ParsesTo(R"(path:"C:\\dir\\")", Term(F::kPath, {E("C:\\dir\\")})));
  EXPECT_TRUE(ParsesTo(R"q(path:"a,b (c)")q", Term(F::kPath, {E("a,b (c)")})));
  EXPECT_TRUE(ParsesTo(R"(actor:"AND")", Term(F::kActor, {E("AND")})));
  EXPECT_TRUE(ParsesTo("actor:AND", Term(F::kActor, {E("AND")})));
}

TEST(QueryParserTest, FullText) {
  EXPECT_TRUE(ParsesTo("renamed", W("renamed")));
  EXPECT_TRUE(ParsesTo("Renamed", W("renamed")));
  EXPECT_TRUE(ParsesTo("ada@example.com", Text({"ada", "example", "com"})));
  EXPECT_TRUE(ParsesTo("app.create", Text({"app", "create"})));
  EXPECT_TRUE(ParsesTo("\"renamed app\"", Text({"renamed", "app"})));
  EXPECT_TRUE(ParsesTo("\"Renamed  the APP!\"", Text({"renamed", "the", "app"})));
  EXPECT_TRUE(ParsesTo("renam*", Text({"renam"}, true)));
  EXPECT_TRUE(ParsesTo("ada@exam*", Text({"ada", "exam"}, true)));
  EXPECT_TRUE(ParsesTo("\"renamed ap\"*", Text({"renamed", "ap"}, true)));
  EXPECT_TRUE(ParsesTo("Zürich", W("zürich")));
  EXPECT_TRUE(ParsesTo("東京", W("東京")));
  EXPECT_TRUE(ParsesTo("\"OR\"", W("or")));
  EXPECT_TRUE(ParsesTo("10:30", Text({"10", "30"})));  // not a field: names start with a letter
  EXPECT_TRUE(ParsesTo("a-b", Text({"a", "b"})));
}

TEST(QueryParserTest, SpaceAndExplicitAnd) {
  FilterNode want = And({Term(F::kAction, {E("app.create")}), Term(F::kStatus, {E("error")})});
  EXPECT_TRUE(ParsesTo("action:app.create status:error", want));
  EXPECT_TRUE(ParsesTo("action:app.create AND status:error", want));
  EXPECT_TRUE(ParsesTo("  action:app.create\t\n status:error  ", want));
  EXPECT_TRUE(ParsesTo("a b c", And({W("a"), W("b"), W("c")})));
  // Lower-case and/or/not are words, not keywords.
  EXPECT_TRUE(ParsesTo("a or b", And({W("a"), W("or"), W("b")})));
  EXPECT_TRUE(ParsesTo("not a", And({W("not"), W("a")})));
}

TEST(QueryParserTest, AndBindsTighterThanOr) {
  EXPECT_TRUE(ParsesTo("a b OR c", Or({And({W("a"), W("b")}), W("c")})));
  EXPECT_TRUE(ParsesTo("a OR b c", Or({W("a"), And({W("b"), W("c")})})));
  EXPECT_TRUE(ParsesTo("a AND b OR c AND d", Or({And({W("a"), W("b")}), And({W("c"), W("d")})})));
  EXPECT_TRUE(ParsesTo("a OR b OR c", Or({W("a"), W("b"), W("c")})));
  EXPECT_TRUE(ParsesTo("(a OR b) c", And({Or({W("a"), W("b")}), W("c")})));
  EXPECT_TRUE(ParsesTo("a (b OR c) d", And({W("a"), Or({W("b"), W("c")}), W("d")})));
}

TEST(QueryParserTest, NegationBindsTightest) {
  EXPECT_TRUE(ParsesTo("-a", Not(W("a"))));
  EXPECT_TRUE(ParsesTo("NOT a", Not(W("a"))));
  EXPECT_TRUE(ParsesTo("-status:success", Not(Term(F::kStatus, {E("success")}))));
  EXPECT_TRUE(ParsesTo("-a b", And({Not(W("a")), W("b")})));
  EXPECT_TRUE(ParsesTo("NOT a OR b", Or({Not(W("a")), W("b")})));
  EXPECT_TRUE(ParsesTo("-(a b)", Not(And({W("a"), W("b")}))));
  EXPECT_TRUE(ParsesTo("NOT (a OR b)", Not(Or({W("a"), W("b")}))));
  EXPECT_TRUE(ParsesTo("NOT(a)", Not(W("a"))));
  EXPECT_TRUE(ParsesTo("--a", Not(Not(W("a")))));
  EXPECT_TRUE(ParsesTo("NOT -a", Not(Not(W("a")))));
  EXPECT_TRUE(ParsesTo("-\"renamed app\"", Not(Text({"renamed", "app"}))));
  EXPECT_TRUE(ParsesTo("a -b OR -c", Or({And({W("a"), Not(W("b"))}), Not(W("c"))})));
}

TEST(QueryParserTest, GroupsFlattenAndVanish) {
  EXPECT_TRUE(ParsesTo("(a)", W("a")));
  EXPECT_TRUE(ParsesTo("((((a))))", W("a")));
  EXPECT_TRUE(ParsesTo("(a b) c", And({W("a"), W("b"), W("c")})));
  EXPECT_TRUE(ParsesTo("a (b (c d))", And({W("a"), W("b"), W("c"), W("d")})));
  EXPECT_TRUE(ParsesTo("a OR (b OR c)", Or({W("a"), W("b"), W("c")})));
  EXPECT_TRUE(ParsesTo("(a) OR ((b c))", Or({W("a"), And({W("b"), W("c")})})));
  EXPECT_TRUE(ParsesTo("(a OR b) (c OR d)", And({Or({W("a"), W("b")}), Or({W("c"), W("d")})})));
  EXPECT_TRUE(ParsesTo("-(a) b", And({Not(W("a")), W("b")})));
  EXPECT_TRUE(ParsesTo("(a)\t(b)", And({W("a"), W("b")})));
  EXPECT_TRUE(ParsesTo("(a OR b)", Or({W("a"), W("b")})));
}

TEST(QueryParserTest, IpAddressesAndCidrs) {
  EXPECT_TRUE(ParsesTo("ip:203.0.113.7", Term(F::kIp, {E("203.0.113.7")})));
  EXPECT_TRUE(ParsesTo("ip:2001:DB8::0001", Term(F::kIp, {E("2001:db8::1")})));
  EXPECT_TRUE(ParsesTo("ip:::ffff:203.0.113.7", Term(F::kIp, {E("203.0.113.7")})));
  EXPECT_TRUE(ParsesTo("ip:203.0.113.0/24", Term(F::kIp, {Cidr(4, {203, 0, 113, 0}, 24)})));
  EXPECT_TRUE(ParsesTo("ip:203.0.113.99/24", Term(F::kIp, {Cidr(4, {203, 0, 113, 0}, 24)})));
  EXPECT_TRUE(ParsesTo("ip:10.200.0.1/12", Term(F::kIp, {Cidr(4, {10, 192}, 12)})));
  EXPECT_TRUE(ParsesTo("ip:2001:db8::/32", Term(F::kIp, {Cidr(6, {0x20, 0x01, 0x0d, 0xb8}, 32)})));
  EXPECT_TRUE(ParsesTo("ip:2001:db8:ffff::/33",
                       Term(F::kIp, {Cidr(6, {0x20, 0x01, 0x0d, 0xb8, 0x80}, 33)})));
  EXPECT_TRUE(ParsesTo("ip:::ffff:10.9.9.9/104", Term(F::kIp, {Cidr(4, {10}, 8)})));
  EXPECT_TRUE(ParsesTo("ip:\"10.0.0.0/8\"", Term(F::kIp, {Cidr(4, {10}, 8)})));
}

TEST(QueryParserTest, Durations) {
  EXPECT_TRUE(ParsesTo("duration:>1000", Term(F::kDuration, {R(1000, false, kInf, false)})));
  EXPECT_TRUE(ParsesTo("duration:>=1000", Term(F::kDuration, {R(1000, true, kInf, false)})));
  EXPECT_TRUE(ParsesTo("duration:<50", Term(F::kDuration, {R(-kInf, true, 50, false)})));
  EXPECT_TRUE(ParsesTo("duration:<=50", Term(F::kDuration, {R(-kInf, true, 50, true)})));
  EXPECT_TRUE(ParsesTo("duration:100..200", Term(F::kDuration, {R(100, true, 200, true)})));
  EXPECT_TRUE(ParsesTo("duration:250", Term(F::kDuration, {R(250, true, 250, true)})));
  EXPECT_TRUE(ParsesTo("duration:1.5..", Term(F::kDuration, {R(1.5, true, kInf, false)})));
  EXPECT_TRUE(ParsesTo("duration:..20", Term(F::kDuration, {R(-kInf, true, 20, true)})));
}

TEST(QueryParserTest, TimePresets) {
  auto preset = [](std::string_view name, int64_t from, int64_t to) {
    return ParsesTo("time:" + std::string(name), Term(F::kTime, {TimeRangeValue(from, to)}));
  };
  EXPECT_TRUE(preset("today", D("2026-11-21"), D("2026-11-22")));
  EXPECT_TRUE(preset("yesterday", D("2026-11-20"), D("2026-11-21")));
  EXPECT_TRUE(preset("last-24h", kNow - kMsPerDay, kNow + 1));
  EXPECT_TRUE(preset("last-7d", kNow - 7 * kMsPerDay, kNow + 1));
  EXPECT_TRUE(preset("last-30d", kNow - 30 * kMsPerDay, kNow + 1));
  EXPECT_TRUE(preset("last-90d", kNow - 90 * kMsPerDay, kNow + 1));
  EXPECT_TRUE(preset("last-15m", kNow - 15 * kMsPerMinute, kNow + 1));
  EXPECT_TRUE(preset("last-6h", kNow - 6 * kMsPerHour, kNow + 1));
  EXPECT_TRUE(preset("this-week", D("2026-11-16"), D("2026-11-23")));
  EXPECT_TRUE(preset("last-week", D("2026-11-09"), D("2026-11-16")));
  EXPECT_TRUE(preset("this-month", D("2026-11-01"), D("2026-12-01")));
  EXPECT_TRUE(preset("last-month", D("2026-10-01"), D("2026-11-01")));
  EXPECT_TRUE(preset("this-quarter", D("2026-10-01"), D("2027-01-01")));
  EXPECT_TRUE(preset("last-quarter", D("2026-07-01"), D("2026-10-01")));
  EXPECT_TRUE(preset("Today", D("2026-11-21"), D("2026-11-22")));
}

TEST(QueryParserTest, AbsoluteTimes) {
  auto range = [](std::string_view value, double from, double to) {
    return ParsesTo("time:" + std::string(value), Term(F::kTime, {FilterValue::Range(from, to)}));
  };
  auto d = [](std::string_view date) { return static_cast<double>(D(date)); };
  auto t = [](std::string_view ts) { return static_cast<double>(T(ts)); };
  EXPECT_TRUE(range("2026-11-01..2026-11-21", d("2026-11-01"), d("2026-11-22")));
  EXPECT_TRUE(range("2026-11-21", d("2026-11-21"), d("2026-11-22")));
  EXPECT_TRUE(range("2026-11-01..", d("2026-11-01"), kInf));
  EXPECT_TRUE(range("..2026-11-21", -kInf, d("2026-11-22")));
  EXPECT_TRUE(range("2026-11-21T09:00:00Z..2026-11-21T17:00:00Z", t("2026-11-21T09:00:00Z"),
                    t("2026-11-21T17:00:00Z")));
  EXPECT_TRUE(range("2026-11-21T09:00:00+01:00..", t("2026-11-21T08:00:00Z"), kInf));
  EXPECT_TRUE(range("2026-11-21T09:00:00.5Z", t("2026-11-21T09:00:00.500Z"),
                    t("2026-11-21T09:00:00.501Z")));
  EXPECT_TRUE(ParsesTo("time:\"2026-11-21 09:00:00Z..\"",
                       Term(F::kTime, {FilterValue::Range(t("2026-11-21T09:00:00Z"), kInf)})));
}

TEST(QueryParserTest, TheDesignExample) {
  auto got = ParseQuery(
      "action:app.create action:app.* -status:success actor:ada@example.com "
      "workspace:ws_1 target:app_9 method:POST,PUT ip:203.0.113.0/24 country:DE "
      "time:last-7d duration:>1000 \"renamed app\"",
      kNow);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  FilterNode want = And({
      Term(F::kAction, {E("app.create")}),
      Term(F::kAction, {P("app.")}),
      Not(Term(F::kStatus, {E("success")})),
      Term(F::kActor, {E("ada@example.com")}),
      Term(F::kWorkspace, {E("ws_1")}),
      Term(F::kTarget, {E("app_9")}),
      Term(F::kMethod, {E("POST"), E("PUT")}),
      Term(F::kIp, {Cidr(4, {203, 0, 113, 0}, 24)}),
      Term(F::kCountry, {E("DE")}),
      Term(F::kTime, {TimeRangeValue(kNow - 7 * kMsPerDay, kNow + 1)}),
      Term(F::kDuration, {R(1000, false, kInf, false)}),
      Text({"renamed", "app"}),
  });
  EXPECT_TRUE(SameFilter(*got, want)) << DescribeFilter(*got);
}

TEST(QueryParserTest, LimitsAreInclusive) {
  std::string longest(4096, 'a');
  EXPECT_TRUE(ParsesTo(longest, W(longest)));
  std::string deepest = std::string(32, '(') + "a" + std::string(32, ')');
  EXPECT_TRUE(ParsesTo(deepest, W("a")));
  FilterNode nots = W("a");
  for (int i = 0; i < 32; ++i) nots = Not(std::move(nots));
  EXPECT_TRUE(ParsesTo(std::string(32, '-') + "a", nots));
  // Depth counts nesting, not the number of groups: many siblings are fine.
  std::string wide;
  for (int i = 0; i < 500; ++i) wide += "(a) ";
  EXPECT_TRUE(ParseQuery(wide, kNow).ok());
}

}  // namespace
}  // namespace vigil
