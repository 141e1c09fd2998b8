#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/fs/fault_injection_file_system.h"
#include "store/fs/file_system.h"
#include "store/wal/wal_codec.h"
#include "store/wal/wal_format.h"
#include "store/wal/wal_reader.h"
#include "store/wal/wal_writer.h"

namespace vigil {
namespace {

// Independent of the code under test: little-endian fields and zlib's CRC as
// docs/format/wal.md describes them.
uint32_t LoadU32(const std::string& bytes, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
  return v;
}

void StoreU32(std::string& bytes, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

uint32_t ZlibCrc(std::string_view data, uint32_t crc = 0) {
  return static_cast<uint32_t>(
      ::crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

// The stored header CRC a record at offset should have: salt then bytes 0..11.
uint32_t RecordHeaderCrc(const std::string& file, size_t offset) {
  uint32_t crc = ZlibCrc(std::string_view(file).substr(12, 8));
  return ZlibCrc(std::string_view(file).substr(offset, 12), crc);
}

// A payload of n bytes whose contents depend on seed.
std::string Payload(size_t n, uint32_t seed) {
  std::string out(n, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (char& c : out) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  return out;
}

class WalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* root = std::getenv("VIGIL_TEST_TMPDIR");
    std::string base = root != nullptr && *root != '\0' ? root : "/tmp";
    ASSERT_TRUE(DefaultFileSystem()->CreateDir(base).ok());
    std::string templ = JoinPath(base, "wal_test.XXXXXX");
    ASSERT_NE(::mkdtemp(templ.data()), nullptr) << templ;
    dir_ = templ;
    path_ = JoinPath(dir_, "000001.wal");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes a new WAL at path holding payloads; returns each record's offset.
  std::vector<uint64_t> WriteWal(const std::vector<std::string>& payloads, FileSystem* fs) {
    std::vector<uint64_t> offsets;
    auto writer = WalWriter::Create(fs, path_);
    EXPECT_TRUE(writer.ok()) << writer.status().ToString();
    if (!writer.ok()) return offsets;
    for (const std::string& p : payloads) {
      offsets.push_back((*writer)->Size());
      Status s = (*writer)->AddRecord(p);
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
    EXPECT_TRUE((*writer)->Sync().ok());
    EXPECT_TRUE((*writer)->Close().ok());
    return offsets;
  }
  std::vector<uint64_t> WriteWal(const std::vector<std::string>& payloads) {
    return WriteWal(payloads, DefaultFileSystem());
  }

  // Reads every record; the status is ReadWal's.
  Status Read(bool repair, std::vector<std::string>* payloads, WalReadStats* stats,
              FileSystem* fs = DefaultFileSystem()) {
    payloads->clear();
    return ReadWal(
        fs, path_, repair,
        [payloads](std::string_view payload, uint64_t) {
          payloads->emplace_back(payload);
          return Status::Ok();
        },
        stats);
  }

  std::string Bytes() {
    auto data = DefaultFileSystem()->ReadFile(path_);
    EXPECT_TRUE(data.ok()) << data.status().ToString();
    return data.ok() ? *data : std::string();
  }

  void SetBytes(std::string_view bytes) {
    auto file = DefaultFileSystem()->OpenWritable(path_, /*truncate=*/true);
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE((*file)->Append(bytes).ok());
    ASSERT_TRUE((*file)->Close().ok());
  }

  uint64_t FileSize() {
    auto size = DefaultFileSystem()->FileSize(path_);
    EXPECT_TRUE(size.ok());
    return size.ok() ? *size : 0;
  }

  // Appends payload through OpenForAppend and syncs.
  void Append(std::string_view payload, FileSystem* fs = DefaultFileSystem()) {
    auto writer = WalWriter::OpenForAppend(fs, path_);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    ASSERT_TRUE((*writer)->AddRecord(payload).ok());
    ASSERT_TRUE((*writer)->Sync().ok());
    ASSERT_TRUE((*writer)->Close().ok());
  }

  std::string dir_;
  std::string path_;
};

std::vector<std::string> Prefix(const std::vector<std::string>& v, size_t n) {
  return std::vector<std::string>(v.begin(), v.begin() + static_cast<ptrdiff_t>(n));
}

TEST_F(WalTest, RoundTripOfManyRecordsIncludingEmptyAndLarge) {
  std::vector<std::string> payloads = {"", "a"};
  for (uint32_t i = 0; i < 300; ++i) payloads.push_back(Payload(i * 37 % 5000, i));
  payloads.push_back(Payload(5 << 20, 7));  // above the reader's 1 MiB read-ahead
  payloads.push_back("");
  payloads.push_back(Payload(70 * 1024, 8));  // above the writer's copy limit
  payloads.push_back("last");
  std::vector<uint64_t> offsets = WriteWal(payloads);

  std::vector<std::string> got;
  std::vector<uint64_t> got_offsets;
  WalReadStats stats;
  Status s = ReadWal(
      DefaultFileSystem(), path_, true,
      [&](std::string_view payload, uint64_t offset) {
        got.emplace_back(payload);
        got_offsets.push_back(offset);
        return Status::Ok();
      },
      &stats);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(got, payloads);
  EXPECT_EQ(got_offsets, offsets);
  EXPECT_EQ(offsets[0], wal::kFileHeaderSize);
  EXPECT_EQ(stats.records, payloads.size());
  EXPECT_EQ(stats.valid_bytes, FileSize());
  EXPECT_FALSE(stats.torn_tail);
  EXPECT_EQ(stats.dropped_bytes, 0u);
}

TEST_F(WalTest, PayloadAtTheMaximumIsAcceptedAndOneByteMoreIsRejected) {
  auto writer = WalWriter::Create(DefaultFileSystem(), path_);
  ASSERT_TRUE(writer.ok());
  std::string big(wal::kMaxRecordPayloadSize + 1, 'x');
  Status s = (*writer)->AddRecord(big);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(s.message(), path_ +
                             ": WAL record payload of 67108865 bytes exceeds the maximum of "
                             "67108864 bytes");
  EXPECT_EQ((*writer)->Size(), wal::kFileHeaderSize);  // nothing written
  big.pop_back();
  ASSERT_TRUE((*writer)->AddRecord(big).ok());  // the writer is still usable
  ASSERT_TRUE((*writer)->AddRecord("after").ok());
  ASSERT_TRUE((*writer)->Sync().ok());

  std::vector<std::string> got;
  ASSERT_TRUE(Read(false, &got, nullptr).ok());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].size(), wal::kMaxRecordPayloadSize);
  EXPECT_EQ(got[0], big);
  EXPECT_EQ(got[1], "after");
}

TEST_F(WalTest, TwoPartRecordIsTheSameBytesAsTheJoinedPayload) {
  const std::string head = "head:";
  const std::string body = Payload(100 * 1024, 3);  // above the one-part copy limit too
  {
    auto writer = WalWriter::Create(DefaultFileSystem(), path_);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->AddRecord(head, body, wal::Crc32(body)).ok());
    ASSERT_TRUE((*writer)->AddRecord("", "", wal::Crc32("")).ok());
    ASSERT_TRUE((*writer)->Sync().ok());
  }
  std::vector<std::string> got;
  ASSERT_TRUE(Read(false, &got, nullptr).ok());
  EXPECT_EQ(got, (std::vector<std::string>{head + body, ""}));

  // The record header holds what AddRecord(head + body) writes: the same
  // length and payload CRC (the header's own CRC depends on the file's salt).
  const std::string bytes = Bytes();
  char expected[wal::kRecordHeaderSize];
  wal::EncodeRecordHeader(0, head + body, expected);
  EXPECT_EQ(bytes.substr(wal::kFileHeaderSize + wal::kRecordLengthOffset, 8),
            std::string(expected + wal::kRecordLengthOffset, 8));
}

TEST_F(WalTest, TwoPartRecordWithAWrongBodyCrcIsATornTail) {
  {
    auto writer = WalWriter::Create(DefaultFileSystem(), path_);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->AddRecord("good").ok());
    ASSERT_TRUE((*writer)->AddRecord("h", "body", wal::Crc32("body") ^ 1).ok());
    ASSERT_TRUE((*writer)->Sync().ok());
  }
  std::vector<std::string> got;
  WalReadStats stats;
  ASSERT_TRUE(Read(true, &got, &stats).ok());
  EXPECT_EQ(got, std::vector<std::string>{"good"});
  EXPECT_TRUE(stats.torn_tail);
}

TEST_F(WalTest, CreateFailsWhenTheFileExists) {
  WriteWal({"a"});
  auto again = WalWriter::Create(DefaultFileSystem(), path_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.status().message(), path_ + ": WAL file already exists");
  std::vector<std::string> got;
  ASSERT_TRUE(Read(false, &got, nullptr).ok());
  EXPECT_EQ(got, std::vector<std::string>{"a"});
}

TEST_F(WalTest, ReopenAndAppend) {
  WriteWal({"one", "two", "three"});
  std::vector<std::string> got;
  WalReadStats stats;
  ASSERT_TRUE(Read(true, &got, &stats).ok());
  ASSERT_EQ(stats.records, 3u);

  auto writer = WalWriter::OpenForAppend(DefaultFileSystem(), path_);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  EXPECT_EQ((*writer)->Size(), stats.valid_bytes);
  ASSERT_TRUE((*writer)->AddRecord("four").ok());
  ASSERT_TRUE((*writer)->AddRecord("").ok());
  ASSERT_TRUE((*writer)->Sync().ok());
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_TRUE((*writer)->AddRecord("closed").code() == StatusCode::kFailedPrecondition);

  ASSERT_TRUE(Read(false, &got, &stats).ok());
  EXPECT_EQ(got, (std::vector<std::string>{"one", "two", "three", "four", ""}));
}

TEST_F(WalTest, BadPayloadChecksumInLastRecordIsATornTail) {
  std::vector<std::string> payloads = {"alpha", "beta", "gamma", "delta"};
  std::vector<uint64_t> offsets = WriteWal(payloads);
  std::string bytes = Bytes();
  const uint64_t size = bytes.size();
  bytes[offsets[3] + wal::kRecordHeaderSize + 2] ^= 0x01;
  SetBytes(bytes);

  std::vector<std::string> got;
  WalReadStats stats;
  ASSERT_TRUE(Read(false, &got, &stats).ok());
  EXPECT_EQ(got, Prefix(payloads, 3));
  EXPECT_TRUE(stats.torn_tail);
  EXPECT_EQ(stats.valid_bytes, offsets[3]);
  EXPECT_EQ(stats.dropped_bytes, size - offsets[3]);
  EXPECT_EQ(stats.torn_tail_problem,
            "bad payload checksum in record at offset " + std::to_string(offsets[3]));
  EXPECT_EQ(FileSize(), size);  // not repaired when not asked

  ASSERT_TRUE(Read(true, &got, &stats).ok());
  EXPECT_EQ(got, Prefix(payloads, 3));
  EXPECT_EQ(FileSize(), offsets[3]);

  ASSERT_TRUE(Read(true, &got, &stats).ok());
  EXPECT_FALSE(stats.torn_tail);
  Append("epsilon");
  ASSERT_TRUE(Read(false, &got, &stats).ok());
  EXPECT_EQ(got, (std::vector<std::string>{"alpha", "beta", "gamma", "epsilon"}));
}

TEST_F(WalTest, BadPayloadChecksumInAMiddleRecordIsCorruption) {
  std::vector<uint64_t> offsets = WriteWal({"alpha", "beta", "gamma", "delta"});
  std::string bytes = Bytes();
  bytes[offsets[1] + wal::kRecordHeaderSize] ^= 0x40;
  SetBytes(bytes);

  std::vector<std::string> got;
  Status s = Read(true, &got, nullptr);
  ASSERT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_EQ(s.message(), path_ + ": bad payload checksum in record at offset " +
                             std::to_string(offsets[1]) + " (valid records follow at offset " +
                             std::to_string(offsets[2]) + ")");
  EXPECT_EQ(Bytes(), bytes);  // repair never cuts valid records
}

// The scan for valid records after a bad spot reads 1 MiB chunks; the next
// valid record's magic may straddle two of them, at any split.
TEST_F(WalTest, ValidRecordAcrossTheScanChunkBoundaryIsFound) {
  constexpr size_t kChunk = 1 << 20;
  for (size_t split = 0; split <= 4; ++split) {
    SCOPED_TRACE("split " + std::to_string(split));
    std::filesystem::remove(path_);
    // The scan starts at offsets[1] + 1, so record 2 starts at
    // offsets[1] + 1 + kChunk - split.
    const size_t length = kChunk + 1 - split - wal::kRecordHeaderSize;
    std::vector<uint64_t> offsets = WriteWal({"alpha", Payload(length, 9), "gamma"});
    ASSERT_EQ(offsets[2], offsets[1] + 1 + kChunk - split);
    std::string bytes = Bytes();
    bytes[offsets[1] + wal::kRecordHeaderSize + 5] ^= 0x10;
    SetBytes(bytes);
    std::vector<std::string> got;
    Status s = Read(true, &got, nullptr);
    ASSERT_TRUE(s.IsCorruption()) << s.ToString();
    EXPECT_NE(s.message().find("(valid records follow at offset " + std::to_string(offsets[2])),
              std::string::npos)
        << s.ToString();
  }
}

TEST_F(WalTest, GarbageBetweenRecordsIsCorruption) {
  std::vector<uint64_t> offsets = WriteWal({"alpha", "beta", "gamma"});
  std::string bytes = Bytes();
  bytes.insert(offsets[1], "garbage");
  SetBytes(bytes);
  std::vector<std::string> got;
  Status s = Read(true, &got, nullptr);
  ASSERT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_EQ(s.message(), path_ + ": bad record magic at offset " + std::to_string(offsets[1]) +
                             " (valid records follow at offset " + std::to_string(offsets[1] + 7) +
                             ")");
}

TEST_F(WalTest, TruncationAtEveryByteOfTheLastRecordKeepsEarlierRecords) {
  std::vector<std::string> payloads = {"first", Payload(300, 1), "third", Payload(40, 2)};
  std::vector<uint64_t> offsets = WriteWal(payloads);
  const std::string full = Bytes();
  for (uint64_t cut = offsets[3]; cut < full.size(); ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    SetBytes(std::string_view(full).substr(0, cut));
    std::vector<std::string> got;
    WalReadStats stats;
    Status s = Read(true, &got, &stats);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(got, Prefix(payloads, 3));
    EXPECT_EQ(stats.torn_tail, cut > offsets[3]);
    EXPECT_EQ(stats.dropped_bytes, cut - offsets[3]);
    EXPECT_EQ(FileSize(), offsets[3]);
    if (cut > offsets[3] + wal::kRecordHeaderSize) {
      EXPECT_EQ(stats.torn_tail_problem, "record at offset " + std::to_string(offsets[3]) +
                                             " has length 40, beyond the end of the file (" +
                                             std::to_string(cut) + " bytes)");
    }
  }
  Append("appended");
  std::vector<std::string> got;
  ASSERT_TRUE(Read(false, &got, nullptr).ok());
  EXPECT_EQ(got, (std::vector<std::string>{"first", payloads[1], "third", "appended"}));
}

TEST_F(WalTest, BadLengthInAMiddleRecordIsCorruption) {
  std::vector<uint64_t> offsets = WriteWal({"alpha", "beta", "gamma", "delta"});
  std::string bytes = Bytes();
  StoreU32(bytes, offsets[1] + wal::kRecordLengthOffset, 3);
  SetBytes(bytes);
  std::vector<std::string> got;
  Status s = Read(true, &got, nullptr);
  ASSERT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_EQ(s.message(), path_ + ": bad header checksum in record at offset " +
                             std::to_string(offsets[1]) + " (valid records follow at offset " +
                             std::to_string(offsets[2]) + ")");
}

TEST_F(WalTest, BadLengthInTheLastRecordIsATornTail) {
  std::vector<uint64_t> offsets = WriteWal({"alpha", "beta", "gamma"});
  std::string bytes = Bytes();
  StoreU32(bytes, offsets[2] + wal::kRecordLengthOffset, 1000);
  SetBytes(bytes);
  std::vector<std::string> got;
  WalReadStats stats;
  ASSERT_TRUE(Read(true, &got, &stats).ok());
  EXPECT_EQ(got, (std::vector<std::string>{"alpha", "beta"}));
  EXPECT_TRUE(stats.torn_tail);
  EXPECT_EQ(FileSize(), offsets[2]);
}

TEST_F(WalTest, LengthAboveTheMaximumWithAValidHeaderChecksum) {
  std::vector<uint64_t> offsets = WriteWal({"alpha", "beta", "gamma"});
  std::string bytes = Bytes();
  for (size_t r : {size_t{1}, size_t{2}}) {  // middle, then last record
    std::string forged = bytes;
    StoreU32(forged, offsets[r] + wal::kRecordLengthOffset, wal::kMaxRecordPayloadSize + 1);
    StoreU32(forged, offsets[r] + wal::kRecordHeaderCrcOffset, RecordHeaderCrc(forged, offsets[r]));
    SetBytes(forged);
    const std::string problem = "record at offset " + std::to_string(offsets[r]) +
                                " has length 67108865, above the maximum of 67108864 bytes";
    std::vector<std::string> got;
    WalReadStats stats;
    Status s = Read(false, &got, &stats);
    if (r == 1) {
      ASSERT_TRUE(s.IsCorruption()) << s.ToString();
      EXPECT_EQ(s.message(), path_ + ": " + problem + " (valid records follow at offset " +
                                 std::to_string(offsets[2]) + ")");
    } else {
      ASSERT_TRUE(s.ok()) << s.ToString();
      EXPECT_TRUE(stats.torn_tail);
      EXPECT_EQ(stats.torn_tail_problem, problem);
    }
  }
}

TEST_F(WalTest, WrongVersionIsCorruption) {
  WriteWal({"alpha"});
  std::string bytes = Bytes();
  StoreU32(bytes, wal::kFileVersionOffset, 7);
  StoreU32(bytes, wal::kFileHeaderCrcOffset, ZlibCrc(std::string_view(bytes).substr(0, 20)));
  SetBytes(bytes);
  const std::string expected = path_ + ": unsupported WAL format version 7 (this build reads 1)";

  std::vector<std::string> got;
  Status s = Read(true, &got, nullptr);
  ASSERT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_EQ(s.message(), expected);
  auto writer = WalWriter::OpenForAppend(DefaultFileSystem(), path_);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().message(), expected);
  EXPECT_EQ(Bytes(), bytes);
}

TEST_F(WalTest, WrongMagicIsNotAWalFile) {
  SetBytes("this is a text file and certainly not a write-ahead log\n");
  std::vector<std::string> got;
  Status s = Read(true, &got, nullptr);
  ASSERT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_EQ(s.message(), path_ + ": not a Vigil WAL file (the first 8 bytes are not \"VIGILWAL\")");
}

TEST_F(WalTest, BadFileHeaderChecksumIsCorruption) {
  WriteWal({"alpha"});
  std::string bytes = Bytes();
  bytes[wal::kFileSaltOffset] ^= 0x01;
  SetBytes(bytes);
  std::vector<std::string> got;
  Status s = Read(true, &got, nullptr);
  ASSERT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_EQ(s.message(), path_ + ": bad checksum in the WAL file header");
}

TEST_F(WalTest, ZeroFilledTailIsATornTail) {
  std::vector<uint64_t> offsets = WriteWal({"alpha", "beta"});
  std::string bytes = Bytes();
  const uint64_t end = bytes.size();
  bytes.append(4096, '\0');
  SetBytes(bytes);
  std::vector<std::string> got;
  WalReadStats stats;
  ASSERT_TRUE(Read(true, &got, &stats).ok());
  EXPECT_EQ(got, (std::vector<std::string>{"alpha", "beta"}));
  EXPECT_TRUE(stats.torn_tail);
  EXPECT_EQ(stats.dropped_bytes, 4096u);
  EXPECT_EQ(stats.torn_tail_problem, "bad record magic at offset " + std::to_string(end));
  EXPECT_EQ(FileSize(), end);
}

TEST_F(WalTest, FileShorterThanItsHeaderIsAnEmptyTornFile) {
  WriteWal({});
  const std::string header = Bytes();
  ASSERT_EQ(header.size(), wal::kFileHeaderSize);
  for (size_t n = 0; n < wal::kFileHeaderSize; ++n) {
    SCOPED_TRACE("file of " + std::to_string(n) + " bytes");
    SetBytes(header.substr(0, n));
    if (n > 0) {  // not recovered yet: appending is refused
      auto writer = WalWriter::OpenForAppend(DefaultFileSystem(), path_);
      ASSERT_FALSE(writer.ok());
      EXPECT_EQ(writer.status().code(), StatusCode::kFailedPrecondition);
    }
    std::vector<std::string> got;
    WalReadStats stats;
    ASSERT_TRUE(Read(true, &got, &stats).ok());
    EXPECT_TRUE(got.empty());
    EXPECT_TRUE(stats.torn_tail);
    EXPECT_EQ(stats.valid_bytes, 0u);
    EXPECT_EQ(stats.dropped_bytes, n);
    EXPECT_EQ(FileSize(), 0u);
  }
  Append("reborn");  // a fresh header is written
  std::vector<std::string> got;
  WalReadStats stats;
  ASSERT_TRUE(Read(false, &got, &stats).ok());
  EXPECT_EQ(got, std::vector<std::string>{"reborn"});
  EXPECT_FALSE(stats.torn_tail);
}

TEST_F(WalTest, CallbackErrorStopsReading) {
  WriteWal({"a", "b", "c"});
  int calls = 0;
  Status s = ReadWal(
      DefaultFileSystem(), path_, true,
      [&calls](std::string_view, uint64_t) {
        ++calls;
        return calls == 2 ? Status::InvalidArgument("bad event") : Status::Ok();
      },
      nullptr);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.message(), "bad event");
  EXPECT_EQ(calls, 2);
}

