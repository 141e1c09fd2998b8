#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "store/segment/byte_reader.h"
#include "store/segment/coding.h"
#include "store/segment/double_column.h"
#include "store/segment/integer_column.h"
#include "store/segment/resource_column.h"
#include "store/segment/status_column.h"
#include "store/segment/string_column.h"
#include "store/segment/string_dictionary_builder.h"

namespace vigil::segment {
namespace {

TEST(CodingTest, VarintRoundTripsAndRejectsOverlongInput) {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{127}, uint64_t{128}, uint64_t{300},
                     uint64_t{1} << 35, std::numeric_limits<uint64_t>::max()}) {
    std::string buf;
    PutVarint64(&buf, v);
    EXPECT_EQ(buf.size(), VarintLength(v));
    ByteReader r(buf);
    uint64_t got = 0;
    ASSERT_TRUE(r.ReadVarint64(&got));
    EXPECT_EQ(got, v);
    EXPECT_TRUE(r.done());
  }
  std::string too_long(10, '\xff');
  too_long.push_back('\x01');
  uint64_t v = 0;
  ByteReader r1(too_long);
  EXPECT_FALSE(r1.ReadVarint64(&v));
  std::string overflow(9, '\xff');
  overflow.push_back('\x02');  // 10th byte may only be 0 or 1
  ByteReader r2(overflow);
  EXPECT_FALSE(r2.ReadVarint64(&v));
  ByteReader r3(std::string_view("\x80\x80", 2));
  EXPECT_FALSE(r3.ReadVarint64(&v));
  EXPECT_EQ(r3.position(), 0u);  // a failed read does not advance
}

TEST(CodingTest, ZigZagMapsSmallMagnitudesToSmallCodes) {
  EXPECT_EQ(ZigZagEncode(0), 0u);
  EXPECT_EQ(ZigZagEncode(-1), 1u);
  EXPECT_EQ(ZigZagEncode(1), 2u);
  EXPECT_EQ(ZigZagEncode(-2), 3u);
  for (int64_t v : {INT64_MIN, INT64_MAX, int64_t{-12345}, int64_t{0}}) {
    EXPECT_EQ(ZigZagDecode(ZigZagEncode(v)), v);
  }
}

// Builds a dictionary over values; returns whether the builder chose it.
bool BuildDictionary(std::span<const std::string_view> values, std::string* dictionary_raw,
                     std::string* codes_raw) {
  StringDictionaryBuilder b;
  for (std::string_view v : values) b.Add(v);
  if (!b.Finish()) return false;
  EncodeStringDictionary(b.entries(), dictionary_raw);
  std::vector<uint32_t> codes;
  b.Codes(0, values.size(), &codes);
  EncodeDictionaryCodes(codes, codes_raw);
  return true;
}

TEST(StringColumnTest, DictionaryWinsForRepeatedValuesOnly) {
  std::vector<std::string> repeated_storage;
  for (int i = 0; i < 1000; ++i) repeated_storage.push_back(i % 3 == 0 ? "acme" : "globex-corp");
  std::vector<std::string_view> repeated(repeated_storage.begin(), repeated_storage.end());
  std::string dict_raw, codes_raw;
  ASSERT_TRUE(BuildDictionary(repeated, &dict_raw, &codes_raw));
  EXPECT_EQ(dict_raw, std::string("\x02\x04\x0b"
                                  "acmeglobex-corp",
                                  18));
  std::vector<std::string_view> dict, out;
  ASSERT_TRUE(DecodeStringDictionary(dict_raw, repeated.size(), &dict).ok());
  ASSERT_TRUE(
      DecodeStringColumn(ColumnEncoding::kDictionaryCodes, codes_raw, repeated.size(), &dict, &out)
          .ok());
  EXPECT_EQ(out, repeated);

  std::vector<std::string> unique_storage;
  for (int i = 0; i < 1000; ++i) unique_storage.push_back("id-" + std::to_string(i * 7919));
  std::vector<std::string_view> unique(unique_storage.begin(), unique_storage.end());
  EXPECT_FALSE(BuildDictionary(unique, &dict_raw, &codes_raw));
  std::string plain;
  AppendPlainStrings(unique, &plain);
  ASSERT_TRUE(
      DecodeStringColumn(ColumnEncoding::kPlainString, plain, unique.size(), nullptr, &out).ok());
  EXPECT_EQ(out, unique);
}

