// Every kind of damage to a segment file gives Status::Corruption naming the
// file (and, for a column block, the column), never a crash or wrong data.
#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/segment/checksum.h"
#include "store/segment/coding.h"
#include "store/segment/segment_format.h"
#include "store/segment/segment_reader.h"
#include "store/segment/segment_test_util.h"
#include "store/segment/segment_writer.h"

namespace vigil {
namespace {

using segment_test::ReadBytes;
using segment_test::TempDir;
using segment_test::WriteBytes;

class SegmentCorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    events_ = segment_test::MakeVariedEvents(300);
    path_ = dir_.File("seg");
    SegmentWriteOptions options;
    options.rows_per_group = 128;  // three row groups (305 rows)
    Result<SegmentInfo> info = WriteSegment(fs_, path_, events_, options);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    info_ = *info;
    good_ = ReadBytes(path_);
  }

  // Status of opening path_ after replacing its bytes, then reading every column.
  Status OpenAndRead(std::string_view bytes) {
    WriteBytes(path_, bytes);
    Result<std::unique_ptr<SegmentReader>> r = SegmentReader::Open(fs_, path_);
    if (!r.ok()) return r.status();
    std::vector<Event> out;
    Status s = (*r)->ReadEvents(ColumnSet::All(), &out);
    if (s.ok() && !(out == events_)) return Status::Internal("read back different events");
    return s;
  }

  void ExpectCorruption(const Status& s, std::initializer_list<std::string_view> mentions) {
    EXPECT_TRUE(s.IsCorruption()) << s.ToString();
    EXPECT_NE(s.message().find(path_), std::string::npos) << "no file name in: " << s.ToString();
    for (std::string_view m : mentions) {
      EXPECT_NE(s.message().find(m), std::string::npos) << "no '" << m << "' in: " << s.ToString();
    }
  }

  uint64_t FooterOffset(const std::string& file) const {
    return segment::DecodeFixed64(file.data() + file.size() - segment::kTrailerSize +
                                  segment::kTrailerFooterOffsetOffset);
  }

  // Offset in the file of a field of the directory entry of column c in group
  // g (the 40 dictionary slots come first).
  size_t EntryField(const std::string& file, SegmentColumn c, size_t field, uint32_t g = 0) const {
    return DictionaryEntryField(file, c, field) +
           segment::kDirectoryEntrySize * kSegmentColumnCount * (g + 1);
  }
  size_t DictionaryEntryField(const std::string& file, SegmentColumn c, size_t field) const {
    return static_cast<size_t>(FooterOffset(file)) + segment::kFooterFixedSize +
           segment::kDirectoryEntrySize * ColumnId(c) + field;
  }

  static void Put64(std::string* file, size_t at, uint64_t v) {
    std::string b;
    segment::PutFixed64(&b, v);
    file->replace(at, 8, b);
  }
  static void Put32(std::string* file, size_t at, uint32_t v) {
    std::string b;
    segment::PutFixed32(&b, v);
    file->replace(at, 4, b);
  }

  // Recomputes footer_crc and trailer_crc after an edit of the footer or
  // trailer, so the reader's deeper checks are what must catch it.
  void Reseal(std::string* file) const {
    const size_t trailer = file->size() - segment::kTrailerSize;
    const uint64_t footer = FooterOffset(*file);
    Put32(file, trailer + segment::kTrailerFooterCrcOffset,
          segment::Crc32(std::string_view(*file).substr(footer, trailer - footer)));
    Put32(file, trailer + segment::kTrailerCrcOffset,
          segment::Crc32(std::string_view(*file).substr(trailer, segment::kTrailerCrcOffset)));
  }

  TempDir dir_;
  FileSystem* fs_ = DefaultFileSystem();
  std::vector<Event> events_;
  std::string path_;
  SegmentInfo info_;
  std::string good_;
};

TEST_F(SegmentCorruptionTest, IntactFileReadsBack) { EXPECT_TRUE(OpenAndRead(good_).ok()); }