TEST_F(WalTest, MissingFileIsNotFound) {
  std::vector<std::string> got;
  EXPECT_TRUE(Read(true, &got, nullptr).IsNotFound());
  EXPECT_TRUE(WalWriter::OpenForAppend(DefaultFileSystem(), path_).status().IsNotFound());
}

// A payload may hold any bytes, even a whole record. The salt in each record
// header CRC keeps a record copied from another file from passing as valid
// when the scan after a torn tail looks for valid records.
TEST_F(WalTest, RecordEmbeddedInATornPayloadDoesNotLookValid) {
  const std::string other_path = JoinPath(dir_, "other.wal");
  {
    auto other = WalWriter::Create(DefaultFileSystem(), other_path);
    ASSERT_TRUE(other.ok());
    ASSERT_TRUE((*other)->AddRecord("forged record").ok());
    ASSERT_TRUE((*other)->Close().ok());
  }
  auto other_bytes = DefaultFileSystem()->ReadFile(other_path);
  ASSERT_TRUE(other_bytes.ok());
  const std::string embedded = other_bytes->substr(wal::kFileHeaderSize);

  std::vector<uint64_t> offsets = WriteWal({"alpha", "xx" + embedded + "yy"});
  std::string bytes = Bytes();
  bytes.pop_back();  // the last record is torn, its embedded record intact
  SetBytes(bytes);
  std::vector<std::string> got;
  WalReadStats stats;
  Status s = Read(true, &got, &stats);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(got, std::vector<std::string>{"alpha"});
  EXPECT_TRUE(stats.torn_tail);
  EXPECT_EQ(FileSize(), offsets[1]);
}

