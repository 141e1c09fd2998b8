#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/event_json.h"
#include "store/segment/segment_reader.h"
#include "store/segment/segment_test_util.h"
#include "store/segment/segment_writer.h"

namespace vigil {
namespace {

using segment::BlockCompression;
using segment::ColumnEncoding;
using segment_test::MakeVariedEvents;
using segment_test::Project;
using segment_test::TempDir;

std::string Show(const Event& e) {
  std::string s;
  AppendEventWithSeq(e, &s);
  return s;
}

// Row-by-row comparison, showing the canonical JSON of a differing row.
void ExpectEventsEqual(const std::vector<Event>& got, const std::vector<Event>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_TRUE(got[i] == want[i])
        << "row " << i << "\n got: " << Show(got[i]) << "\nwant: " << Show(want[i]);
  }
}

class SegmentRoundTripTest : public ::testing::Test {
 protected:
  std::unique_ptr<SegmentReader> WriteAndOpen(const std::vector<Event>& events,
                                              const SegmentWriteOptions& options = {},
                                              const std::string& name = "seg") {
    const std::string path = dir_.File(name);
    Result<SegmentInfo> written = WriteSegment(fs_, path, events, options);
    EXPECT_TRUE(written.ok()) << written.status().ToString();
    Result<std::unique_ptr<SegmentReader>> r = SegmentReader::Open(fs_, path);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return nullptr;
    EXPECT_EQ((*r)->info(), *written);  // the writer reports what the reader sees
    return std::move(r).value();
  }