TEST(StringColumnTest, DictionaryIsSortedAndHoldsArbitraryBytes) {
  const std::string nul("a\0b", 3);
  std::vector<std::string_view> values = {"zeta", "",     nul,    "zeta", "ünï",  "", nul,
                                          "a",    "zeta", "zeta", "zeta", "zeta", "", ""};
  std::string dict_raw, codes_raw;
  ASSERT_TRUE(BuildDictionary(values, &dict_raw, &codes_raw));
  // count 5; lengths 0,1,3,4,5 ("" < "a" < "a\0b" < "zeta" < "ünï")
  EXPECT_EQ(dict_raw.substr(0, 6), std::string("\x05\x00\x01\x03\x04\x05", 6));
  EXPECT_EQ(codes_raw.substr(0, 4), std::string("\x03\x00\x02\x03", 4));
  std::vector<std::string_view> dict, out;
  ASSERT_TRUE(DecodeStringDictionary(dict_raw, values.size(), &dict).ok());
  ASSERT_TRUE(
      DecodeStringColumn(ColumnEncoding::kDictionaryCodes, codes_raw, values.size(), &dict, &out)
          .ok());
  EXPECT_EQ(out, values);
}

TEST(StringColumnTest, RejectsMalformedBlocks) {
  std::vector<std::string_view> dict, out;
  // A dictionary out of order, and one with more entries than rows.
  EXPECT_TRUE(DecodeStringDictionary(std::string_view("\x02\x01\x01"
                                                      "ba",
                                                      5),
                                     2, &dict)
                  .IsCorruption());
  EXPECT_TRUE(DecodeStringDictionary(std::string_view("\x02\x01\x01"
                                                      "ab",
                                                      5),
                                     1, &dict)
                  .IsCorruption());
  EXPECT_TRUE(DecodeStringDictionary(std::string_view("\x00", 1), 1, &dict).IsCorruption());
  ASSERT_TRUE(DecodeStringDictionary(std::string_view("\x02\x01\x01"
                                                      "ab",
                                                      5),
                                     2, &dict)
                  .ok());
  // Code 2 in a dictionary of 2 entries.
  Status s = DecodeStringColumn(ColumnEncoding::kDictionaryCodes, std::string_view("\x00\x02", 2),
                                2, &dict, &out);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("outside the dictionary"), std::string::npos) << s.ToString();
  // Codes without a dictionary.
  EXPECT_TRUE(DecodeStringColumn(ColumnEncoding::kDictionaryCodes, std::string_view("\x00", 1), 1,
                                 nullptr, &out)
                  .IsCorruption());
  // A length past the end.
  s = DecodeStringColumn(ColumnEncoding::kPlainString,
                         std::string_view("\x05"
                                          "ab",
                                          3),
                         1, nullptr, &out);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  // Trailing bytes.
  s = DecodeStringColumn(ColumnEncoding::kPlainString,
                         std::string_view("\x01"
                                          "abc",
                                          4),
                         1, nullptr, &out);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("trailing"), std::string::npos);
  s = DecodeStringColumn(ColumnEncoding::kDictionaryCodes, std::string_view("\x00\x01\x01", 3), 2,
                         &dict, &out);
  EXPECT_NE(s.message().find("trailing"), std::string::npos) << s.ToString();
  // Not a string encoding.
  s = DecodeStringColumn(ColumnEncoding::kDeltaVarint, std::string_view("\x00", 1), 1, nullptr,
                         &out);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
}

TEST(StringDictionaryBuilderTest, CheckpointAbandonsWhenPlainIsSmaller) {
  std::vector<std::string> storage;
  for (int i = 0; i < 100; ++i) storage.push_back("unique-value-" + std::to_string(i));
  StringDictionaryBuilder b;
  for (const std::string& v : storage) b.Add(v);
  EXPECT_FALSE(b.abandoned());
  b.Checkpoint();
  EXPECT_TRUE(b.abandoned());
  b.Add("more");  // a no-op now
  EXPECT_FALSE(b.Finish());

  StringDictionaryBuilder repeated;
  for (int i = 0; i < 100; ++i) repeated.Add(storage[static_cast<size_t>(i % 3)]);
  repeated.Checkpoint();
  EXPECT_FALSE(repeated.abandoned());
  EXPECT_TRUE(repeated.Finish());
  EXPECT_EQ(repeated.entries().size(), 3u);
}