TEST_F(WalTest, StoredChecksumsAreZlibCrc32OfTheDocumentedBytes) {
  // CRC-32/ISO-HDLC check value: zlib.crc32(b"123456789") == 0xCBF43926.
  ASSERT_EQ(ZlibCrc("123456789"), 0xCBF43926u);

  std::vector<std::string> payloads = {"hello", "", Payload(1000, 3)};
  std::vector<uint64_t> offsets = WriteWal(payloads);
  const std::string f = Bytes();
  ASSERT_GE(f.size(), wal::kFileHeaderSize);
  EXPECT_EQ(f.substr(0, 8), "VIGILWAL");
  EXPECT_EQ(f.substr(8, 4), std::string("\x01\x00\x00\x00", 4));
  EXPECT_EQ(LoadU32(f, 20), ZlibCrc(std::string_view(f).substr(0, 20)));

  size_t at = 24;
  for (size_t r = 0; r < payloads.size(); ++r) {
    SCOPED_TRACE("record " + std::to_string(r));
    ASSERT_EQ(at, offsets[r]);
    EXPECT_EQ(f.substr(at, 4), "\xC5\x7E\xA1\x5E");
    const uint32_t length = LoadU32(f, at + 4);
    ASSERT_EQ(length, payloads[r].size());
    EXPECT_EQ(f.substr(at + 16, length), payloads[r]);
    EXPECT_EQ(LoadU32(f, at + 8), ZlibCrc(payloads[r]));
    // Salt bytes 12..19 of the file, then record bytes 0..11, in one CRC.
    std::string covered = f.substr(12, 8) + f.substr(at, 12);
    EXPECT_EQ(LoadU32(f, at + 12), ZlibCrc(covered));
    at += 16 + length;
  }
  EXPECT_EQ(at, f.size());
}

