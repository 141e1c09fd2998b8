#include "ingest/event_batch_parser.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/event_json.h"
#include "core/limits.h"

namespace vigil {
namespace {

class EventBatchParserTest : public ::testing::Test {
 protected:
  EventBatchParserTest() : clock_(1'763'700'000'000), ids_(&clock_, 7) {
    opts_.ids = &ids_;
    opts_.receive_time_ms = clock_.NowMs();
  }
  Result<ParsedBatch> Parse(std::string_view body, BatchFormat f = BatchFormat::kJson) {
    return parser_.Parse(body, f, opts_);
  }

  ManualClock clock_;
  UlidGenerator ids_;
  ParseOptions opts_;
  EventBatchParser parser_;
};

TEST_F(EventBatchParserTest, OneObject) {
  auto b = Parse(R"( {"tenant":"t","action":"app.create"} )");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->prepared.events.size(), 1u);
  EXPECT_TRUE(b->errors.empty());
  EXPECT_EQ(b->prepared.events[0].action, "app.create");
}

TEST_F(EventBatchParserTest, ArrayKeepsOrderAndHandlesTrickyStrings) {
  auto b = Parse(R"([
    {"tenant":"t","action":"a.one","description":"has ] and , and \"quotes\" and {braces}"},
    {"tenant":"t","action":"a.two","metadata":{"list":[1,[2,{"x":"]"}]]}}
  ])");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->prepared.events.size(), 2u);
  EXPECT_TRUE(b->errors.empty());
  EXPECT_EQ(b->prepared.events[0].description, "has ] and , and \"quotes\" and {braces}");
  EXPECT_EQ(b->prepared.events[1].action, "a.two");
}

TEST_F(EventBatchParserTest, EventsComeSerializedForTheStore) {
  for (BatchFormat f : {BatchFormat::kJson, BatchFormat::kNdjson}) {
    const std::string_view body =
        f == BatchFormat::kJson
            ? R"([{"tenant":"t","action":"a.one","description":"tab\there"},)"
              R"({"tenant":"u","action":"a.two","metadata":{"b":1,"a":[true,null]}}])"
            : "{\"tenant\":\"t\",\"action\":\"a.one\",\"description\":\"tab\\there\"}\n"
              "{\"tenant\":\"u\",\"action\":\"a.two\",\"metadata\":{\"b\":1,\"a\":[true,null]}}\n";
    auto b = Parse(body, f);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    const PreparedBatch& p = b->prepared;
    ASSERT_EQ(p.size(), 2u);
    ASSERT_EQ(p.starts.size(), 2u);
    for (size_t i = 0; i < p.size(); ++i) {
      EXPECT_EQ(p.canonical(i), CanonicalEvent(p.events[i])) << i;
    }
    EXPECT_EQ(p.framed, PreparedBatch::From(p.events).framed);
    EXPECT_EQ(p.framed_crc, PreparedBatch::From(p.events).framed_crc);
  }
}

TEST_F(EventBatchParserTest, ErrorsNameTheIndexAndField) {
  auto b = Parse(R"([{"tenant":"t","action":"ok"},{"tenant":"t","action":5},{"tenant":"t"},
                     {"tenant":"t","action":"x","colour":"red"}])");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->error_count, 3u);
  ASSERT_EQ(b->errors.size(), 3u);
  EXPECT_EQ(b->errors[0].index, 1u);
  EXPECT_EQ(b->errors[0].message, "events[1].action: expected a string, got a number");
  EXPECT_EQ(b->errors[1].index, 2u);
  EXPECT_EQ(b->errors[1].message, "events[2].action: required");
  EXPECT_EQ(b->errors[2].index, 3u);
  EXPECT_TRUE(b->errors[2].message.starts_with("events[3].colour: unknown field"));
}

TEST_F(EventBatchParserTest, NdjsonWithCrlfBlankLinesAndNoFinalNewline) {
  auto b = Parse("{\"tenant\":\"t\",\"action\":\"a.b\"}\r\n\n{\"tenant\":\"t\",\"action\":\"c.d\"}",
                 BatchFormat::kNdjson);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->prepared.events.size(), 2u);
  ASSERT_EQ(b->errors.size(), 1u);
  EXPECT_EQ(b->errors[0].index, 1u);
  EXPECT_EQ(b->errors[0].message, "line 2: empty line; expected a JSON object");
  auto ok = Parse("{\"tenant\":\"t\",\"action\":\"a.b\"}\n", BatchFormat::kNdjson);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->prepared.events.size(), 1u);
  EXPECT_TRUE(ok->errors.empty());
}

TEST_F(EventBatchParserTest, WholeBodyProblems) {
  for (std::string_view bad : {"", "   ", "42", "\"str\"", "[]", "[{\"tenant\":\"t\"", "[1 2]",
                               "[{\"tenant\":\"t\",\"action\":\"a\"}] trailing", "null"}) {
    auto b = Parse(bad);
    if (b.ok()) {
      // A malformed element is reported per event, not for the body.
      EXPECT_GT(b->error_count, 0u) << bad;
    } else {
      EXPECT_TRUE(b.status().IsInvalidArgument()) << bad;
      EXPECT_TRUE(b.status().message().starts_with("body:")) << b.status().message();
    }
  }
}

TEST_F(EventBatchParserTest, TooManyEventsIsRejectedForTheWholeBody) {
  std::string body = "[";
  for (size_t i = 0; i <= kMaxBatchEvents; ++i) {
    if (i > 0) body += ",";
    body += R"({"tenant":"t","action":"a.b"})";
  }
  body += "]";
  auto b = Parse(body);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("more than 10000 events"), std::string::npos);
  std::string nd;
  for (size_t i = 0; i <= kMaxBatchEvents; ++i) nd += "{\"tenant\":\"t\",\"action\":\"a.b\"}\n";
  EXPECT_FALSE(Parse(nd, BatchFormat::kNdjson).ok());
}

TEST_F(EventBatchParserTest, ErrorListIsCappedButCounted) {
  std::string nd;
  for (int i = 0; i < 500; ++i) nd += "{\"tenant\":\"t\"}\n";
  auto b = Parse(nd, BatchFormat::kNdjson);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->error_count, 500u);
  EXPECT_EQ(b->errors.size(), kMaxReportedErrors);
}

}  // namespace
}  // namespace vigil
