// RenderQuery: canonical text, and ParseQuery(RenderQuery(f)) == f.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/timestamp.h"
#include "query/filter_test_util.h"
#include "query/query_parser.h"
#include "query/query_renderer.h"

namespace vigil {
namespace {

const int64_t kNow = ParseRfc3339("2026-11-21T15:30:45.123Z").value();

std::string Render(std::string_view q) {
  auto f = ParseQuery(q, kNow);
  if (!f.ok()) return "parse error: " + f.status().message();
  auto text = RenderQuery(*f);
  if (!text.ok()) return "render error: " + text.status().message();
  return *text;
}

// Parses q; if it parses, its rendering must parse (at another now) to the
// same Filter and render to the same text again.
::testing::AssertionResult RoundTrips(std::string_view q) {
  auto f = ParseQuery(q, kNow);
  if (!f.ok()) {
    if (f.status().IsInvalidArgument()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "'" << q << "': " << f.status().ToString();
  }
  auto text = RenderQuery(*f);
  if (!text.ok()) {
    return ::testing::AssertionFailure() << "'" << q << "' parsed to " << DescribeFilter(*f)
                                         << " but does not render: " << text.status().ToString();
  }
  auto back = ParseQuery(*text, kNow + 123456789);
  if (!back.ok()) {
    return ::testing::AssertionFailure() << "'" << q << "' renders as '" << *text
                                         << "' which does not parse: " << back.status().ToString();
  }
  if (!SameFilter(*f, *back)) {
    return ::testing::AssertionFailure()
           << "'" << q << "' renders as '" << *text << "'\n  first:  " << DescribeFilter(*f)
           << "\n  second: " << DescribeFilter(*back);
  }
  auto again = RenderQuery(*back);
  if (!again.ok() || *again != *text) {
    return ::testing::AssertionFailure() << "'" << q << "' renders as '" << *text
                                         << "' and then as '" << (again.ok() ? *again : "?") << "'";
  }
  return ::testing::AssertionSuccess();
}

TEST(QueryRoundTripTest, CanonicalText) {
  EXPECT_EQ(Render(""), "");
  EXPECT_EQ(Render("  a   b  "), "a b");
  EXPECT_EQ(Render("a AND b"), "a b");
  EXPECT_EQ(Render("NOT a"), "-a");
  EXPECT_EQ(Render("NOT (a OR b)"), "-(a OR b)");
  EXPECT_EQ(Render("NOT (a b)"), "-(a b)");
  EXPECT_EQ(Render("--a"), "--a");
  EXPECT_EQ(Render("-(-a)"), "--a");
  EXPECT_EQ(Render("(a OR b) c"), "(a OR b) c");
  EXPECT_EQ(Render("a b OR c"), "a b OR c");
  EXPECT_EQ(Render("(a b) OR (c d)"), "a b OR c d");
  EXPECT_EQ(Render("((a))"), "a");
  EXPECT_EQ(Render("(a b) c"), "a b c");
  EXPECT_EQ(Render("USER:ada ENV:Prod"), "actor:ada environment:prod");
  EXPECT_EQ(Render("method:post,put"), "method:POST,PUT");
  EXPECT_EQ(Render("ada@example.com"), "\"ada example com\"");
  EXPECT_EQ(Render("\"Renamed App\""), "\"renamed app\"");
  EXPECT_EQ(Render("Renam*"), "renam*");
  EXPECT_EQ(Render("ada@exam*"), "\"ada exam\"*");
  EXPECT_EQ(Render("\"OR\""), "or");
  EXPECT_EQ(Render("actor:\"Ada Lovelace\""), "actor:\"Ada Lovelace\"");
  EXPECT_EQ(Render("actor:\"ada\""), "actor:ada");
  EXPECT_EQ(Render(R"(actor:"say \"hi\"")"), R"(actor:"say \"hi\"")");
  EXPECT_EQ(Render(R"(path:"C:\\dir")"), R"(path:C:\dir)");
  EXPECT_EQ(Render(R"(path:"C:\\a b")"), R"(path:"C:\\a b")");
  EXPECT_EQ(Render("path:\"/a*\""), "path:\"/a*\"");
  EXPECT_EQ(Render("path:\"/a b\"*"), "path:\"/a b\"*");
  EXPECT_EQ(Render("path:\"a,b\""), "path:\"a,b\"");
  EXPECT_EQ(Render("action:app.*"), "action:app.*");
  EXPECT_EQ(Render("ip:203.0.113.77/24"), "ip:203.0.113.0/24");
  EXPECT_EQ(Render("ip:2001:DB8::1"), "ip:2001:db8::1");
  EXPECT_EQ(Render("ip:::ffff:10.1.1.1/104"), "ip:10.0.0.0/8");
  EXPECT_EQ(Render("country:de"), "country:DE");
  EXPECT_EQ(Render("duration:100.."), "duration:>=100");
  EXPECT_EQ(Render("duration:..100"), "duration:<=100");
  EXPECT_EQ(Render("duration:1e3"), "duration:1000");
  EXPECT_EQ(Render("duration:100..200"), "duration:100..200");
  EXPECT_EQ(Render("time:today"), "time:2026-11-21");
  EXPECT_EQ(Render("time:last-week"), "time:2026-11-09..2026-11-15");
  EXPECT_EQ(Render("time:last-24h"), "time:2026-11-20T15:30:45.123Z..2026-11-21T15:30:45.124Z");
  EXPECT_EQ(Render("time:2026-11-01..2026-11-21"), "time:2026-11-01..2026-11-21");
  EXPECT_EQ(Render("time:2026-11-21T00:00:00Z..2026-11-22T00:00:00Z"), "time:2026-11-21");
  EXPECT_EQ(Render("time:..2026-11-21T10:00:00+01:00"), "time:..2026-11-21T09:00:00.000Z");
  EXPECT_EQ(Render("time:2026-11-21T10:00:00Z"), "time:2026-11-21T10:00:00.000Z");
}

TEST(QueryRoundTripTest, RenderRefusesWhatTheSyntaxCannotSay) {
  auto error = [](const Filter& f) {
    auto r = RenderQuery(f);
    return r.ok() ? "rendered: " + *r : r.status().message();
  };
  auto word = FilterNode::Term(FilterField::kActor, {FilterValue::Exact("ada")});
  EXPECT_EQ(error(FilterNode::And({word, FilterNode::All()})),
            "a match-all node inside a filter cannot be written as a query");
  EXPECT_EQ(error(FilterNode::And({})),
            "an AND or OR node with no children cannot be written "
            "as a query");
  FilterNode bad_not;
  bad_not.op = FilterNode::Op::kNot;
  EXPECT_EQ(error(bad_not), "a NOT node without exactly one child cannot be written as a query");
  EXPECT_EQ(error(FilterNode::Term(FilterField::kActor, {})),
            "a term with no values cannot be written as a query");
  EXPECT_EQ(error(FilterNode::Term(FilterField::kStatus, {FilterValue::Prefix("succ")})),
            "a prefix value 'succ' for status cannot be written as a query");
  EXPECT_EQ(error(FilterNode::Term(FilterField::kActor, {FilterValue::Exact("")})),
            "an exact value '' for actor cannot be written as a query");
  EXPECT_EQ(error(FilterNode::Term(FilterField::kText, {FilterValue::Exact("a")})),
            "a full-text term that is not exactly one phrase cannot be written as a query");
  FilterValue upper;
  upper.kind = FilterValue::Kind::kPhrase;
  upper.tokens = {"Ada"};
  EXPECT_EQ(error(FilterNode::Term(FilterField::kText, {upper})),
            "the text token 'Ada' cannot be written as a query");
  FilterValue inclusive_end = FilterValue::Range(0, 1000);
  inclusive_end.hi_inclusive = true;
  EXPECT_EQ(error(FilterNode::Term(FilterField::kTime, {inclusive_end})),
            "time range [0, 1000] cannot be written as a query");
  EXPECT_EQ(error(FilterNode::Term(FilterField::kTime, {FilterValue::Range(0.5, 1000)})),
            "time range [0.5, 1000) cannot be written as a query");
  EXPECT_EQ(error(FilterNode::Term(FilterField::kActor, {FilterValue::Range(0, 1)})),
            "a range outside duration and time cannot be written as a query");
  FilterNode deep = word;
  for (int i = 0; i < 200; ++i) deep = FilterNode::Not(std::move(deep));
  EXPECT_EQ(error(deep), "a filter nested deeper than 128 levels cannot be written as a query");
  // Shapes ParseQuery does not produce but the syntax can say.
  EXPECT_EQ(error(FilterNode::And({word})), "rendered: actor:ada");
  EXPECT_EQ(error(FilterNode::And({FilterNode::And({word, word}), word})),
            "rendered: (actor:ada actor:ada) actor:ada");
}

TEST(QueryRoundTripTest, HandWrittenQueries) {
  const char* queries[] = {
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one string, split
      "action:app.create action:app.* -status:success actor:ada@example.com workspace:ws_1 "
      "target:app_9 method:POST,PUT ip:203.0.113.0/24 country:DE time:last-7d duration:>1000 "
      "\"renamed app\"",
      "a OR b c OR -(d OR e) f",
      "NOT NOT NOT a",
      "-(-(a OR -b) c)",
      "time:this-month,last-quarter duration:<=5,10..20,>1e16",
      "ip:::1,::/0,0.0.0.0/0,fe80::1:2:3:4/64",
      "actor:\"\\\\\",\"\\\"\",\"a b\"* path:\\\\",
      "Zürich 東京* \"é è\"",
      "time:..1970-01-01T00:00:00Z",
      "time:9999-12-31 time:1970-01-01",
      "duration:0.1..0.30000000000000004",
  };
  for (const char* q : queries) {
    ASSERT_TRUE(ParseQuery(q, kNow).ok()) << q << ": " << ParseQuery(q, kNow).status().ToString();
    EXPECT_TRUE(RoundTrips(q));
  }
}

// Generates random queries from the grammar (valid by construction, with a
// few mistakes mixed in), so the round trip covers every construct.
class QueryGenerator {
 public:
  explicit QueryGenerator(uint32_t seed) : rng_(seed) {}

  std::string Query() { return Or(0); }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  template <typename T, size_t N>
  const T& One(const T (&items)[N]) {
    return items[Pick(N)];
  }

  std::string Or(int depth) {
    std::string s = And(depth);
    while (Pick(4) == 0) s += " OR " + And(depth);
    return s;
  }

  std::string And(int depth) {
    std::string s = Unary(depth);
    while (Pick(3) == 0) s += (Pick(3) == 0 ? " AND " : " ") + Unary(depth);
    return s;
  }

  std::string Unary(int depth) {
    switch (depth < 6 ? Pick(8) : 7) {
      case 0:
        return "-" + Unary(depth + 1);
      case 1:
        return "NOT " + Unary(depth + 1);
      case 2:
        return "(" + Or(depth + 1) + ")";
      default:
        return Term();
    }
  }

  std::string Values(const char* const* values, size_t n) {
    std::string s = values[Pick(n)];
    while (Pick(4) == 0) s += std::string(",") + values[Pick(n)];
    return s;
  }

  std::string Term() {
    static const char* const kText[] = {"renamed",         "Renam*",
                                        "\"renamed app\"", "ada@example.com",
                                        "app.create",      "\"a \\\"b\\\" c\"*",
                                        "Zürich",          "x1*",
                                        "\"OR\"",          "10:30"};
    static const char* const kIds[] = {"01JD5ZK3Q8", "01J*",   "ws_1",     "\"Team A\"", "a,b",
                                       "\"a,b\"",    "\"x*\"", "\"x y\"*", "C:\\dir",    "-x"};
    static const char* const kFields[] = {
        "id",       "tenant",      "environment", "env",    "workspace",  "action",
        "category", "operation",   "actor",       "user",   "actor.role", "actor.status",
        "target",   "target.type", "resource",    "method", "path"};
    static const char* const kStatus[] = {"success", "Error"};
    static const char* const kTypes[] = {"user", "system", "api_key", "SERVICE"};
    static const char* const kIps[] = {"203.0.113.7",     "203.0.113.77/24",     "2001:db8::/32",
                                       "::ffff:10.0.0.1", "::ffff:10.9.0.0/100", "::1",
                                       "0.0.0.0/0",       "fe80::1/10"};
    static const char* const kCountries[] = {"de", "US", "fR"};
    static const char* const kDurations[] = {">1000", ">=1000", "<50",   "<=50", "100..200",
                                             "250",   "1.5..",  "..2e3", "0",    "1e20"};
    static const char* const kTimes[] = {"today",
                                         "yesterday",
                                         "last-24h",
                                         "last-7d",
                                         "last-30d",
                                         "last-90d",
                                         "last-15m",
                                         "this-week",
                                         "last-week",
                                         "this-month",
                                         "last-month",
                                         "this-quarter",
                                         "last-quarter",
                                         "2026-11-01..2026-11-21",
                                         "2026-11-21",
                                         "2026-11-01..",
                                         "..2026-11-21",
                                         "2026-11-21T09:30:00Z..2026-11-21T12:00:00.5+01:00",
                                         "2026-11-21T09:30:00Z",
                                         "1970-01-01..9999-12-31"};
    switch (Pick(10)) {
      case 0:
      case 1:
        return One(kText);
      case 2:
        return std::string(One(kFields)) + ":" + Values(kIds, std::size(kIds));
      case 3:
        return "status:" + Values(kStatus, std::size(kStatus));
      case 4:
        return "actor.type:" + Values(kTypes, std::size(kTypes));
      case 5:
        return "ip:" + Values(kIps, std::size(kIps));
      case 6:
        return "country:" + Values(kCountries, std::size(kCountries));
      case 7:
        return "duration:" + Values(kDurations, std::size(kDurations));
      case 8:
        return "time:" + Values(kTimes, std::size(kTimes));
      default:
        return "method:" + Values(kIds, 3);
    }
  }

  std::mt19937 rng_;
};

TEST(QueryRoundTripTest, GeneratedQueries) {
  QueryGenerator gen(20261121);
  int parsed = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string q = gen.Query();
    auto f = ParseQuery(q, kNow);
    if (q.size() <= 4096) {
      // Valid by construction unless nested too deep.
      EXPECT_TRUE(f.ok() || f.status().message().starts_with("nesting deeper"))
          << q << ": " << f.status().ToString();
    }
    parsed += f.ok();
    EXPECT_TRUE(RoundTrips(q));
  }
  EXPECT_GT(parsed, 4500);
}

TEST(QueryRoundTripTest, RandomBytesNeverCrash) {
  // Syntax characters and fragments, glued at random: mostly errors, some
  // valid queries; no input may crash, hang or break the round trip.
  static const char* const kPieces[] = {
      " ",   "(",          ")",         "-",       "\"",         "\\", "*", ",",
      ":",   "OR",         "AND",       "NOT",     "a",          "Z",  "é", "actor:",
      "ip:", "time:",      "duration:", "status:", "10.0.0.0/8", "..", ">", "<=",
      "1",   "2026-11-21", "today",     "\t",      "country:",   "@",  "/", "."};
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string q;
    size_t n = std::uniform_int_distribution<size_t>(0, 24)(rng);
    for (size_t k = 0; k < n; ++k) {
      q += kPieces[std::uniform_int_distribution<size_t>(0, std::size(kPieces) - 1)(rng)];
    }
    EXPECT_TRUE(RoundTrips(q));
  }
}

}  // namespace
}  // namespace vigil