TEST_F(WalTest, SyncedRecordsSurvivePowerLossAndUnsyncedOnesVanish) {
  FaultInjectionFileSystem fs(DefaultFileSystem());
  {
    auto writer = WalWriter::Create(&fs, path_);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    ASSERT_TRUE((*writer)->AddRecord("synced 1").ok());
    ASSERT_TRUE((*writer)->AddRecord("synced 2").ok());
    ASSERT_TRUE((*writer)->Sync().ok());
    ASSERT_TRUE((*writer)->AddRecord("lost 3").ok());
    ASSERT_TRUE((*writer)->AddRecord("lost 4").ok());
    ASSERT_TRUE(fs.DropUnsyncedData().ok());
  }
  std::vector<std::string> got;
  WalReadStats stats;
  ASSERT_TRUE(Read(true, &got, &stats, &fs).ok());
  EXPECT_EQ(got, (std::vector<std::string>{"synced 1", "synced 2"}));
  EXPECT_FALSE(stats.torn_tail);

  Append("after restart", &fs);
  ASSERT_TRUE(fs.DropUnsyncedData().ok());
  ASSERT_TRUE(Read(true, &got, &stats, &fs).ok());
  EXPECT_EQ(got, (std::vector<std::string>{"synced 1", "synced 2", "after restart"}));
}