  TempDir dir_;
  FileSystem* fs_ = DefaultFileSystem();
};

TEST_F(SegmentRoundTripTest, AllColumnsRoundTripExactly) {
  const std::vector<Event> events = MakeVariedEvents(3000);
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(events);
  ASSERT_NE(reader, nullptr);
  std::vector<Event> out = {Event{}};  // existing contents are replaced
  ASSERT_TRUE(reader->ReadEvents(ColumnSet::All(), &out).ok());
  ExpectEventsEqual(out, events);
}

TEST_F(SegmentRoundTripTest, EveryEncodingIsUsed) {
  SegmentWriteOptions one_group;
  one_group.rows_per_group = 4096;
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(MakeVariedEvents(3000), one_group);
  ASSERT_NE(reader, nullptr);
  const SegmentInfo& info = reader->info();
  ASSERT_EQ(info.row_groups, 1u);
  EXPECT_FALSE(info.HasDictionary(SegmentColumn::kId));
  EXPECT_EQ(info.block(0, SegmentColumn::kId).encoding, ColumnEncoding::kPlainString);
  EXPECT_EQ(info.block(0, SegmentColumn::kRequestId).encoding, ColumnEncoding::kPlainString);
  EXPECT_TRUE(info.HasDictionary(SegmentColumn::kTenant));
  EXPECT_EQ(info.block(0, SegmentColumn::kTenant).encoding, ColumnEncoding::kDictionaryCodes);
  EXPECT_EQ(info.block(0, SegmentColumn::kAction).encoding, ColumnEncoding::kDictionaryCodes);
  EXPECT_EQ(info.dictionaries[ColumnId(SegmentColumn::kAction)].encoding,
            ColumnEncoding::kStringDictionary);
  EXPECT_EQ(info.dictionaries[ColumnId(SegmentColumn::kTime)].encoding, ColumnEncoding::kNone);
  EXPECT_EQ(info.block(0, SegmentColumn::kTime).encoding, ColumnEncoding::kDeltaVarint);
  EXPECT_EQ(info.block(0, SegmentColumn::kTime).compression, BlockCompression::kZstd);
  // geo.lat holds -0.0 (not a decimal); duration holds 1e-300 (too many digits).
  EXPECT_EQ(info.block(0, SegmentColumn::kGeoLat).encoding, ColumnEncoding::kPlainDouble);
  EXPECT_EQ(info.block(0, SegmentColumn::kDurationMs).encoding, ColumnEncoding::kPlainDouble);
  EXPECT_EQ(info.block(0, SegmentColumn::kGeoLon).encoding, ColumnEncoding::kDecimalDouble);
}

TEST_F(SegmentRoundTripTest, ManyRowGroupsRoundTrip) {
  const std::vector<Event> events = MakeVariedEvents(95);  // 100 rows
  SegmentWriteOptions options;
  options.rows_per_group = 7;
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(events, options);
  ASSERT_NE(reader, nullptr);
  const SegmentInfo& info = reader->info();
  EXPECT_EQ(info.rows_per_group, 7u);
  EXPECT_EQ(info.row_groups, 15u);
  EXPECT_EQ(info.GroupRows(14), 2u);
  EXPECT_EQ(info.blocks.size(), 15 * kSegmentColumnCount);
  std::vector<Event> out;
  ASSERT_TRUE(reader->ReadEvents(ColumnSet::All(), &out).ok());
  ExpectEventsEqual(out, events);

  // Rows at group edges, several per group, and groups with none.
  const std::vector<uint32_t> rows = {0, 6, 7, 8, 13, 14, 50, 51, 52, 97, 98, 99};
  const ColumnSet columns{SegmentColumn::kSeq, SegmentColumn::kActorEmail,
                          SegmentColumn::kResources, SegmentColumn::kGeoLat};
  ASSERT_TRUE(reader->ReadRows(columns, rows, &out).ok());
  std::vector<Event> want;
  for (uint32_t r : rows) want.push_back(Project(events[r], columns));
  ExpectEventsEqual(out, want);
}

TEST_F(SegmentRoundTripTest, ReadRangeReturnsRowsAcrossGroups) {
  const std::vector<Event> events = MakeVariedEvents(95);  // 100 rows
  SegmentWriteOptions options;
  options.rows_per_group = 16;
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(events, options);
  ASSERT_NE(reader, nullptr);
  const ColumnSet columns{SegmentColumn::kSeq, SegmentColumn::kTenant, SegmentColumn::kResources,
                          SegmentColumn::kDurationMs};
  for (auto [begin, end] : std::vector<std::pair<uint64_t, uint64_t>>{
           {0, 100}, {0, 16}, {15, 17}, {20, 21}, {31, 70}, {96, 100}, {50, 50}, {100, 100}}) {
    SCOPED_TRACE(std::to_string(begin) + ".." + std::to_string(end));
    std::vector<Event> out;
    ASSERT_TRUE(reader->ReadRange(columns, begin, end, &out).ok());
    std::vector<Event> want;
    for (uint64_t r = begin; r < end; ++r) want.push_back(Project(events[r], columns));
    ExpectEventsEqual(out, want);
  }
  std::vector<Event> out;
  EXPECT_TRUE(reader->ReadRange(columns, 5, 4, &out).IsInvalidArgument());
  EXPECT_TRUE(reader->ReadRange(columns, 0, 101, &out).IsInvalidArgument());
}

// A vector is reused across reads: whatever a read does not fill is default,
// whatever was in the vector before.
TEST_F(SegmentRoundTripTest, ReusedVectorsHoldOnlyWhatWasRead) {
  const std::vector<Event> events = MakeVariedEvents(300);
  SegmentWriteOptions options;
  options.rows_per_group = 64;
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(events, options);
  ASSERT_NE(reader, nullptr);
  std::vector<Event> out;
  ASSERT_TRUE(reader->ReadEvents(ColumnSet::All(), &out).ok());
  ExpectEventsEqual(out, events);

  const ColumnSet few{SegmentColumn::kTime, SegmentColumn::kActorEmail, SegmentColumn::kGeoLat};
  ASSERT_TRUE(reader->ReadRange(few, 10, 200, &out).ok());
  std::vector<Event> want;
  for (uint64_t r = 10; r < 200; ++r) want.push_back(Project(events[r], few));
  ExpectEventsEqual(out, want);

  const std::vector<uint32_t> rows = {1, 2, 150, 299};
  ASSERT_TRUE(reader->ReadRows(ColumnSet::Strings(), rows, &out).ok());
  want.clear();
  for (uint32_t r : rows) want.push_back(Project(events[r], ColumnSet::Strings()));
  ExpectEventsEqual(out, want);
}

TEST_F(SegmentRoundTripTest, CursorStreamsGroupsAndReadsPages) {
  const std::vector<Event> events = MakeVariedEvents(300);
  SegmentWriteOptions options;
  options.rows_per_group = 64;
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(events, options);
  ASSERT_NE(reader, nullptr);
  const SegmentInfo& info = reader->info();

  // Streaming a segment group by group through one vector.
  std::unique_ptr<SegmentCursor> cursor = reader->NewCursor(ColumnSet::All());
  std::vector<Event> out;
  std::vector<Event> all;
  for (uint32_t g = 0; g < info.row_groups; ++g) {
    ASSERT_TRUE(
        cursor->ReadRange(info.GroupFirstRow(g), info.GroupFirstRow(g) + info.GroupRows(g), &out)
            .ok());
    all.insert(all.end(), out.begin(), out.end());
  }
  ExpectEventsEqual(all, events);

  // Pages from one cursor of a few columns.
  const ColumnSet columns{SegmentColumn::kSeq, SegmentColumn::kAction, SegmentColumn::kActorEmail};
  std::unique_ptr<SegmentCursor> pages = reader->NewCursor(columns);
  EXPECT_EQ(pages->columns(), columns);
  for (const std::vector<uint32_t>& rows :
       {std::vector<uint32_t>{299, 300, 301}, std::vector<uint32_t>{0, 63, 64},
        std::vector<uint32_t>{}, std::vector<uint32_t>{5}}) {
    ASSERT_TRUE(pages->ReadRows(rows, &out).ok());
    std::vector<Event> want;
    for (uint32_t r : rows) want.push_back(Project(events[r], columns));
    ExpectEventsEqual(out, want);
  }
  EXPECT_TRUE(pages->ReadRows(std::vector<uint32_t>{400}, &out).IsInvalidArgument());
  EXPECT_TRUE(out.empty());
}

TEST_F(SegmentRoundTripTest, OneRowPerGroupRoundTrips) {
  const std::vector<Event> events = MakeVariedEvents(5);
  SegmentWriteOptions options;
  options.rows_per_group = 1;
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(events, options);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->info().row_groups, events.size());
  std::vector<Event> out;
  ASSERT_TRUE(reader->ReadEvents(ColumnSet::All(), &out).ok());
  ExpectEventsEqual(out, events);
}

