// A SegmentIndexBuilder built with Lookups::kAnswer answers, over the rows
// added so far, exactly what the file it writes answers with every posting
// kept as rows; and it writes the same bytes as a builder without lookups.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "store/index/segment_index.h"
#include "store/index/segment_index_builder.h"
#include "store/segment/segment_test_util.h"

namespace vigil::index {
namespace {

constexpr uint32_t kRowsPerGroup = 128;
constexpr uint32_t kAllRows = std::numeric_limits<uint32_t>::max();

// Every (term, rows) of key k.
std::map<std::string, Bitmap> Terms(const RowIndex& ix, IndexKey k) {
  std::map<std::string, Bitmap> out;
  ix.ForEachTerm(k, [&](std::string_view term, const Rows& rows) {
    EXPECT_TRUE(rows.exact) << term;
    EXPECT_TRUE(out.emplace(std::string(term), rows.rows).second) << "twice: " << term;
  });
  return out;
}

// The index file of events[0, n) with every posting kept as rows.
SegmentIndex FileOf(const std::vector<Event>& events, size_t n) {
  SegmentIndexBuilder b(kRowsPerGroup, kAllRows);
  for (size_t i = 0; i < n; ++i) b.Add(events[i]);
  Result<SegmentIndex> ix = SegmentIndex::Parse(b.Finish());
  EXPECT_TRUE(ix.ok()) << ix.status().ToString();
  return std::move(ix).value();
}

void ExpectSameAnswers(const SegmentIndexBuilder& live, const SegmentIndex& file) {
  ASSERT_EQ(live.rows(), file.rows());
  ASSERT_EQ(live.row_groups(), file.row_groups());
  for (uint32_t g = 0; g < file.row_groups(); ++g) {
    const GroupRange a = live.group_range(g), b = file.group_range(g);
    EXPECT_EQ(a.min_time, b.min_time) << g;
    EXPECT_EQ(a.max_time, b.max_time) << g;
    EXPECT_EQ(a.has_durations(), b.has_durations()) << g;
    if (b.has_durations()) {
      EXPECT_EQ(a.min_duration, b.min_duration) << g;
      EXPECT_EQ(a.max_duration, b.max_duration) << g;
    }
  }
  for (size_t key = 0; key < kIndexKeyCount; ++key) {
    const auto k = static_cast<IndexKey>(key);
    SCOPED_TRACE(std::string(IndexKeyName(k)));
    const std::map<std::string, Bitmap> terms = Terms(file, k);
    EXPECT_EQ(Terms(live, k), terms);
    size_t checked = 0;
    for (const auto& [term, rows] : terms) {
      if (checked++ % 7 != 0) continue;  // a sample: prefixes walk every term
      EXPECT_EQ(live.Exact(k, term).rows, rows) << term;
      const std::string prefix = term.substr(0, (term.size() + 1) / 2);
      EXPECT_EQ(live.Prefix(k, prefix).rows, file.Prefix(k, prefix).rows) << prefix;
    }
    EXPECT_TRUE(live.Exact(k, "no-such-term").rows.isEmpty());
    EXPECT_TRUE(live.Prefix(k, "no-such-").rows.isEmpty());
  }
}

TEST(BuilderLookupsTest, AnswersAsTheFileDoesAfterEveryStretchOfRows) {
  const std::vector<Event> events = segment_test::MakeRealisticEvents(1500, 11);
  SegmentIndexBuilder live(kRowsPerGroup, SegmentIndexBuilder::kMaxTextRowPosting,
                           SegmentIndexBuilder::Lookups::kAnswer);
  EXPECT_EQ(live.rows(), 0u);
  EXPECT_TRUE(live.Prefix(IndexKey::kAction, "").rows.isEmpty());
  size_t added = 0;
  for (size_t end : {1, 128, 129, 700, 1500}) {
    for (; added < end; ++added) live.Add(events[added]);
    SCOPED_TRACE(end);
    ExpectSameAnswers(live, FileOf(events, end));
  }
}

TEST(BuilderLookupsTest, WritesTheSameBytesAsABuilderWithoutLookups) {
  const std::vector<Event> events = segment_test::MakeRealisticEvents(2000, 5);
  SegmentIndexBuilder live(kRowsPerGroup, SegmentIndexBuilder::kMaxTextRowPosting,
                           SegmentIndexBuilder::Lookups::kAnswer);
  SegmentIndexBuilder plain(kRowsPerGroup);
  for (const Event& e : events) {
    live.Add(e);
    plain.Add(e);
  }
  const std::string bytes = live.Finish();
  EXPECT_EQ(bytes, plain.Finish());
  // Finish empties it: lookups find nothing until rows come again.
  EXPECT_EQ(live.rows(), 0u);
  EXPECT_TRUE(live.Prefix(IndexKey::kTenant, "").rows.isEmpty());
}

TEST(BuilderLookupsTest, WithoutLookupsNothingIsFound) {
  const std::vector<Event> events = segment_test::MakeRealisticEvents(10, 3);
  SegmentIndexBuilder plain(kRowsPerGroup);
  for (const Event& e : events) plain.Add(e);
  EXPECT_TRUE(plain.Exact(IndexKey::kTenant, events[0].tenant).rows.isEmpty());
  EXPECT_TRUE(plain.Prefix(IndexKey::kTenant, "").rows.isEmpty());
}

}  // namespace
}  // namespace vigil::index