TEST_F(WalTest, PowerLossKeepingPartOfTheUnsyncedDataRecoversAPrefix) {
  const std::vector<std::string> payloads = {"synced 1", Payload(3000, 1), "unsynced 3",
                                             Payload(5000, 2), "unsynced 5"};
  int torn = 0;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::filesystem::remove(path_);
    FaultInjectionFileSystem fs(DefaultFileSystem());
    {
      auto writer = WalWriter::Create(&fs, path_);
      ASSERT_TRUE(writer.ok());
      for (size_t i = 0; i < payloads.size(); ++i) {
        ASSERT_TRUE((*writer)->AddRecord(payloads[i]).ok());
        if (i == 1) {
          ASSERT_TRUE((*writer)->Sync().ok());
        }
      }
      ASSERT_TRUE(fs.DropUnsyncedDataKeepingPrefix(seed).ok());
    }
    std::vector<std::string> got;
    WalReadStats stats;
    Status s = Read(true, &got, &stats, &fs);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_GE(got.size(), 2u);
    EXPECT_EQ(got, Prefix(payloads, got.size()));
    torn += stats.torn_tail ? 1 : 0;
    Append("next", &fs);
    ASSERT_TRUE(Read(false, &got, &stats, &fs).ok());
    EXPECT_EQ(got.back(), "next");
  }
  EXPECT_GT(torn, 20);  // most cuts fall inside a record, not between two
}

