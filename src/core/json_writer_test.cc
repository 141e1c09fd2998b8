#include "core/json_writer.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

namespace vigil {
namespace {

std::string Str(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

std::string Num(double v) {
  std::string out;
  AppendJsonDouble(v, &out);
  return out;
}

TEST(JsonStringTest, EveryControlCharacterIsEscaped) {
  for (int c = 0; c < 0x20; ++c) {
    std::string expected;
    switch (c) {
      case '\b':
        expected = "\\b";
        break;
      case '\f':
        expected = "\\f";
        break;
      case '\n':
        expected = "\\n";
        break;
      case '\r':
        expected = "\\r";
        break;
      case '\t':
        expected = "\\t";
        break;
      default:
        expected = fmt::format("\\u{:04x}", c);  // lower-case hex
    }
    EXPECT_EQ(Str(std::string(1, static_cast<char>(c))), "\"" + expected + "\"") << c;
  }
  EXPECT_EQ(Str(std::string_view("\0", 1)), R"("\u0000")");
  EXPECT_EQ(Str("\x1b[31m"), R"("\u001b[31m")");
  EXPECT_EQ(Str("\x1f"), R"("\u001f")");
  EXPECT_EQ(Str("\x0b"), R"("\u000b")");
}

TEST(JsonStringTest, QuoteAndBackslashAreEscaped) {
  EXPECT_EQ(Str(R"(say "hi")"), R"("say \"hi\"")");
  EXPECT_EQ(Str(R"(C:\dir\)"), R"("C:\\dir\\")");
  EXPECT_EQ(Str(R"(\")"), R"("\\\"")");
}

TEST(JsonStringTest, EverythingElseIsRaw) {
  EXPECT_EQ(Str(""), R"("")");
  EXPECT_EQ(Str("/api/v1/events"), R"("/api/v1/events")");  // '/' is not escaped
  EXPECT_EQ(Str("\x7f"), "\"\x7f\"");                       // DEL is not escaped
  EXPECT_EQ(Str("Zürich 東京 😀"), "\"Zürich 東京 😀\"");     // non-ASCII stays UTF-8
  EXPECT_EQ(Str("\xE2\x80\xA8"), "\"\xE2\x80\xA8\"");       // U+2028 too
  EXPECT_EQ(Str(" !#$%&'()*+,-.:;<=>?@[]^_`{|}~"), R"(" !#$%&'()*+,-.:;<=>?@[]^_`{|}~")");
}

TEST(JsonStringTest, RunsAroundEscapesAreKept) {
  EXPECT_EQ(Str("ab\ncd\"ef\\"), R"("ab\ncd\"ef\\")");
  EXPECT_EQ(Str("\n\n"), R"("\n\n")");
  std::string out = "prefix:";
  AppendJsonString("x", &out);
  EXPECT_EQ(out, R"(prefix:"x")");
}

TEST(JsonNumberTest, IntegralDoublesAreIntegers) {
  EXPECT_EQ(Num(1.0), "1");
  EXPECT_EQ(Num(-1.0), "-1");
  EXPECT_EQ(Num(100.0), "100");
  EXPECT_EQ(Num(1e15), "1000000000000000");
  EXPECT_EQ(Num(9007199254740991.0), "9007199254740991");  // 2^53 - 1
  EXPECT_EQ(Num(-9007199254740991.0), "-9007199254740991");
}

TEST(JsonNumberTest, NegativeZeroIsZero) {
  EXPECT_EQ(Num(0.0), "0");
  EXPECT_EQ(Num(-0.0), "0");
}

TEST(JsonNumberTest, FractionsAreShortestRoundTrip) {
  EXPECT_EQ(Num(0.1), "0.1");
  EXPECT_EQ(Num(-2.5), "-2.5");
  EXPECT_EQ(Num(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(Num(1e-7), "1e-07");
  EXPECT_EQ(Num(0.001), "0.001");
  EXPECT_EQ(Num(123456.789), "123456.789");
  EXPECT_EQ(Num(5e-324), "5e-324");
  EXPECT_EQ(Num(4503599627370495.5), "4503599627370495.5");
}

TEST(JsonNumberTest, From2To53UpExponentForm) {
  EXPECT_EQ(Num(9007199254740992.0), "9.007199254740992e+15");  // 2^53
  EXPECT_EQ(Num(-9007199254740992.0), "-9.007199254740992e+15");
  EXPECT_EQ(Num(1e21), "1e+21");
  EXPECT_EQ(Num(1e16), "1e+16");
  EXPECT_EQ(Num(98765432109876543210.0), "9.876543210987654e+19");
  EXPECT_EQ(Num(18446744073709551616.0), "1.8446744073709552e+19");  // 2^64
  EXPECT_EQ(Num(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(Num(std::numeric_limits<double>::lowest()), "-1.7976931348623157e+308");
}

TEST(JsonNumberTest, NonFiniteIsNull) {
  EXPECT_EQ(Num(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(Num(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(Num(-std::numeric_limits<double>::infinity()), "null");
}

// Every double's text reads back as the same double, and only doubles below
// 2^53 that hold an integer are written without '.' or an exponent.
TEST(JsonNumberTest, RandomDoublesRoundTrip) {
  std::mt19937_64 rng(53);
  for (int i = 0; i < 20000; ++i) {
    double v;
    const uint64_t bits = rng();
    std::memcpy(&v, &bits, sizeof v);
    if (i % 4 == 1) v = std::trunc(v);
    if (i % 4 == 2) v = static_cast<double>(static_cast<int64_t>(rng()) >> (rng() % 64));
    if (!std::isfinite(v)) continue;
    const std::string text = Num(v);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), v) << text;
    const bool integer_form = text.find_first_of(".e") == std::string::npos;
    EXPECT_EQ(integer_form, std::fabs(v) < 9007199254740992.0 && v == std::trunc(v)) << text;
  }
}

TEST(JsonWriterTest, IntegersAndLiterals) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  w.Int(0);
  w.Int(-42);
  w.Int(std::numeric_limits<int64_t>::min());
  w.Int(std::numeric_limits<int64_t>::max());
  w.Uint(std::numeric_limits<uint64_t>::max());
  w.Double(2.0);
  w.Bool(true);
  w.Bool(false);
  w.Null();
  w.EndArray();
  EXPECT_EQ(out,
            "[0,-42,-9223372036854775808,9223372036854775807,18446744073709551615,2,true,false,"
            "null]");
}

TEST(JsonWriterTest, ObjectsArraysAndCommas) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.Int(1);
  w.Key("nested");
  w.BeginObject();
  w.Key("list");
  w.BeginArray();
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.String("s");
  w.EndArray();
  w.EndObject();
  w.Key("raw");
  w.Raw(R"({"x":[1,2]})");
  w.Key("q\"k");
  w.String("v\n");
  w.EndObject();
  EXPECT_EQ(out, R"({"a":1,"nested":{"list":[{},[],"s"]},"raw":{"x":[1,2]},"q\"k":"v\n"})");
}

TEST(JsonWriterTest, StringMemberSkipsEmptyValues) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.StringMember("a", "");
  w.StringMember("b", "x");
  w.StringMember("c", "");
  w.StringMember("d", "y");
  w.EndObject();
  EXPECT_EQ(out, R"({"b":"x","d":"y"})");
}

TEST(JsonWriterTest, AppendsToExistingText) {
  std::string out = "[1,";
  JsonWriter w(&out);
  w.BeginObject();
  w.EndObject();
  EXPECT_EQ(out, "[1,{}");
}

}  // namespace
}  // namespace vigil