TEST_F(SegmentRoundTripTest, SingleRowSegmentRoundTrips) {
  // One row: most blocks are too small for zstd to help and are stored raw.
  std::vector<Event> events = MakeVariedEvents(0);
  events.resize(1);
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(events);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->info().block(0, SegmentColumn::kStatus).compression, BlockCompression::kNone);
  std::vector<Event> out;
  ASSERT_TRUE(reader->ReadEvents(ColumnSet::All(), &out).ok());
  ExpectEventsEqual(out, events);
}

TEST_F(SegmentRoundTripTest, InfoSummarizesTheRows) {
  std::vector<Event> events = MakeVariedEvents(0, 77);  // the 5 hand-built rows
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(events);
  ASSERT_NE(reader, nullptr);
  const SegmentInfo& info = reader->info();
  EXPECT_EQ(info.format_version, 3u);
  EXPECT_EQ(info.rows, 5u);
  EXPECT_EQ(info.first_seq, 77u);
  EXPECT_EQ(info.last_seq, 81u);
  EXPECT_EQ(info.min_time_ms, INT64_MIN);
  EXPECT_EQ(info.max_time_ms, 1'717'000'000'123);
  EXPECT_EQ(info.min_received_at_ms, 0);
  EXPECT_EQ(info.max_received_at_ms, INT64_MAX);
  EXPECT_EQ(info.tenants, (std::vector<std::string>{"acme", "beta", "zeta"}));
  EXPECT_EQ(info.file_bytes, segment_test::ReadBytes(dir_.File("seg")).size());
  EXPECT_EQ(info.blocks.size(), kSegmentColumnCount);
  EXPECT_EQ(info.dictionaries.size(), kSegmentColumnCount);
  EXPECT_EQ(info.rows_per_group, segment::kDefaultRowsPerGroup);
}

TEST_F(SegmentRoundTripTest, PartialColumnSetsFillOnlyThoseFields) {
  const std::vector<Event> events = MakeVariedEvents(500);
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(events);
  ASSERT_NE(reader, nullptr);
  const ColumnSet sets[] = {
      ColumnSet::None(),
      ColumnSet{SegmentColumn::kTime, SegmentColumn::kTenant},
      ColumnSet{SegmentColumn::kSeq, SegmentColumn::kDurationMs, SegmentColumn::kResources},
      ColumnSet{SegmentColumn::kGeoLat, SegmentColumn::kActorEmail, SegmentColumn::kStatus},
      ColumnSet::Strings(),
      ColumnSet::All() - ColumnSet::Strings(),
  };
  for (const ColumnSet& columns : sets) {
    std::vector<Event> out;
    ASSERT_TRUE(reader->ReadEvents(columns, &out).ok());
    std::vector<Event> want;
    for (const Event& e : events) want.push_back(Project(e, columns));
    ExpectEventsEqual(out, want);
  }
}

TEST_F(SegmentRoundTripTest, ReadRowsReturnsTheSelectedRowsInOrder) {
  const std::vector<Event> events = MakeVariedEvents(500);
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(events);
  ASSERT_NE(reader, nullptr);
  const uint32_t last = static_cast<uint32_t>(events.size() - 1);
  const std::vector<uint32_t> rows = {0, 1, 2, 3, 4, 17, 250, 251, last};
  for (const ColumnSet& columns :
       {ColumnSet::All(), ColumnSet{SegmentColumn::kResources, SegmentColumn::kId}}) {
    std::vector<Event> out;
    ASSERT_TRUE(reader->ReadRows(columns, rows, &out).ok());
    std::vector<Event> want;
    for (uint32_t r : rows) want.push_back(Project(events[r], columns));
    ExpectEventsEqual(out, want);
  }
  std::vector<Event> out = {Event{}};
  ASSERT_TRUE(reader->ReadRows(ColumnSet::All(), {}, &out).ok());
  EXPECT_TRUE(out.empty());
}