TEST_F(SegmentCorruptionTest, FlippedByteInColumnBlockIsCaughtOnRead) {
  const SegmentColumnBlock& block = info_.block(1, SegmentColumn::kActorEmail);
  std::string bad = good_;
  bad[block.offset + block.stored_size / 2] ^= 0x10;
  WriteBytes(path_, bad);
  Result<std::unique_ptr<SegmentReader>> r = SegmentReader::Open(fs_, path_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();  // the footer is intact
  std::vector<Event> out;
  ExpectCorruption(
      (*r)->ReadEvents(ColumnSet::All(), &out),
      {"column actor.email of row group 1", "offset " + std::to_string(block.offset), "checksum"});
  EXPECT_TRUE(out.empty());
  ExpectCorruption(
      (*r)->ReadRows(ColumnSet{SegmentColumn::kActorEmail}, std::vector<uint32_t>{3, 130}, &out),
      {"actor.email"});
  // Other columns, and other row groups, are still readable.
  EXPECT_TRUE((*r)->ReadEvents(ColumnSet::All().Remove(SegmentColumn::kActorEmail), &out).ok());
  EXPECT_TRUE((*r)->ReadRows(ColumnSet::All(), std::vector<uint32_t>{3, 260}, &out).ok());
}

TEST_F(SegmentCorruptionTest, FlippedByteInDictionaryIsCaughtOnRead) {
  ASSERT_TRUE(info_.HasDictionary(SegmentColumn::kTenant));
  const SegmentColumnBlock& block = info_.dictionaries[ColumnId(SegmentColumn::kTenant)];
  std::string bad = good_;
  bad[block.offset + block.stored_size - 1] ^= 0x04;
  WriteBytes(path_, bad);
  Result<std::unique_ptr<SegmentReader>> r = SegmentReader::Open(fs_, path_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<Event> out;
  ExpectCorruption(
      (*r)->ReadRows(ColumnSet{SegmentColumn::kTenant}, std::vector<uint32_t>{0}, &out),
      {"dictionary of column tenant", "checksum"});
  EXPECT_TRUE((*r)->ReadEvents(ColumnSet::All().Remove(SegmentColumn::kTenant), &out).ok());
}

TEST_F(SegmentCorruptionTest, DictionaryAndCodesMustAgree) {
  // A string column whose groups hold plain blocks cannot claim a dictionary.
  ASSERT_FALSE(info_.HasDictionary(SegmentColumn::kId));
  std::string bad = good_;
  bad[DictionaryEntryField(bad, SegmentColumn::kId, 1)] =
      static_cast<char>(segment::ColumnEncoding::kStringDictionary);
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad),
                   {"column id (id 8) of row group 0", "encoding 1", "has a dictionary"});
  // Only string columns have dictionaries.
  bad = good_;
  bad[DictionaryEntryField(bad, SegmentColumn::kTime, 1)] =
      static_cast<char>(segment::ColumnEncoding::kStringDictionary);
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad), {"dictionary of column time"});
}

TEST_F(SegmentCorruptionTest, FlippedByteInFooterIsCaughtAtOpen) {
  std::string bad = good_;
  bad[FooterOffset(bad) + 20] ^= 0x01;  // inside last_seq
  ExpectCorruption(OpenAndRead(bad), {"footer checksum"});
  bad = good_;
  bad[bad.size() - segment::kTrailerSize - 1] ^= 0x01;  // last byte of the tenant list
  ExpectCorruption(OpenAndRead(bad), {"footer checksum"});
}

TEST_F(SegmentCorruptionTest, TruncatedFilesAreRejected) {
  const size_t footer = static_cast<size_t>(FooterOffset(good_));
  for (size_t len :
       {size_t{0}, size_t{1}, size_t{15}, size_t{16}, size_t{200}, good_.size() / 2, footer,
        footer + 10, good_.size() - segment::kTrailerSize, good_.size() - 16, good_.size() - 1}) {
    SCOPED_TRACE(len);
    ExpectCorruption(OpenAndRead(std::string_view(good_).substr(0, len)), {});
  }
}

TEST_F(SegmentCorruptionTest, EveryTruncationIsRejected) {
  std::string small_path = dir_.File("small");
  std::vector<Event> few = segment_test::MakeVariedEvents(0);
  SegmentWriteOptions options;
  options.rows_per_group = 2;
  ASSERT_TRUE(WriteSegment(fs_, small_path, few, options).ok());
  const std::string small = ReadBytes(small_path);
  for (size_t len = 0; len < small.size(); ++len) {
    WriteBytes(path_, std::string_view(small).substr(0, len));
    Result<std::unique_ptr<SegmentReader>> r = SegmentReader::Open(fs_, path_);
    ASSERT_TRUE(r.status().IsCorruption()) << len << ": " << r.status().ToString();
  }
}

TEST_F(SegmentCorruptionTest, EmptyFile) {
  ExpectCorruption(OpenAndRead(""), {"0 bytes", "too small"});
}

TEST_F(SegmentCorruptionTest, NotASegmentFile) {
  ExpectCorruption(OpenAndRead(std::string(4096, 'x')), {"bad magic"});
}

