#include "query/duration_value.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace vigil {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// "[lo,hi]" with brackets from the inclusive flags, or the error.
std::string Parse(std::string_view text) {
  auto v = ParseDurationValue(text);
  if (!v.ok()) return "error: " + v.status().message();
  EXPECT_EQ(v->kind, FilterValue::Kind::kRange);
  return fmt::format("{}{},{}{}", v->lo_inclusive ? '[' : '(', v->lo, v->hi,
                     v->hi_inclusive ? ']' : ')');
}

TEST(DurationValueTest, Forms) {
  EXPECT_EQ(Parse(">1000"), "(1000,inf)");
  EXPECT_EQ(Parse(">=1000"), "[1000,inf)");
  EXPECT_EQ(Parse("<50"), "[-inf,50)");  // an infinite end keeps Range()'s flag
  EXPECT_EQ(Parse("<=50"), "[-inf,50]");
  EXPECT_EQ(Parse("100..200"), "[100,200]");
  EXPECT_EQ(Parse("100..100"), "[100,100]");
  EXPECT_EQ(Parse("100.."), "[100,inf)");
  EXPECT_EQ(Parse("..200"), "[-inf,200]");
  EXPECT_EQ(Parse("250"), "[250,250]");
  EXPECT_EQ(Parse("0"), "[0,0]");
  EXPECT_EQ(Parse("1.5"), "[1.5,1.5]");
  EXPECT_EQ(Parse("2e3"), "[2000,2000]");
  EXPECT_EQ(Parse(">1E-2"), "(0.01,inf)");
  EXPECT_EQ(Parse("1e-400"), "[0,0]");  // underflow reads as zero
}

TEST(DurationValueTest, Errors) {
  EXPECT_EQ(Parse(""), "error: '' is not a number of milliseconds");
  EXPECT_EQ(Parse(">"), "error: '' is not a number of milliseconds");
  EXPECT_EQ(Parse("-5"), "error: '-5' is not a number of milliseconds");
  EXPECT_EQ(Parse(">-5"), "error: '-5' is not a number of milliseconds");
  EXPECT_EQ(Parse("fast"), "error: 'fast' is not a number of milliseconds");
  EXPECT_EQ(Parse("inf"), "error: 'inf' is not a number of milliseconds");
  EXPECT_EQ(Parse("nan"), "error: 'nan' is not a number of milliseconds");
  EXPECT_EQ(Parse("1."), "error: '1.' is not a number of milliseconds");
  EXPECT_EQ(Parse(".5"), "error: '.5' is not a number of milliseconds");
  EXPECT_EQ(Parse("10ms"), "error: '10ms' is not a number of milliseconds");
  EXPECT_EQ(Parse("=>5"), "error: '=>5' is not a number of milliseconds");
  EXPECT_EQ(Parse(">>5"), "error: '>5' is not a number of milliseconds");
  EXPECT_EQ(Parse("1e999"), "error: '1e999' is too large");
  EXPECT_EQ(Parse(".."), "error: a range needs at least one end, as in 100..200");
  EXPECT_EQ(Parse("200..100"), "error: the start of the range is after its end");
  EXPECT_EQ(Parse("1..2..3"), "error: '2..3' is not a number of milliseconds");
}

TEST(DurationValueTest, FormatRoundTrips) {
  for (std::string_view text : {">1000", ">=1000", "<50", "<=50", "100..200", "250", "1.5", "0",
                                ">1e+16", "0.001..0.002"}) {
    auto v = ParseDurationValue(text);
    ASSERT_TRUE(v.ok()) << text;
    auto formatted = FormatDurationValue(*v);
    ASSERT_TRUE(formatted.ok()) << text;
    EXPECT_EQ(*formatted, text);
  }
}

TEST(DurationValueTest, FormatRefusesWhatTheSyntaxCannotSay) {
  FilterValue half_open = FilterValue::Range(100, 200);  // [100, 200)
  EXPECT_EQ(FormatDurationValue(half_open).status().message(),
            "duration range [100, 200) cannot be written");
  EXPECT_FALSE(FormatDurationValue(FilterValue::Range(-kInf, kInf)).ok());
  EXPECT_FALSE(FormatDurationValue(FilterValue::Range(5, 1)).ok());
  EXPECT_FALSE(FormatDurationValue(FilterValue::Range(std::nan(""), 1)).ok());
  EXPECT_FALSE(FormatDurationValue(FilterValue::Range(-5, kInf)).ok());
  EXPECT_FALSE(FormatDurationValue(FilterValue::Exact("5")).ok());
}

}  // namespace
}  // namespace vigil
