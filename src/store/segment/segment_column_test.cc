#include "store/segment/segment_column.h"

#include <gtest/gtest.h>

#include <set>

#include "store/segment/column_set.h"

namespace vigil {
namespace {

TEST(SegmentColumnTest, EveryStringFieldHasItsOwnColumnWithTheSameName) {
  std::set<SegmentColumn> seen;
  for (const StringFieldInfo& f : AllStringFields()) {
    SegmentColumn c = ColumnForStringField(f.field);
    EXPECT_EQ(ColumnType(c), SegmentColumnType::kString) << f.name;
    EXPECT_EQ(ColumnName(c), f.name);
    EXPECT_EQ(StringFieldForColumn(c), f.field) << f.name;
    EXPECT_TRUE(seen.insert(c).second) << f.name;
  }
  EXPECT_EQ(seen.size(), kStringFieldCount);
  EXPECT_EQ(StringFieldForColumn(SegmentColumn::kTime), std::nullopt);
}

// The ids are the on-disk format: a change here breaks every existing file.
TEST(SegmentColumnTest, IdsArePinned) {
  EXPECT_EQ(ColumnId(SegmentColumn::kSeq), 0);
  EXPECT_EQ(ColumnId(SegmentColumn::kResources), 7);
  EXPECT_EQ(ColumnId(SegmentColumn::kId), 8);
  EXPECT_EQ(ColumnId(SegmentColumn::kActorEmail), 18);
  EXPECT_EQ(ColumnId(SegmentColumn::kMetadata), 36);
  EXPECT_EQ(ColumnId(SegmentColumn::kGeoCity), 39);
  EXPECT_EQ(ColumnForStringField(StringField::kActorEmail), SegmentColumn::kActorEmail);
  EXPECT_EQ(ColumnName(SegmentColumn::kReceivedAt), "received_at");
  EXPECT_EQ(ColumnName(SegmentColumn::kDurationMs), "context.duration_ms");
}

TEST(SegmentColumnTest, NamesAndIdsRoundTrip) {
  for (uint8_t id = 0; id < kSegmentColumnCount; ++id) {
    std::optional<SegmentColumn> c = ColumnById(id);
    ASSERT_TRUE(c.has_value()) << int{id};
    EXPECT_EQ(ColumnId(*c), id);
    EXPECT_EQ(ColumnByName(ColumnName(*c)), c);
  }
  EXPECT_EQ(ColumnById(kSegmentColumnCount), std::nullopt);
  EXPECT_EQ(ColumnByName("no.such.field"), std::nullopt);
}

TEST(ColumnSetTest, AllNoneAndSetOperations) {
  EXPECT_EQ(ColumnSet::All().size(), kSegmentColumnCount);
  EXPECT_TRUE(ColumnSet::None().empty());
  EXPECT_EQ(ColumnSet::Strings().size(), kStringFieldCount);
  EXPECT_FALSE(ColumnSet::Strings().Contains(SegmentColumn::kResources));
  EXPECT_TRUE(ColumnSet::Strings().Contains(SegmentColumn::kId));

  ColumnSet s{SegmentColumn::kTime, SegmentColumn::kTenant};
  s.Add(StringField::kActorEmail);
  EXPECT_EQ(s.size(), 3u);
  EXPECT_TRUE(s.Contains(SegmentColumn::kActorEmail));
  s.Remove(SegmentColumn::kTime);
  EXPECT_FALSE(s.Contains(SegmentColumn::kTime));
  EXPECT_EQ((s | ColumnSet{SegmentColumn::kSeq}).size(), 3u);
  EXPECT_EQ(s & ColumnSet::Strings(), s);
  EXPECT_EQ(ColumnSet::All() - ColumnSet::Strings(),
            (ColumnSet{SegmentColumn::kSeq, SegmentColumn::kTime, SegmentColumn::kReceivedAt,
                       SegmentColumn::kStatus, SegmentColumn::kDurationMs, SegmentColumn::kGeoLat,
                       SegmentColumn::kGeoLon, SegmentColumn::kResources}));
}

}  // namespace
}  // namespace vigil