TEST_F(SegmentCorruptionTest, WrongMagic) {
  std::string bad = good_;
  bad[0] = 'X';
  ExpectCorruption(OpenAndRead(bad), {"bad magic in the header"});
  bad = good_;
  bad[bad.size() - 3] ^= 0x20;
  ExpectCorruption(OpenAndRead(bad), {"bad magic in the trailer"});
}

TEST_F(SegmentCorruptionTest, WrongVersion) {
  std::string bad = good_;
  // Version 1 predates the ledger's seal columns, version 2 the enrichment's.
  Put32(&bad, segment::kHeaderVersionOffset, 1);
  ExpectCorruption(OpenAndRead(bad), {"header has format version 1", "reads version 3"});
  bad = good_;
  Put32(&bad, segment::kHeaderVersionOffset, 2);
  ExpectCorruption(OpenAndRead(bad), {"header has format version 2", "reads version 3"});
  bad = good_;
  Put32(&bad, bad.size() - segment::kTrailerSize + segment::kTrailerVersionOffset, 4);
  ExpectCorruption(OpenAndRead(bad), {"trailer checksum"});
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad), {"trailer has format version 4"});
}

TEST_F(SegmentCorruptionTest, TrailerPointingElsewhereIsRejected) {
  const size_t trailer = good_.size() - segment::kTrailerSize;
  for (uint64_t footer_offset :
       {uint64_t{0}, uint64_t{100}, uint64_t{good_.size()}, ~uint64_t{0}}) {
    std::string bad = good_;
    Put64(&bad, trailer + segment::kTrailerFooterOffsetOffset, footer_offset);
    Put32(&bad, trailer + segment::kTrailerCrcOffset,
          segment::Crc32(std::string_view(bad).substr(trailer, segment::kTrailerCrcOffset)));
    ExpectCorruption(OpenAndRead(bad), {"trailer points at a footer"});
  }
}

TEST_F(SegmentCorruptionTest, DirectoryPointingOutsideTheFileIsRejected) {
  std::string bad = good_;
  Put64(&bad, EntryField(bad, SegmentColumn::kGeoCity, 16, 2), uint64_t{1} << 40);  // stored_size
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad),
                   {"column geo.city (id 39) of row group 2", "runs past the footer"});

  bad = good_;
  Put64(&bad, EntryField(bad, SegmentColumn::kTenant, 8), bad.size() + 100);  // offset
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad), {"column tenant", "offset"});

  bad = good_;
  Put64(&bad, EntryField(bad, SegmentColumn::kSeq, 16), ~uint64_t{0});  // overflowing size
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad), {"column seq"});
}

TEST_F(SegmentCorruptionTest, WrongRawSizeIsCaughtOnRead) {
  const SegmentColumnBlock& block = info_.block(0, SegmentColumn::kAction);
  ASSERT_EQ(block.compression, segment::BlockCompression::kZstd);
  std::string bad = good_;
  Put64(&bad, EntryField(bad, SegmentColumn::kAction, 24), block.raw_size + 1);
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad), {"column action", "directory says"});
}

TEST_F(SegmentCorruptionTest, WrongRowGroupCountsAreRejected) {
  const size_t footer = static_cast<size_t>(FooterOffset(good_));
  std::string bad = good_;
  Put32(&bad, footer + 56, 0);  // rows_per_group
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad), {"row groups"});
  bad = good_;
  Put32(&bad, footer + 56, 64);  // rows_per_group that needs 5 groups, not 3
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad), {"3 row groups of 64 rows"});
  bad = good_;
  Put32(&bad, footer + 60, 1u << 30);  // row_groups
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad), {"row groups"});
}

TEST_F(SegmentCorruptionTest, UnknownEncodingIsRejected) {
  std::string bad = good_;
  bad[EntryField(bad, SegmentColumn::kTime, 1)] =
      static_cast<char>(segment::ColumnEncoding::kPlainString);  // not for an int column
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad), {"column time (id 1) of row group 0", "encoding 1"});
  bad = good_;
  bad[EntryField(bad, SegmentColumn::kTime, 2)] = 9;  // compression
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad), {"unknown compression 9"});
}