TEST_F(SegmentRoundTripTest, ReadRowsRejectsBadRowLists) {
  std::unique_ptr<SegmentReader> reader = WriteAndOpen(MakeVariedEvents(10));
  ASSERT_NE(reader, nullptr);
  std::vector<Event> out;
  const std::vector<uint32_t> past_end = {1, 15};
  EXPECT_TRUE(reader->ReadRows(ColumnSet::All(), past_end, &out).IsInvalidArgument());
  const std::vector<uint32_t> unsorted = {3, 2};
  EXPECT_TRUE(reader->ReadRows(ColumnSet::All(), unsorted, &out).IsInvalidArgument());
  const std::vector<uint32_t> duplicate = {2, 2};
  EXPECT_TRUE(reader->ReadRows(ColumnSet::All(), duplicate, &out).IsInvalidArgument());
}

TEST_F(SegmentRoundTripTest, WriterRejectsBadInputAndExistingFiles) {
  std::vector<Event> events = MakeVariedEvents(3);
  const std::string path = dir_.File("seg");
  EXPECT_TRUE(WriteSegment(fs_, path, std::span<const Event>()).status().IsInvalidArgument());

  std::vector<Event> gap = events;
  gap[4].seq += 1;
  Status s = WriteSegment(fs_, path, gap).status();
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("events[4].seq"), std::string::npos) << s.ToString();
  EXPECT_FALSE(fs_->Exists(path));

  std::vector<Event> bad_status = events;
  bad_status[2].status = static_cast<EventStatus>(9);
  EXPECT_TRUE(WriteSegment(fs_, path, bad_status).status().IsInvalidArgument());

  SegmentWriteOptions no_groups;
  no_groups.rows_per_group = 0;
  EXPECT_TRUE(WriteSegment(fs_, path, events, no_groups).status().IsInvalidArgument());
  EXPECT_FALSE(fs_->Exists(path));

  ASSERT_TRUE(WriteSegment(fs_, path, events).ok());
  const std::string before = segment_test::ReadBytes(path);
  s = WriteSegment(fs_, path, events).status();
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition) << s.ToString();
  EXPECT_EQ(segment_test::ReadBytes(path), before);
}

TEST_F(SegmentRoundTripTest, WritingIsDeterministic) {
  const std::vector<Event> events = MakeVariedEvents(200);
  SegmentWriteOptions options;
  options.rows_per_group = 64;
  ASSERT_TRUE(WriteSegment(fs_, dir_.File("a"), events, options).ok());
  ASSERT_TRUE(WriteSegment(fs_, dir_.File("b"), events, options).ok());
  EXPECT_EQ(segment_test::ReadBytes(dir_.File("a")), segment_test::ReadBytes(dir_.File("b")));
}

TEST_F(SegmentRoundTripTest, ZstdLevelChangesBytesNotContent) {
  const std::vector<Event> events = segment_test::MakeRealisticEvents(2000, 5);
  SegmentWriteOptions fast;
  fast.zstd_level = 1;
  SegmentWriteOptions strong;
  strong.zstd_level = 19;
  Result<SegmentInfo> a = WriteSegment(fs_, dir_.File("fast"), events, fast);
  Result<SegmentInfo> b = WriteSegment(fs_, dir_.File("strong"), events, strong);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LT(b->file_bytes, a->file_bytes);
  for (const char* name : {"fast", "strong"}) {
    Result<std::unique_ptr<SegmentReader>> r = SegmentReader::Open(fs_, dir_.File(name));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    std::vector<Event> out;
    ASSERT_TRUE((*r)->ReadEvents(ColumnSet::All(), &out).ok());
    ExpectEventsEqual(out, events);
  }
}

TEST_F(SegmentRoundTripTest, FileSystemErrorsPassThrough) {
  Result<std::unique_ptr<SegmentReader>> r = SegmentReader::Open(fs_, dir_.File("absent"));
  EXPECT_TRUE(r.status().IsNotFound()) << r.status().ToString();
  EXPECT_NE(r.status().message().find("absent"), std::string::npos);
  const std::vector<Event> events = MakeVariedEvents(1);
  Status s = WriteSegment(fs_, dir_.File("no/such/dir/seg"), events).status();
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("no/such/dir/seg"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace vigil
