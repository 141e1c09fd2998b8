#include "api/http/media_type.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(MediaTypeTest, ParsesTypeSubtypeAndParameters) {
  Result<MediaType> m = MediaType::Parse(" Application/JSON ; Charset=\"UTF-8\";q=x ; ");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->type(), "application");
  EXPECT_EQ(m->subtype(), "json");
  EXPECT_EQ(m->essence(), "application/json");
  EXPECT_EQ(m->Param("charset"), "UTF-8");
  EXPECT_EQ(m->Param("q"), "x");
  EXPECT_FALSE(m->Param("boundary").has_value());

  Result<MediaType> quoted = MediaType::Parse(R"(text/plain; note="a \"b\"; c")");
  ASSERT_TRUE(quoted.ok());
  EXPECT_EQ(quoted->Param("note"), "a \"b\"; c");
}

TEST(MediaTypeTest, RejectsMalformedValues) {
  for (std::string_view bad :
       {"", "json", "application/", "/json", "application/json; charset", "application/json; =x",
        "application/json x", "application/json; a=\"open"}) {
    Result<MediaType> m = MediaType::Parse(bad);
    EXPECT_FALSE(m.ok()) << bad;
    EXPECT_TRUE(m.status().IsInvalidArgument());
  }
}

TEST(MediaTypeTest, EventsAcceptJsonAndNdjson) {
  EXPECT_EQ(*CheckEventsContentType("application/json"), EventsBodyFormat::kJson);
  EXPECT_EQ(*CheckEventsContentType("application/json; charset=utf-8"), EventsBodyFormat::kJson);
  EXPECT_EQ(*CheckEventsContentType("application/json;charset=\"UTF8\""), EventsBodyFormat::kJson);
  EXPECT_EQ(*CheckEventsContentType("application/x-ndjson"), EventsBodyFormat::kNdjson);
  EXPECT_EQ(*CheckEventsContentType("application/ndjson"), EventsBodyFormat::kNdjson);
  EXPECT_EQ(*CheckEventsContentType("Application/JSONL; charset=utf-8"), EventsBodyFormat::kNdjson);
}

TEST(MediaTypeTest, EventsRejectOtherTypesListingTheAcceptedOnes) {
  const std::string accepted =
      "application/json, application/x-ndjson, application/ndjson, application/jsonl";
  Result<EventsBodyFormat> form = CheckEventsContentType("application/x-www-form-urlencoded");
  ASSERT_FALSE(form.ok());
  EXPECT_EQ(
      form.status().message(),
      "unsupported Content-Type 'application/x-www-form-urlencoded'; send one of: " + accepted);
  EXPECT_FALSE(CheckEventsContentType("text/plain").ok());
  EXPECT_FALSE(CheckEventsContentType("application/xml").ok());
  EXPECT_FALSE(CheckEventsContentType("multipart/form-data; boundary=x").ok());

  Result<EventsBodyFormat> missing = CheckEventsContentType(std::nullopt);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "Content-Type is required; send one of: " + accepted + " (UTF-8)");

  Result<EventsBodyFormat> malformed = CheckEventsContentType("json");
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.status().message().find("malformed Content-Type 'json'"), std::string::npos);
  EXPECT_NE(malformed.status().message().find(accepted), std::string::npos);
}

TEST(MediaTypeTest, EventsRejectOtherCharsets) {
  Result<EventsBodyFormat> latin = CheckEventsContentType("application/json; charset=iso-8859-1");
  ASSERT_FALSE(latin.ok());
  EXPECT_EQ(latin.status().message(),
            "unsupported charset 'iso-8859-1' in Content-Type; events must be UTF-8 "
            "(charset=utf-8)");
}

}  // namespace
}  // namespace vigil::api
