// Every error of ParseQuery: the exact message and position a user sees.
#include <gtest/gtest.h>

#include <string>

#include "core/timestamp.h"
#include "query/query_lexer.h"
#include "query/query_parser.h"

namespace vigil {
namespace {

const int64_t kNow = ParseRfc3339("2026-11-21T15:30:45.123Z").value();

std::string Error(std::string_view q) {
  auto r = ParseQuery(q, kNow);
  if (r.ok()) return "(parsed)";
  EXPECT_TRUE(r.status().IsInvalidArgument()) << q;
  return r.status().message();
}

TEST(QueryErrorsTest, ExamplesFromTheContract) {
  EXPECT_EQ(Error("actor:ada OR b )"), "unexpected ')' at 15");
  EXPECT_EQ(Error("acter:ada"), "unknown field 'acter' at 0 (did you mean 'actor'?)");
  EXPECT_EQ(Error("ip:10.0.0.0/33"), "bad CIDR '10.0.0.0/33' at 3: prefix length over 32");
}

TEST(QueryErrorsTest, Parentheses) {
  EXPECT_EQ(Error(")"), "unexpected ')' at 0");
  EXPECT_EQ(Error("a)"), "unexpected ')' at 1");
  EXPECT_EQ(Error("(a))"), "unexpected ')' at 3");
  EXPECT_EQ(Error("("), "unclosed '(' at 0");
  EXPECT_EQ(Error("a ( "), "unclosed '(' at 2");
  EXPECT_EQ(Error("-("), "unclosed '(' at 1");
  EXPECT_EQ(Error("(a b"), "unclosed '(' at 0");
  EXPECT_EQ(Error("a (b (c)"), "unclosed '(' at 2");
  EXPECT_EQ(Error("a ((b) OR c"), "unclosed '(' at 2");
  EXPECT_EQ(Error("()"), "empty parentheses at 0");
  EXPECT_EQ(Error("a ( )"), "empty parentheses at 2");
  EXPECT_EQ(Error("-()"), "empty parentheses at 1");
}

TEST(QueryErrorsTest, Quotes) {
  EXPECT_EQ(Error("\"abc"), "unclosed '\"' at 0");
  EXPECT_EQ(Error("a \"abc\\\""), "unclosed '\"' at 2");
  EXPECT_EQ(Error("actor:\"abc"), "unclosed '\"' at 6");
  EXPECT_EQ(Error("\"abc\\"), "unclosed '\"' at 0");
  EXPECT_EQ(Error("\"a\\nb\""), "bad escape '\\n' at 2 (only \\\" and \\\\ are escapes in quotes)");
  EXPECT_EQ(Error("\"a\\éb\""), "bad escape '\\é' at 2 (only \\\" and \\\\ are escapes in quotes)");
}

TEST(QueryErrorsTest, MissingAndEmptyValues) {
  EXPECT_EQ(Error("actor:"), "missing value for 'actor' at 6");
  EXPECT_EQ(Error("actor: ada"), "missing value for 'actor' at 6");
  EXPECT_EQ(Error("(actor:)"), "missing value for 'actor' at 7");
  EXPECT_EQ(Error("user:(a)"), "missing value for 'user' at 5");
  EXPECT_EQ(Error("actor:,,"), "missing value for 'actor' at 6");
  EXPECT_EQ(Error("actor:a,"), "missing value after ',' at 8");
  EXPECT_EQ(Error("actor:a,,b"), "missing value after ',' at 8");
  EXPECT_EQ(Error("actor:a, b"), "missing value after ',' at 8");
  EXPECT_EQ(Error("actor:\"\""), "empty value for 'actor' at 6");
  EXPECT_EQ(Error("actor:a,\"\""), "empty value for 'actor' at 8");
  EXPECT_EQ(Error("actor:*"), "empty prefix for 'actor' at 6");
  EXPECT_EQ(Error("actor:\"\"*"), "empty prefix for 'actor' at 6");
}

TEST(QueryErrorsTest, NegationAndKeywords) {
  const std::string dangling = " (write it directly before a term, as in -status:error)";
  EXPECT_EQ(Error("-"), "dangling '-' at 0" + dangling);
  EXPECT_EQ(Error("a -"), "dangling '-' at 2" + dangling);
  EXPECT_EQ(Error("- a"), "dangling '-' at 0" + dangling);
  EXPECT_EQ(Error("(-)"), "dangling '-' at 1" + dangling);
  EXPECT_EQ(Error("a OR"), "'OR' needs a term after it at 2");
  EXPECT_EQ(Error("a OR )"), "'OR' needs a term after it at 2");
  EXPECT_EQ(Error("OR a"), "'OR' needs a term before it at 0");
  EXPECT_EQ(Error("(OR a)"), "'OR' needs a term before it at 1");
  EXPECT_EQ(Error("a OR OR b"), "'OR' needs a term after it at 2");
  EXPECT_EQ(Error("a AND"), "'AND' needs a term after it at 2");
  EXPECT_EQ(Error("AND a"), "'AND' needs a term before it at 0");
  EXPECT_EQ(Error("a AND OR b"), "'AND' needs a term after it at 2");
  EXPECT_EQ(Error("a OR AND b"), "'OR' needs a term after it at 2");
  EXPECT_EQ(Error("NOT"), "'NOT' needs a term after it at 0");
  EXPECT_EQ(Error("a NOT"), "'NOT' needs a term after it at 2");
  EXPECT_EQ(Error("-NOT"), "'NOT' needs a term after it at 1");
  EXPECT_EQ(Error("NOT OR a"), "'NOT' needs a term after it at 0");
  EXPECT_EQ(Error("-OR"), "'-' needs a term after it at 0");
}

TEST(QueryErrorsTest, WordsWithoutTokens) {
  EXPECT_EQ(Error("!!"), "'!!' at 0 has no letters or digits to search for");
  EXPECT_EQ(Error("a ,"), "',' at 2 has no letters or digits to search for");
  EXPECT_EQ(Error("\"!!\""), "'\"!!\"' at 0 has no letters or digits to search for");
  EXPECT_EQ(Error("\"\""), "'\"\"' at 0 has no letters or digits to search for");
  EXPECT_EQ(Error("*"), "'*' at 0 has no letters or digits to search for");
  EXPECT_EQ(Error("-@"), "'@' at 1 has no letters or digits to search for");
}

TEST(QueryErrorsTest, Stars) {
  EXPECT_EQ(Error("re*nam"), "'*' is only allowed at the end of a word (a prefix match) at 2");
  EXPECT_EQ(Error("foo**"), "'*' is only allowed at the end of a word (a prefix match) at 3");
  EXPECT_EQ(Error("path:/a*b"), "'*' is only allowed at the end of a value (a prefix match) at 7");
  EXPECT_EQ(Error("ada@*"), "'*' must follow a letter or digit at 4");
  EXPECT_EQ(Error("\"ada \"*"), "'*' must follow a letter or digit at 6");
  EXPECT_EQ(Error("\"a\"**"), "expected a space before '*' at 4");
}

TEST(QueryErrorsTest, TermsMustBeSeparated) {
  EXPECT_EQ(Error("a(b)"), "expected a space before '(' at 1");
  EXPECT_EQ(Error("path:/x(1)"), "expected a space before '(' at 7");
  EXPECT_EQ(Error("actor:ab\"c\""), "expected a space before '\"' at 8");
  EXPECT_EQ(Error("\"a\"b"), "expected a space before 'b' at 3");
  EXPECT_EQ(Error("(a)(b)"), "expected a space before '(' at 3");
  EXPECT_EQ(Error("(a)é"), "expected a space before 'é' at 3");
  EXPECT_EQ(Error("actor:\"a\"b"), "expected a space before 'b' at 9");
}

TEST(QueryErrorsTest, UnknownFields) {
  EXPECT_EQ(Error("a foo:bar"),
            "unknown field 'foo' at 2 (quote the word to search for it as text)");
  EXPECT_EQ(Error("actor.email:ada@example.com"),
            "unknown field 'actor.email' at 0 (did you mean 'actor'?)");
  EXPECT_EQ(Error("Enviroment:prod"),
            "unknown field 'Enviroment' at 0 (did you mean 'environment'?)");
  EXPECT_EQ(Error("type:app.create"),
            "unknown field 'type' at 0 (quote the word to search for it as text)");
  EXPECT_EQ(Error(std::string(50, 'x') + ":1"),
            "unknown field '" + std::string(40, 'x') +
                "…' at 0 (quote the word to search for it as text)");
  // The unknown field is reported before a problem in its value.
  EXPECT_EQ(Error("acter:\"abc"), "unknown field 'acter' at 0 (did you mean 'actor'?)");
}

TEST(QueryErrorsTest, FieldValueRules) {
  EXPECT_EQ(Error("status:ok"), "bad status 'ok' at 7: must be success or error");
  EXPECT_EQ(Error("status:succ*"), "'status' does not take a prefix ('*') at 7");
  EXPECT_EQ(Error("actor.type:robot"),
            "bad actor.type 'robot' at 11: must be user, system, api_key or service");
  EXPECT_EQ(Error("country:DEU"),
            "bad country 'DEU' at 8: must be a two-letter country code such as DE");
  EXPECT_EQ(Error("country:D1"),
            "bad country 'D1' at 8: must be a two-letter country code such as DE");
  EXPECT_EQ(Error("country:D*"), "'country' does not take a prefix ('*') at 8");
  EXPECT_EQ(Error("ip:10.*"),
            "'ip' does not take a prefix ('*') at 3; use a CIDR block such as 10.0.0.0/8");
  EXPECT_EQ(Error("ip:10.0.0.256"),
            "bad IP address '10.0.0.256' at 3: not an IPv4 or IPv6 address");
  EXPECT_EQ(Error("ip:10.0.0.1,2001:db8::/129"),
            "bad CIDR '2001:db8::/129' at 12: prefix length over 128");
  EXPECT_EQ(Error("ip:10.0.0/8"),
            "bad CIDR '10.0.0/8' at 3: network address is not an IPv4 or IPv6 address");
  EXPECT_EQ(Error("duration:fast"),
            "bad duration 'fast' at 9: 'fast' is not a number of milliseconds");
  EXPECT_EQ(Error("duration:200..100"),
            "bad duration '200..100' at 9: the start of the range is after its end");
  EXPECT_EQ(Error("duration:>1*"), "'duration' does not take a prefix ('*') at 9");
  EXPECT_EQ(Error("time:2026-11-21..2026-11-01"),
            "bad time '2026-11-21..2026-11-01' at 5: the range ends before it starts");
  EXPECT_EQ(Error("time:2026-13-01"), "bad time '2026-13-01' at 5: month 13 out of range");
  EXPECT_EQ(Error("time:.."),
            "bad time '..' at 5: a range needs at least one end, as in 2026-11-01..");
  EXPECT_EQ(Error("time:last-0d"),
            "bad time 'last-0d' at 5: a rolling window needs a length of "
            "at least 1");
  EXPECT_EQ(Error("time:today*"), "'time' does not take a prefix ('*') at 5");
  EXPECT_TRUE(
      Error("time:lastweek")
          .starts_with("bad time 'lastweek' at 5: unknown time preset 'lastweek' (presets"));
  // Long values are cut in messages.
  EXPECT_TRUE(Error("user:a time:x" + std::string(60, 'y'))
                  .starts_with("bad time 'x" + std::string(39, 'y') + "…' at 12: unknown"));
}

TEST(QueryErrorsTest, LongValuesAreCutOnCharacterBoundaries) {
  std::string e_acute_30;
  for (int i = 0; i < 30; ++i) e_acute_30 += "é";
  std::string message = Error("time:" + e_acute_30);
  std::string e_acute_20 = e_acute_30.substr(0, 40);
  EXPECT_TRUE(message.starts_with("bad time '" + e_acute_20 + "…' at 5: unknown time preset '" +
                                  e_acute_30.substr(0, 32) + "…'"))
      << message;
  EXPECT_TRUE(CheckQueryText(message).ok()) << "not valid UTF-8: " << message;
  message = Error("duration:1" + e_acute_30);
  EXPECT_TRUE(CheckQueryText(message).ok()) << "not valid UTF-8: " << message;
  message = Error("time:last-1" + e_acute_30);
  EXPECT_TRUE(CheckQueryText(message).ok()) << "not valid UTF-8: " << message;
}

TEST(QueryErrorsTest, TheFirstErrorFromTheLeftIsReported) {
  EXPECT_EQ(Error(") \"abc"), "unexpected ')' at 0");
  EXPECT_EQ(Error("status:ok ip:1"), "bad status 'ok' at 7: must be success or error");
  EXPECT_EQ(Error("a OR ip:1 )"), "bad IP address '1' at 8: not an IPv4 or IPv6 address");
}

TEST(QueryErrorsTest, Limits) {
  EXPECT_EQ(Error(std::string(4097, 'a')), "query is 4097 bytes, over the limit of 4096");
  EXPECT_EQ(Error(std::string(33, '(') + "a" + std::string(33, ')')),
            "nesting deeper than 32 at 32");
  EXPECT_EQ(Error(std::string(33, '-') + "a"), "nesting deeper than 32 at 32");
  std::string mixed;
  for (int i = 0; i < 20; ++i) mixed += "-(";
  EXPECT_EQ(Error(mixed + "a"), "nesting deeper than 32 at 32");
  EXPECT_EQ(Error(std::string(4000, '(')), "nesting deeper than 32 at 32");
  EXPECT_EQ(Error(std::string(4000, '-') + "a"), "nesting deeper than 32 at 32");
}

TEST(QueryErrorsTest, BadBytes) {
  EXPECT_EQ(Error(std::string("a\x01"
                              "b",
                              3)),
            "control character U+0001 at 1");
  EXPECT_EQ(Error(std::string("a\0b", 3)), "control character U+0000 at 1");
  EXPECT_EQ(Error("a\x7f"), "control character U+007F at 1");
  EXPECT_EQ(Error("a\xff"
                  "b"),
            "invalid UTF-8 at 1");
  EXPECT_EQ(Error("\xc3"), "invalid UTF-8 at 0");
  EXPECT_EQ(Error("\xc0\xaf"), "invalid UTF-8 at 0");          // overlong '/'
  EXPECT_EQ(Error("ab\xed\xa0\x80"), "invalid UTF-8 at 2");    // a surrogate
  EXPECT_EQ(Error("\xf4\x90\x80\x80"), "invalid UTF-8 at 0");  // past U+10FFFF
  EXPECT_EQ(Error("\"\xe6\x9d\xb1\""), "(parsed)");
  // Positions are byte offsets: 'é' takes two.
  EXPECT_EQ(Error("é )"), "unexpected ')' at 3");
}

}  // namespace
}  // namespace vigil