TEST_F(WalTest, WriteErrorMakesTheWriterUnusable) {
  FaultInjectionFileSystem fs(DefaultFileSystem());
  auto writer = WalWriter::Create(&fs, path_);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->AddRecord("kept").ok());
  fs.SetFailWrites(true);
  Status s = (*writer)->AddRecord("fails");
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  fs.SetFailWrites(false);
  s = (*writer)->AddRecord("refused");
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("(injected)"), std::string::npos) << s.ToString();
  EXPECT_EQ((*writer)->Sync().code(), StatusCode::kFailedPrecondition);
}

TEST_F(WalTest, SyncErrorMakesTheWriterUnusable) {
  FaultInjectionFileSystem fs(DefaultFileSystem());
  auto writer = WalWriter::Create(&fs, path_);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->AddRecord("a").ok());
  fs.SetFailSyncs(true);
  EXPECT_TRUE((*writer)->Sync().IsIOError());
  fs.SetFailSyncs(false);
  EXPECT_EQ((*writer)->Sync().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ((*writer)->AddRecord("b").code(), StatusCode::kFailedPrecondition);
}

TEST_F(WalTest, DiskFullShortWriteLeavesATornTailThatRecoveryCuts) {
  FaultInjectionFileSystem fs(DefaultFileSystem());
  {
    auto writer = WalWriter::Create(&fs, path_);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->AddRecord("before").ok());
    ASSERT_TRUE((*writer)->Sync().ok());
    fs.SetDiskFullAfter(10);
    Status s = (*writer)->AddRecord(Payload(100, 4));
    EXPECT_TRUE(s.IsIOError());
    EXPECT_NE(s.message().find("No space left on device"), std::string::npos) << s.ToString();
  }
  fs.ClearDiskFull();
  std::vector<std::string> got;
  WalReadStats stats;
  ASSERT_TRUE(Read(true, &got, &stats, &fs).ok());
  EXPECT_EQ(got, std::vector<std::string>{"before"});
  EXPECT_TRUE(stats.torn_tail);
  EXPECT_EQ(stats.dropped_bytes, 10u);
  Append("after", &fs);
  ASSERT_TRUE(Read(false, &got, &stats, &fs).ok());
  EXPECT_EQ(got, (std::vector<std::string>{"before", "after"}));
}