TEST(StringDictionaryBuilderTest, SurvivesGrowthAndCollisions) {
  std::vector<std::string> storage;
  for (int i = 0; i < 5000; ++i) storage.push_back(std::to_string(i % 2500) + "-value");
  StringDictionaryBuilder b;
  for (const std::string& v : storage) b.Add(v);
  ASSERT_TRUE(b.Finish());
  ASSERT_EQ(b.entries().size(), 2500u);
  std::vector<uint32_t> codes;
  b.Codes(0, storage.size(), &codes);
  for (size_t i = 0; i < storage.size(); ++i) ASSERT_EQ(b.entries()[codes[i]], storage[i]) << i;
}

// Every proper prefix of a valid block is rejected, for every codec.
TEST(ColumnCodecTest, EveryTruncationIsCorruption) {
  std::vector<std::string_view> strings = {"alpha", "beta", "alpha", "", "gamma", "alpha"};
  std::vector<int64_t> ints = {5, 1000, -3, INT64_MAX, 0, 12};
  std::vector<std::optional<double>> doubles = {1.5, std::nullopt, -0.0, std::nullopt, 2.0, 3.0};
  std::vector<ResourceRef> r0 = {{"file", "f1", "x"}, {"", "", ""}};
  std::vector<std::span<const ResourceRef>> resources = {r0, {}, r0, {}, {}, r0};
  const size_t rows = 6;

  std::string plain, dict, codes, delta, dbl, decimal, res;
  AppendPlainStrings(strings, &plain);
  EncodeStringDictionary(std::vector<std::string_view>{"", "alpha", "beta", "gamma"}, &dict);
  EncodeDictionaryCodes(std::vector<uint32_t>{1, 2, 1, 0, 3, 1}, &codes);
  EncodeDeltaColumn(ints, &delta);
  EncodePlainDoubles(doubles, &dbl);
  std::vector<std::optional<double>> decimals = {1.5, std::nullopt, 0.25, std::nullopt, 2.0, 3e9};
  ASSERT_EQ(EncodeOptionalDoubleColumn(decimals, &decimal), ColumnEncoding::kDecimalDouble);
  EncodeResourceColumn(resources, &res);

  std::vector<std::string_view> sv, entries;
  std::vector<int64_t> iv;
  std::vector<std::optional<double>> dv;
  std::vector<std::vector<ResourceRef>> rv;
  ASSERT_TRUE(DecodeStringColumn(ColumnEncoding::kPlainString, plain, rows, nullptr, &sv).ok());
  EXPECT_EQ(sv, strings);
  ASSERT_TRUE(DecodeStringDictionary(dict, rows, &entries).ok());
  ASSERT_TRUE(
      DecodeStringColumn(ColumnEncoding::kDictionaryCodes, codes, rows, &entries, &sv).ok());
  EXPECT_EQ(sv, strings);
  ASSERT_TRUE(DecodeDeltaColumn(delta, rows, &iv).ok());
  ASSERT_TRUE(DecodeOptionalDoubleColumn(ColumnEncoding::kPlainDouble, dbl, rows, &dv).ok());
  ASSERT_TRUE(DecodeOptionalDoubleColumn(ColumnEncoding::kDecimalDouble, decimal, rows, &dv).ok());
  EXPECT_EQ(dv, decimals);
  ASSERT_TRUE(DecodeResourceColumn(res, rows, &rv).ok());

  for (size_t n = 0; n < plain.size(); ++n) {
    EXPECT_TRUE(
        DecodeStringColumn(ColumnEncoding::kPlainString, plain.substr(0, n), rows, nullptr, &sv)
            .IsCorruption())
        << n;
  }
  std::vector<std::string_view> partial;
  for (size_t n = 0; n < dict.size(); ++n) {
    EXPECT_TRUE(DecodeStringDictionary(dict.substr(0, n), rows, &partial).IsCorruption()) << n;
  }
  for (size_t n = 0; n < codes.size(); ++n) {
    EXPECT_TRUE(DecodeStringColumn(ColumnEncoding::kDictionaryCodes, codes.substr(0, n), rows,
                                   &entries, &sv)
                    .IsCorruption())
        << n;
  }
  for (size_t n = 0; n < delta.size(); ++n) {
    EXPECT_TRUE(DecodeDeltaColumn(delta.substr(0, n), rows, &iv).IsCorruption()) << n;
  }
  for (size_t n = 0; n < dbl.size(); ++n) {
    EXPECT_TRUE(
        DecodeOptionalDoubleColumn(ColumnEncoding::kPlainDouble, dbl.substr(0, n), rows, &dv)
            .IsCorruption())
        << n;
  }
  for (size_t n = 0; n < decimal.size(); ++n) {
    EXPECT_TRUE(
        DecodeOptionalDoubleColumn(ColumnEncoding::kDecimalDouble, decimal.substr(0, n), rows, &dv)
            .IsCorruption())
        << n;
  }
  for (size_t n = 0; n < res.size(); ++n) {
    EXPECT_TRUE(DecodeResourceColumn(res.substr(0, n), rows, &rv).IsCorruption()) << n;
  }
}

