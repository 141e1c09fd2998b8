#include "core/event_fields.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/event_json.h"

namespace vigil {
namespace {

TEST(EventFieldsTest, TableIsInEnumOrderAndNamesAreUnique) {
  ASSERT_EQ(AllStringFields().size(), kStringFieldCount);
  std::set<std::string_view> names;
  for (size_t i = 0; i < kStringFieldCount; ++i) {
    const StringFieldInfo& info = AllStringFields()[i];
    EXPECT_EQ(static_cast<size_t>(info.field), i);
    EXPECT_EQ(StringFieldName(info.field), info.name);
    EXPECT_EQ(StringFieldByName(info.name), info.field);
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
  }
  EXPECT_EQ(StringFieldByName("actor.email"), StringField::kActorEmail);
  EXPECT_EQ(StringFieldByName("context.ip"), StringField::kIp);
  EXPECT_EQ(StringFieldByName("email"), std::nullopt);
  EXPECT_EQ(StringFieldByName(""), std::nullopt);
}

TEST(EventFieldsTest, EachFieldHasItsOwnStorage) {
  Event e;
  for (const StringFieldInfo& info : AllStringFields()) {
    *MutableField(&e, info.field) = std::string("value of ") + std::string(info.name);
  }
  for (const StringFieldInfo& info : AllStringFields()) {
    EXPECT_EQ(GetField(e, info.field), "value of " + std::string(info.name));
  }
  EXPECT_EQ(e.actor.email, "value of actor.email");
  EXPECT_EQ(e.target.parent.name, "value of target.parent.name");
  EXPECT_EQ(e.context.session_id, "value of context.session_id");
  EXPECT_EQ(e.geo.city, "value of geo.city");
  EXPECT_EQ(GetField(Event{}, StringField::kDescription), "");
}

// The dotted names are the paths of the JSON form: a value set through the
// table appears in the canonical JSON under that path.
TEST(EventFieldsTest, NamesAreJsonPaths) {
  for (const StringFieldInfo& info : AllStringFields()) {
    if (info.field == StringField::kChanges || info.field == StringField::kMetadata ||
        info.field == StringField::kDiff || info.field == StringField::kSealRedacted ||
        info.field == StringField::kSealPaths) {
      continue;  // JSON text, not a string
    }
    Event e;
    *MutableField(&e, info.field) = "V";
    const std::string json = CanonicalEvent(e);
    std::string_view name = info.name;
    std::string expected;
    size_t dot;
    while ((dot = name.find('.')) != std::string_view::npos) {
      expected += "\"" + std::string(name.substr(0, dot)) + "\":{";
      name.remove_prefix(dot + 1);
    }
    expected += "\"" + std::string(name) + "\":\"V\"";
    EXPECT_NE(json.find(expected), std::string::npos) << info.name << " in " << json;
  }
}

}  // namespace
}  // namespace vigil