TEST_F(WalTest, CreateThatCannotSyncLeavesNoFile) {
  FaultInjectionFileSystem fs(DefaultFileSystem());
  fs.SetFailSyncs(true);
  auto writer = WalWriter::Create(&fs, path_);
  ASSERT_FALSE(writer.ok());
  EXPECT_TRUE(writer.status().IsIOError());
  EXPECT_FALSE(fs.Exists(path_));
}

TEST_F(WalTest, RepairThatCannotTruncateIsAnError) {
  FaultInjectionFileSystem fs(DefaultFileSystem());
  WriteWal({"a", "b"}, &fs);
  std::string bytes = Bytes();
  bytes.pop_back();
  SetBytes(bytes);
  fs.SetFailWrites(true);
  std::vector<std::string> got;
  Status s = Read(true, &got, nullptr, &fs);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_EQ(FileSize(), bytes.size());
}

// Fails each file-system operation of a small session in turn, then loses
// power: recovery must succeed and keep every record whose Sync returned OK.
TEST_F(WalTest, FailingAnyOperationThenLosingPowerKeepsEverySyncedRecord) {
  const std::vector<std::string> payloads = {"one", "two", "three"};
  auto session = [&](FaultInjectionFileSystem& fs, size_t* acked) {
    *acked = 0;
    auto writer = WalWriter::Create(&fs, path_);
    if (!writer.ok()) return;
    for (size_t i = 0; i < payloads.size(); ++i) {
      if (!(*writer)->AddRecord(payloads[i]).ok()) return;
      if (!(*writer)->Sync().ok()) return;
      *acked = i + 1;
    }
  };
  uint64_t operations = 0;
  {
    FaultInjectionFileSystem fs(DefaultFileSystem());
    size_t acked = 0;
    session(fs, &acked);
    ASSERT_EQ(acked, payloads.size());
    operations = fs.OperationCount();
    std::filesystem::remove(path_);
  }
  ASSERT_GT(operations, 5u);
  for (uint64_t n = 1; n <= operations; ++n) {
    SCOPED_TRACE("failing operation " + std::to_string(n));
    std::filesystem::remove(path_);
    FaultInjectionFileSystem fs(DefaultFileSystem());
    fs.FailNthOperation(n);
    size_t acked = 0;
    session(fs, &acked);
    ASSERT_TRUE(fs.DropUnsyncedData().ok());
    if (!fs.Exists(path_)) {
      EXPECT_EQ(acked, 0u);
      continue;
    }
    std::vector<std::string> got;
    Status s = Read(true, &got, nullptr, &fs);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_GE(got.size(), acked);
    EXPECT_EQ(got, Prefix(payloads, got.size()));
  }
}

}  // namespace
}  // namespace vigil
