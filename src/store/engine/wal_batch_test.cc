#include "store/engine/wal_batch.h"

#include <gtest/gtest.h>

#include "core/event_json.h"
#include "store/prepared_batch.h"
#include "store/wal/wal_codec.h"

namespace vigil {
namespace {

TEST(WalBatchTest, RoundTrip) {
  std::string payload;
  AppendWalBatchHeader(42, 3, &payload);
  AppendWalBatchEvent("{\"a\":1}", &payload);
  AppendWalBatchEvent("", &payload);
  AppendWalBatchEvent("{\"b\":\"é\"}", &payload);
  auto view = DecodeWalBatch(payload);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->first_seq, 42u);
  ASSERT_EQ(view->events.size(), 3u);
  EXPECT_EQ(view->events[0], "{\"a\":1}");
  EXPECT_EQ(view->events[1], "");
  EXPECT_EQ(view->events[2], "{\"b\":\"é\"}");
}

TEST(WalBatchTest, PreparedBatchFramedIsTheBodyOfABatchPayload) {
  std::vector<Event> events(3);
  for (size_t i = 0; i < events.size(); ++i) {
    events[i].id = "ev_" + std::to_string(i);
    events[i].tenant = "acme";
    events[i].action = "doc.update";
    events[i].description = std::string(i * 300, 'x') + "\"quoted\"\n";
  }
  const PreparedBatch b = PreparedBatch::From(events, /*size_hint=*/10);  // a hint too small
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b.framed_crc, wal::Crc32(b.framed));
  std::string payload;
  AppendWalBatchHeader(7, 3, &payload);
  payload += b.framed;
  auto view = DecodeWalBatch(payload);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  ASSERT_EQ(view->events.size(), 3u);
  size_t canonical_bytes = 0;
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(view->events[i], CanonicalEvent(events[i])) << i;
    EXPECT_EQ(b.canonical(i), CanonicalEvent(events[i])) << i;
    canonical_bytes += b.canonical(i).size();
  }
  EXPECT_EQ(b.canonical_bytes(), canonical_bytes);
  EXPECT_EQ(b.events, events);
}

TEST(WalBatchTest, InconsistentFramingIsCorruption) {
  std::string payload;
  AppendWalBatchHeader(0, 2, &payload);
  AppendWalBatchEvent("xyz", &payload);
  // Claims two events, holds one.
  EXPECT_TRUE(DecodeWalBatch(payload).status().IsCorruption());
  // Trailing garbage.
  std::string extra;
  AppendWalBatchHeader(0, 1, &extra);
  AppendWalBatchEvent("xyz", &extra);
  extra += "!!";
  EXPECT_TRUE(DecodeWalBatch(extra).status().IsCorruption());
  // Length past the end.
  std::string long_len;
  AppendWalBatchHeader(0, 1, &long_len);
  long_len += std::string("\xff\xff\x00\x00", 4) + "ab";
  EXPECT_TRUE(DecodeWalBatch(long_len).status().IsCorruption());
  // Wrong type, short header.
  std::string wrong = payload;
  wrong[0] = 9;
  EXPECT_TRUE(DecodeWalBatch(wrong).status().IsCorruption());
  EXPECT_TRUE(DecodeWalBatch("abc").status().IsCorruption());
}

}  // namespace
}  // namespace vigil