// Random bytes never crash a decoder (run under the asan preset to see it).
TEST(ColumnCodecTest, RandomBytesAreRejectedOrDecodedWithoutCrashing) {
  std::mt19937_64 rng(7);
  const std::vector<std::string_view> dictionary = {"a", "b", "c"};
  std::vector<std::string_view> sv;
  std::vector<int64_t> iv;
  std::vector<std::optional<double>> dv;
  std::vector<std::vector<ResourceRef>> rv;
  for (int iter = 0; iter < 2000; ++iter) {
    std::string raw(rng() % 40, '\0');
    for (char& c : raw) c = static_cast<char>(rng() % 4 == 0 ? rng() % 4 : rng());
    const size_t rows = 1 + rng() % 8;
    (void)DecodeStringColumn(ColumnEncoding::kPlainString, raw, rows, nullptr, &sv);
    (void)DecodeStringColumn(ColumnEncoding::kDictionaryCodes, raw, rows, &dictionary, &sv);
    (void)DecodeStringDictionary(raw, rows, &sv);
    (void)DecodeDeltaColumn(raw, rows, &iv);
    (void)DecodeOptionalDoubleColumn(ColumnEncoding::kPlainDouble, raw, rows, &dv);
    (void)DecodeOptionalDoubleColumn(ColumnEncoding::kDecimalDouble, raw, rows, &dv);
    (void)DecodeResourceColumn(raw, rows, &rv);
    (void)CheckStatusBlock(raw, rows);
  }
}

TEST(IntegerColumnTest, DeltasRoundTripExtremesAndStayShortWhenSorted) {
  std::vector<int64_t> values = {0, INT64_MIN, INT64_MAX, -1, 1, INT64_MAX, INT64_MIN};
  std::string raw;
  EncodeDeltaColumn(values, &raw);
  std::vector<int64_t> out;
  ASSERT_TRUE(DecodeDeltaColumn(raw, values.size(), &out).ok());
  EXPECT_EQ(out, values);

  std::vector<int64_t> contiguous(1000);
  for (size_t i = 0; i < contiguous.size(); ++i) contiguous[i] = 1'000'000'000 + i;
  EncodeDeltaColumn(contiguous, &raw);
  EXPECT_EQ(raw.size(), 5u + 999u);  // first value, then one byte per delta
  ASSERT_TRUE(DecodeDeltaColumn(raw, contiguous.size(), &out).ok());
  EXPECT_EQ(out, contiguous);
}

void ExpectSameBits(const std::vector<std::optional<double>>& got,
                    const std::vector<std::optional<double>>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i].has_value(), want[i].has_value()) << i;
    if (want[i]) {
      EXPECT_EQ(std::bit_cast<uint64_t>(*got[i]), std::bit_cast<uint64_t>(*want[i])) << i;
    }
  }
}

TEST(DoubleColumnTest, ShortDecimalsUseTheDecimalEncoding) {
  std::vector<std::optional<double>> values = {12.5, std::nullopt, 0.0,    52.52, -13.405,
                                               1e12, 0.001,        123.45, 7.0,   std::nullopt};
  std::string raw;
  ASSERT_EQ(EncodeOptionalDoubleColumn(values, &raw), ColumnEncoding::kDecimalDouble);
  EXPECT_EQ(static_cast<uint8_t>(raw[2]), 3);  // scale 3 (0.001 and -13.405); bitmap is 2 bytes
  std::vector<std::optional<double>> out;
  ASSERT_TRUE(
      DecodeOptionalDoubleColumn(ColumnEncoding::kDecimalDouble, raw, values.size(), &out).ok());
  ExpectSameBits(out, values);
  // A bad scale byte.
  raw[2] = 16;
  EXPECT_TRUE(DecodeOptionalDoubleColumn(ColumnEncoding::kDecimalDouble, raw, values.size(), &out)
                  .IsCorruption());
}

