#include "gen/json_string.h"

#include <gtest/gtest.h>

#include <string>

#include "core/json_writer.h"
#include "gen/split_mix64.h"

namespace vigil::gen {
namespace {

TEST(JsonStringTest, NeedsEscapeAgreesWithJsonWriter) {
  // Random strings over an alphabet rich in the bytes that matter, at every
  // length around the 8-byte stride.
  const std::string alphabet = std::string("ab\"\\\x01\x1f \x7f\xc3\xa9\0", 11);
  SplitMix64 rng(3);
  for (int i = 0; i < 20'000; ++i) {
    std::string s;
    const uint32_t length = rng.Below(20);
    // Mostly plain text, so both answers are common.
    for (uint32_t j = 0; j < length; ++j) {
      s.push_back(rng.Chance(950) ? static_cast<char>('a' + rng.Below(26))
                                  : alphabet[rng.Below(static_cast<uint32_t>(alphabet.size()))]);
    }
    std::string canonical;
    AppendJsonString(s, &canonical);
    EXPECT_EQ(NeedsJsonEscape(s), canonical != "\"" + s + "\"") << s;
  }
}

TEST(JsonStringTest, AppendQuoted) {
  std::string out = "x";
  AppendQuoted("10.0.0.1", &out);
  EXPECT_EQ(out, "x\"10.0.0.1\"");
}

}  // namespace
}  // namespace vigil::gen
