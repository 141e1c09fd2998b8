#include "core/canonical_json_paths.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil {
namespace {

std::string Without(std::string_view object, std::vector<std::string> paths) {
  return WithoutCuts(object, CanonicalMemberCuts(object, paths));
}

TEST(CanonicalJsonPathsTest, ValueAt) {
  const std::string o =
      R"({"a":1,"b":{"c":"x,}\"y","d":[1,{"e":2}]},"f":null,"g":{"h":{"i":true}}})";
  EXPECT_EQ(CanonicalValueAt(o, "a"), "1");
  EXPECT_EQ(CanonicalValueAt(o, "b.c"), R"("x,}\"y")");
  EXPECT_EQ(CanonicalValueAt(o, "b.d"), R"([1,{"e":2}])");
  EXPECT_EQ(CanonicalValueAt(o, "f"), "null");
  EXPECT_EQ(CanonicalValueAt(o, "g.h.i"), "true");
  EXPECT_EQ(CanonicalValueAt(o, "g.h"), R"({"i":true})");
  EXPECT_EQ(CanonicalValueAt(o, "b.d.e"), std::nullopt);  // never into arrays
  EXPECT_EQ(CanonicalValueAt(o, "x"), std::nullopt);
  EXPECT_EQ(CanonicalValueAt(o, "a.b"), std::nullopt);
  EXPECT_EQ(CanonicalValueAt("{}", "a"), std::nullopt);
  EXPECT_EQ(CanonicalValueAt("[1]", "a"), std::nullopt);
  EXPECT_EQ(CanonicalValueAt(R"({"a":)", "a"), std::nullopt);  // truncated: no crash
}

TEST(CanonicalJsonPathsTest, CutsKeepTheRestCanonical) {
  const std::string o = R"({"a":1,"b":2,"c":3})";
  EXPECT_EQ(Without(o, {"a"}), R"({"b":2,"c":3})");
  EXPECT_EQ(Without(o, {"b"}), R"({"a":1,"c":3})");
  EXPECT_EQ(Without(o, {"c"}), R"({"a":1,"b":2})");
  EXPECT_EQ(Without(o, {"a", "b"}), R"({"c":3})");
  EXPECT_EQ(Without(o, {"a", "c"}), R"({"b":2})");
  EXPECT_EQ(Without(o, {"b", "c"}), R"({"a":1})");
  EXPECT_EQ(Without(o, {"c", "a", "b"}), "{}");
  EXPECT_EQ(Without(o, {"x", "a.b"}), o);
  EXPECT_EQ(Without(R"({"a":{"x":1},"b":2})", {"a.x"}), R"({"a":{},"b":2})");
  EXPECT_EQ(Without(R"({"a":{"x":1,"y":[1,2]},"b":2})", {"a.y", "b"}), R"({"a":{"x":1}})");
  // A path inside a cut member goes with it.
  EXPECT_EQ(Without(R"({"a":{"x":1},"b":2})", {"a.x", "a"}), R"({"b":2})");
  // Keys that only look alike.
  EXPECT_EQ(Without(R"({"ab":1,"a":2,"a.b":3})", {"a"}), R"({"ab":1,"a.b":3})");
}

TEST(CanonicalJsonPathsTest, EveryCutCombinationOfFourMembers) {
  const std::string o = R"({"k0":0,"k1":{"n":1},"k2":"2,","k3":[3]})";
  const std::vector<std::string> values = {"\"k0\":0", "\"k1\":{\"n\":1}", "\"k2\":\"2,\"",
                                           "\"k3\":[3]"};
  for (int mask = 0; mask < 16; ++mask) {
    std::vector<std::string> paths;
    std::string expected = "{";
    for (int i = 0; i < 4; ++i) {
      if (mask & (1 << i)) {
        paths.push_back("k" + std::to_string(i));
      } else {
        if (expected.size() > 1) expected += ",";
        expected += values[i];
      }
    }
    expected += "}";
    EXPECT_EQ(Without(o, paths), expected) << mask;
  }
}

}  // namespace
}  // namespace vigil