TEST(DoubleColumnTest, OtherBitPatternsFallBackToPlain) {
  const double nan = std::bit_cast<double>(uint64_t{0x7ff8000000000123});
  for (const std::vector<std::optional<double>>& values :
       {std::vector<std::optional<double>>{1.5, -0.0},  // -0.0 is not n / 10^k
        std::vector<std::optional<double>>{nan, 2.0}, std::vector<std::optional<double>>{1.0 / 3.0},
        std::vector<std::optional<double>>{1e-310, std::numeric_limits<double>::infinity()},
        std::vector<std::optional<double>>{1e300}}) {
    std::string raw;
    ASSERT_EQ(EncodeOptionalDoubleColumn(values, &raw), ColumnEncoding::kPlainDouble);
    std::vector<std::optional<double>> out;
    ASSERT_TRUE(
        DecodeOptionalDoubleColumn(ColumnEncoding::kPlainDouble, raw, values.size(), &out).ok());
    ExpectSameBits(out, values);
  }
}

TEST(DoubleColumnTest, PlainLayoutAndPresenceBits) {
  std::vector<std::optional<double>> values = {
      std::nullopt, 0.0, -0.0, 1e-310, std::nullopt, 42.25, std::nullopt, 1.0, std::nullopt};
  std::string raw;
  EncodePlainDoubles(values, &raw);
  ASSERT_EQ(raw.size(), 2u + 8u * 5u);
  EXPECT_EQ(static_cast<uint8_t>(raw[0]), 0b10101110);  // rows 1, 2, 3, 5, 7
  EXPECT_EQ(static_cast<uint8_t>(raw[1]), 0);
  EXPECT_EQ(raw.substr(2 + 8 * 3, 8), std::string("\0\0\0\0\0\x20\x45\x40", 8));  // 42.25
  std::vector<std::optional<double>> out;
  ASSERT_TRUE(
      DecodeOptionalDoubleColumn(ColumnEncoding::kPlainDouble, raw, values.size(), &out).ok());
  ExpectSameBits(out, values);
  std::string stray = raw;
  stray[1] = static_cast<char>(stray[1] | 0x80);  // bit of row 15, past the 9 rows
  EXPECT_TRUE(DecodeOptionalDoubleColumn(ColumnEncoding::kPlainDouble, stray, values.size(), &out)
                  .IsCorruption());
}

TEST(StatusColumnTest, RejectsUnknownStatus) {
  std::vector<EventStatus> values = {EventStatus::kSuccess, EventStatus::kError};
  std::string raw;
  EncodeStatusColumn(values, &raw);
  EXPECT_EQ(raw, std::string("\x00\x01", 2));
  EXPECT_TRUE(CheckStatusBlock(raw, 2).ok());
  raw[1] = 2;
  Status s = CheckStatusBlock(raw, 2);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("row 1"), std::string::npos) << s.ToString();
  EXPECT_TRUE(CheckStatusBlock(raw, 3).IsCorruption());
}

TEST(ResourceColumnTest, RoundTripsEmptyAndNonEmptyLists) {
  std::vector<ResourceRef> a = {{"file", "f1", "näme \"q\""}, {"", "", ""}, {"t", "", "n\nl"}};
  std::vector<ResourceRef> b = {{"x", "y", "z"}};
  std::vector<std::span<const ResourceRef>> rows = {{}, a, {}, b, {}};
  std::string raw;
  EncodeResourceColumn(rows, &raw);
  std::vector<std::vector<ResourceRef>> out;
  ASSERT_TRUE(DecodeResourceColumn(raw, rows.size(), &out).ok());
  ASSERT_EQ(out.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(out[i], std::vector<ResourceRef>(rows[i].begin(), rows[i].end())) << i;
  }
  std::string huge_count("\xff\xff\xff\xff\x0f", 5);  // 4 billion resources in 5 bytes
  EXPECT_TRUE(DecodeResourceColumn(huge_count, 1, &out).IsCorruption());
  // Layout: counts, then the types, ids and names sections.
  std::vector<ResourceRef> one = {{"t", "i", "n"}};
  std::vector<std::span<const ResourceRef>> single = {one, {}};
  EncodeResourceColumn(single, &raw);
  EXPECT_EQ(raw, std::string("\x01\x00"
                             "\x01t"
                             "\x01i"
                             "\x01n",
                             8));
}

}  // namespace
}  // namespace vigil::segment