// Checksums pass, but the decoded values break a rule: the decoders catch it.
TEST_F(SegmentCorruptionTest, DecoderChecksRunBehindValidChecksums) {
  std::vector<Event> one = {events_[0]};
  ASSERT_TRUE(WriteSegment(fs_, dir_.File("one"), one).ok());
  const std::string good_one = ReadBytes(dir_.File("one"));
  Result<std::unique_ptr<SegmentReader>> r = SegmentReader::Open(fs_, dir_.File("one"));
  ASSERT_TRUE(r.ok());
  const SegmentColumnBlock status = (*r)->info().block(0, SegmentColumn::kStatus);
  ASSERT_EQ(status.compression, segment::BlockCompression::kNone);
  r = Result<std::unique_ptr<SegmentReader>>(Status::Internal("closed"));

  std::string bad = good_one;
  bad[status.offset] = 7;
  Put32(&bad, EntryField(bad, SegmentColumn::kStatus, 4),
        segment::Crc32(bad.substr(status.offset, 1)));
  Reseal(&bad);
  events_ = one;
  ExpectCorruption(OpenAndRead(bad), {"column status", "unknown status 7"});

  // A footer whose seqs disagree with the seq column.
  bad = good_one;
  const size_t footer = static_cast<size_t>(FooterOffset(bad));
  Put64(&bad, footer + 8, one[0].seq + 1);
  Put64(&bad, footer + 16, one[0].seq + 1);
  Reseal(&bad);
  ExpectCorruption(OpenAndRead(bad), {"column seq", "row 0", "where the footer implies"});
}

// Garbage behind valid checksums (what a fuzzer or an attacker produces):
// reading never crashes or reads out of bounds (run under the asan preset),
// and returns either the events or Corruption.
TEST_F(SegmentCorruptionTest, GarbageBehindValidChecksumsIsRejectedSafely) {
  events_ = segment_test::MakeVariedEvents(0);
  SegmentWriteOptions options;
  options.rows_per_group = 2;  // small blocks: most are stored uncompressed
  Result<SegmentInfo> info = WriteSegment(fs_, dir_.File("small"), events_, options);
  ASSERT_TRUE(info.ok());
  const std::string small = ReadBytes(dir_.File("small"));
  std::vector<std::pair<SegmentColumnBlock, size_t>> raw_blocks;  // block, directory entry index
  for (size_t i = 0; i < info->dictionaries.size(); ++i) {
    const SegmentColumnBlock& b = info->dictionaries[i];
    if (b.compression == segment::BlockCompression::kNone && b.stored_size > 0) {
      raw_blocks.push_back({b, i});
    }
  }
  for (size_t i = 0; i < info->blocks.size(); ++i) {
    const SegmentColumnBlock& b = info->blocks[i];
    if (b.compression == segment::BlockCompression::kNone && b.stored_size > 0) {
      raw_blocks.push_back({b, kSegmentColumnCount + i});
    }
  }
  ASSERT_GT(raw_blocks.size(), 40u);
  std::mt19937_64 rng(99);
  int corrupt = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string bad = small;
    const auto& [b, entry] = raw_blocks[rng() % raw_blocks.size()];
    for (int flips = 1 + static_cast<int>(rng() % 3); flips > 0; --flips) {
      const size_t at = b.offset + rng() % b.stored_size;
      bad[at] = static_cast<char>(rng() % 4 == 0 ? bad[at] ^ 0x80 : rng() % 256);
    }
    const size_t crc_at = static_cast<size_t>(FooterOffset(bad)) + segment::kFooterFixedSize +
                          segment::kDirectoryEntrySize * entry + 4;
    Put32(&bad, crc_at, segment::Crc32(std::string_view(bad).substr(b.offset, b.stored_size)));
    Reseal(&bad);
    Status s = OpenAndRead(bad);
    if (s.code() == StatusCode::kInternal) continue;  // decoded, to other (valid) values
    ASSERT_TRUE(s.ok() || s.IsCorruption()) << s.ToString();
    corrupt += s.IsCorruption();
  }
  EXPECT_GT(corrupt, 1000);
}

// Every byte is covered by a check: flipping any one bit of a file is caught
// by Open or by reading all columns.
TEST_F(SegmentCorruptionTest, EveryBitFlipIsDetected) {
  events_ = segment_test::MakeVariedEvents(0);
  SegmentWriteOptions options;
  options.rows_per_group = 2;  // three row groups
  ASSERT_TRUE(WriteSegment(fs_, dir_.File("small"), events_, options).ok());
  const std::string small = ReadBytes(dir_.File("small"));
  for (size_t i = 0; i < small.size(); ++i) {
    std::string bad = small;
    bad[i] ^= static_cast<char>(1 << (i % 8));
    Status s = OpenAndRead(bad);
    ASSERT_TRUE(s.IsCorruption()) << "byte " << i << " of " << small.size() << ": " << s.ToString();
  }
}

}  // namespace
}  // namespace vigil
