// The free-form members (core/free_form_json.h) through EventParser, so that
// the messages are pinned as clients see them. Their rejections that sit in
// tables over all members (wrong types, string limits, duplicate and unknown
// keys) are in event_parser_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "core/event_parser_test_fixture.h"

namespace vigil {
namespace {

TEST_F(EventParserTest, ChangesAreCanonicalBeforeThenAfter) {
  EXPECT_EQ(MustParse(With(R"("changes":{"before":{"b":1,"a":2}})")).changes_json,
            R"({"before":{"a":2,"b":1}})");
  EXPECT_EQ(MustParse(With(R"("changes":{"after":{"x":[1,{"d":0,"c":0}]}})")).changes_json,
            R"({"after":{"x":[1,{"c":0,"d":0}]}})");
  // Empty objects are kept: "the value was {}" is information.
  EXPECT_EQ(MustParse(With(R"("changes":{"after":{},"before":{}})")).changes_json,
            R"({"before":{},"after":{}})");
  // null and missing halves leave no changes at all.
  EXPECT_EQ(MustParse(With(R"("changes":{})")).changes_json, "");
  EXPECT_EQ(MustParse(With(R"("changes":{"before":null,"after":null})")).changes_json, "");
  EXPECT_EQ(MustParse(With(R"("changes":{"before":null,"after":{"a":1}})")).changes_json,
            R"({"after":{"a":1}})");
}

TEST_F(EventParserTest, MetadataIsCanonicalWithKeysSortedByBytes) {
  Event e = MustParse(
      With(R"("metadata":{"b":1,"a":{"y":2,"x":[3,{"q":1,"p":2}]},"B":"é","é":0,"_":null})"));
  // Bytes: 'B' (0x42) < '_' (0x5F) < 'a' < 'b' < 'é' (0xC3 0xA9).
  EXPECT_EQ(e.metadata_json, R"({"B":"é","_":null,"a":{"x":[3,{"p":2,"q":1}],"y":2},"b":1,"é":0})");
  EXPECT_EQ(MustParse(With(R"("metadata":{})")).metadata_json, "");
  EXPECT_EQ(MustParse(With(R"("metadata":{"s":"a\/b\u00e9\n"})")).metadata_json,
            "{\"s\":\"a/b\xC3\xA9\\n\"}");
}

TEST_F(EventParserTest, NestingUpToSixteenLevels) {
  // The event is level 1 and metadata level 2; 14 more objects reach level 16.
  // A scalar inside the level-16 object adds no level.
  std::string deep = R"({"leaf":1})";
  std::string path = "metadata";
  for (int i = 0; i < 14; ++i) {
    deep = R"({"k":)" + deep + "}";
    path += ".k";
  }
  Event e = MustParse(With(R"("metadata":)" + deep));
  EXPECT_EQ(e.metadata_json, deep);

  std::string too_deep = R"({"k":)" + deep + "}";  // puts {"leaf":1} at level 17
  EXPECT_EQ(ErrorOf(With(R"("metadata":)" + too_deep)), path + ".k: nested deeper than 16 levels");
  // Arrays count as levels too.
  std::string arrays = "[1]";
  for (int i = 0; i < 14; ++i) arrays = "[" + arrays + "]";  // 15 arrays under metadata
  EXPECT_EQ(ErrorOf(With(R"("metadata":{"a":)" + arrays + "}")),
            "metadata.a[0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested deeper than 16 levels");
  // changes is level 2, changes.before level 3.
  std::string changes_deep = "{}";
  for (int i = 0; i < 14; ++i) changes_deep = R"({"k":)" + changes_deep + "}";
  std::string changes_path = "changes.before";
  for (int i = 0; i < 14; ++i) changes_path += ".k";
  EXPECT_EQ(ErrorOf(With(R"("changes":{"before":)" + changes_deep + "}")),
            changes_path + ": nested deeper than 16 levels");
  // Far deeper than the walk goes: simdjson's own limit, same message.
  std::string very_deep(100, '[');
  very_deep += std::string(100, ']');
  EXPECT_EQ(ErrorOf(With(R"("metadata":{"a":)" + very_deep + "}")), "nested deeper than 16 levels");
}

}  // namespace
}  // namespace vigil
