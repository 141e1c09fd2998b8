// Reads of a memtable go through its index for the rows indexed so far and
// match the rest one by one: whatever the indexer has reached (nothing,
// part, all, more than a snapshot sees), a scan returns exactly the events
// FilterMatcher accepts, in row order. And a frozen memtable's index
// serializes to the bytes a flush used to build from its events.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/engine/match_scan.h"
#include "store/engine/memtable.h"
#include "store/engine/segment_index_file.h"
#include "store/filter_matcher.h"
#include "store/index/index_key.h"
#include "store/index/segment_index_builder.h"
#include "store/segment/segment_test_util.h"

namespace vigil {
namespace {

constexpr uint32_t kRowsPerGroup = 64;
constexpr size_t kEvents = 1000;

class MemtableScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    events_ = segment_test::MakeRealisticEvents(kEvents, 21);
    for (size_t i = 0; i < events_.size(); i += 100) {
      memtable_.Append(std::vector<Event>(events_.begin() + static_cast<ptrdiff_t>(i),
                                          events_.begin() + static_cast<ptrdiff_t>(i + 100)),
                       100'000);
    }
  }

  // A full-text token of event i's (as the index folds it).
  std::string TokenOf(size_t i) const {
    std::string token, scratch;
    index::ForEachIndexTerm(events_[i], scratch, [&](index::IndexKey k, std::string_view t) {
      if (k == index::IndexKey::kText && token.empty() && t.size() > 3) token = t;
    });
    return token;
  }

  std::vector<Filter> Filters() const {
    const Event& e = events_[17];
    FilterValue phrase;
    phrase.kind = FilterValue::Kind::kPhrase;
    phrase.tokens = {TokenOf(17)};
    FilterValue prefix_phrase = phrase;
    prefix_phrase.tokens = {TokenOf(40).substr(0, 3)};
    prefix_phrase.last_token_is_prefix = true;
    using N = FilterNode;
    return {
        N::All(),
        N::Term(FilterField::kAction, {FilterValue::Exact(e.action)}),
        N::Term(FilterField::kAction, {FilterValue::Prefix(e.action.substr(0, 4))}),
        N::Term(FilterField::kStatus, {FilterValue::Exact("error")}),
        N::Not(N::Term(FilterField::kStatus, {FilterValue::Exact("error")})),
        N::Term(FilterField::kText, {phrase}),
        N::Term(FilterField::kText, {prefix_phrase}),
        N::And({N::Term(FilterField::kEnvironment, {FilterValue::Exact(e.environment)}),
                N::Or({N::Term(FilterField::kMethod, {FilterValue::Exact("POST")}),
                       N::Term(FilterField::kActor, {FilterValue::Exact(e.actor.email)})})}),
        N::Term(FilterField::kId, {FilterValue::Exact(events_[900].id)}),
        N::Term(FilterField::kDuration, {FilterValue::Range(100, 1e9)}),
    };
  }

  // Rows of events[0, visible) in tenant and range that filter matches.
  std::vector<uint32_t> Expected(const Filter& filter, const std::string& tenant,
                                 const TimeRange& range, size_t visible) const {
    FilterMatcher m(filter);
    std::vector<uint32_t> rows;
    for (uint32_t i = 0; i < visible; ++i) {
      const Event& e = events_[i];
      if ((tenant.empty() || e.tenant == tenant) && range.Contains(e.time_ms) && m.Matches(e)) {
        rows.push_back(i);
      }
    }
    return rows;
  }

  void ExpectScansMatch(size_t visible) {
    const std::string tenant = events_[3].tenant;
    const TimeRange middle{events_[0].time_ms, events_[kEvents / 2].time_ms};
    int nonempty = 0;
    for (const Filter& filter : Filters()) {
      for (const std::string& t : {std::string(), tenant}) {
        for (const TimeRange& range : {TimeRange{}, middle}) {
          MatchScan scan(filter, t, range, ColumnSet{SegmentColumn::kId});
          std::vector<uint32_t> rows;
          ASSERT_TRUE(scan.Run(ReadSource{nullptr, &memtable_, visible, 0, 0},
                               [&](const MatchBatch& b) {
                                 for (size_t k = 0; k < b.rows.size(); ++k) {
                                   EXPECT_EQ(b.events[k]->id, events_[b.rows[k]].id);
                                   EXPECT_EQ(b.times[k], events_[b.rows[k]].time_ms);
                                   EXPECT_EQ(b.errors[k] != 0,
                                             events_[b.rows[k]].status == EventStatus::kError);
                                 }
                                 rows.insert(rows.end(), b.rows.begin(), b.rows.end());
                                 return Status::Ok();
                               })
                          .ok());
          const std::vector<uint32_t> want = Expected(filter, t, range, visible);
          EXPECT_EQ(rows, want);
          nonempty += want.empty() ? 0 : 1;
        }
      }
    }
    EXPECT_GT(nonempty, 25);  // of 40: the filters do select events
  }

  std::vector<Event> events_;
  Memtable memtable_{0, kRowsPerGroup};
};

TEST_F(MemtableScanTest, NothingIndexedYet) {
  EXPECT_EQ(memtable_.index().rows(), 0u);
  ExpectScansMatch(kEvents);
}

TEST_F(MemtableScanTest, PartlyIndexed) {
  EXPECT_EQ(memtable_.IndexMore(333), kEvents - 333);
  EXPECT_EQ(memtable_.index().rows(), 333u);
  ExpectScansMatch(kEvents);
}

TEST_F(MemtableScanTest, WhollyIndexed) {
  while (memtable_.IndexMore(256) > 0) {
  }
  EXPECT_EQ(memtable_.index().rows(), kEvents);
  ExpectScansMatch(kEvents);
}

TEST_F(MemtableScanTest, IndexedPastWhatTheSnapshotSees) {
  EXPECT_EQ(memtable_.IndexMore(900), kEvents - 900);
  ExpectScansMatch(600);
}

TEST_F(MemtableScanTest, FinishedIndexIsTheFlushIndexAndStillAnswers) {
  EXPECT_EQ(memtable_.IndexMore(500), kEvents - 500);
  Result<std::string> bytes = memtable_.FinishIndex();  // indexes the rest first
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  index::SegmentIndexBuilder rebuilt(kRowsPerGroup);
  for (const Event& e : events_) rebuilt.Add(e);
  EXPECT_EQ(*bytes, rebuilt.Finish());
  EXPECT_EQ(memtable_.index().rows(), kEvents);
  EXPECT_EQ(memtable_.IndexMore(100), 0u);
  ExpectScansMatch(kEvents);  // now from the serialized index
  EXPECT_FALSE(memtable_.FinishIndex().ok());
}

}  // namespace
}  // namespace vigil
