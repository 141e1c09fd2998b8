#include "store/wal/wal_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

#include "store/wal/wal_codec.h"
#include "store/wal/wal_format.h"

namespace vigil {
namespace {

constexpr size_t kReadAhead = 1 << 20;
constexpr size_t kScanChunk = 1 << 20;

// Buffered positioned reads of one file: a single window that moves forward
// (or anywhere) as needed and grows to the largest range asked for.
class FileWindow {
 public:
  FileWindow(const RandomAccessFile* file, std::string_view path, uint64_t size)
      : file_(file), path_(path), size_(size) {}

  // Bytes [offset, offset + n), which must lie within the file; valid until the
  // next call.
  Result<std::string_view> Peek(uint64_t offset, size_t n) {
    if (offset >= start_ && offset - start_ + n <= length_) {
      return std::string_view(buffer_.data() + (offset - start_), n);
    }
    const size_t want =
        static_cast<size_t>(std::min<uint64_t>(std::max(n, kReadAhead), size_ - offset));
    if (buffer_.size() < want) buffer_.resize(want);
    ASSIGN_OR_RETURN(size_t got, file_->Read(offset, want, buffer_.data()));
    if (got < n) {
      return Status::IOError(
          fmt::format("{}: short read at offset {} ({} of {} bytes); was the "
                      "file truncated while being read?",
                      path_, offset, got, n));
    }
    start_ = offset;
    length_ = got;
    return std::string_view(buffer_.data(), n);
  }

 private:
  const RandomAccessFile* const file_;
  const std::string_view path_;
  const uint64_t size_;
  std::string buffer_;
  uint64_t start_ = 0;
  size_t length_ = 0;
};

enum class Problem {
  kNone,
  kIncompleteHeader,
  kBadMagic,
  kBadHeaderChecksum,
  kLengthAboveMax,
  kLengthBeyondEnd,
  kBadPayloadChecksum,
};

struct RecordCheck {
  Problem problem = Problem::kNone;
  uint32_t length = 0;       // from a header whose checksum holds
  std::string_view payload;  // when problem is kNone
};

// Checks the record whose header starts at offset in a file of size bytes.
Result<RecordCheck> CheckRecordAt(FileWindow& window, uint32_t salt_crc, uint64_t offset,
                                  uint64_t size) {
  RecordCheck check;
  if (size - offset < wal::kRecordHeaderSize) {
    check.problem = Problem::kIncompleteHeader;
    return check;
  }
  ASSIGN_OR_RETURN(std::string_view bytes, window.Peek(offset, wal::kRecordHeaderSize));
  wal::RecordHeader header;
  switch (wal::DecodeRecordHeader(salt_crc, bytes, &header)) {
    case wal::RecordHeaderCheck::kBadMagic:
      check.problem = Problem::kBadMagic;
      return check;
    case wal::RecordHeaderCheck::kBadChecksum:
      check.problem = Problem::kBadHeaderChecksum;
      return check;
    case wal::RecordHeaderCheck::kOk:
      break;
  }
  check.length = header.length;
  if (header.length > wal::kMaxRecordPayloadSize) {
    check.problem = Problem::kLengthAboveMax;
    return check;
  }
  if (header.length > size - offset - wal::kRecordHeaderSize) {
    check.problem = Problem::kLengthBeyondEnd;
    return check;
  }
  ASSIGN_OR_RETURN(check.payload, window.Peek(offset + wal::kRecordHeaderSize, header.length));
  if (wal::Crc32(check.payload) != header.payload_crc) check.problem = Problem::kBadPayloadChecksum;
  return check;
}

std::string Describe(const RecordCheck& check, uint64_t offset, uint64_t size) {
  switch (check.problem) {
    case Problem::kIncompleteHeader:
      return fmt::format("incomplete record header at offset {} ({} of {} bytes)", offset,
                         size - offset, wal::kRecordHeaderSize);
    case Problem::kBadMagic:
      return fmt::format("bad record magic at offset {}", offset);
    case Problem::kBadHeaderChecksum:
      return fmt::format("bad header checksum in record at offset {}", offset);
    case Problem::kLengthAboveMax:
      return fmt::format("record at offset {} has length {}, above the maximum of {} bytes", offset,
                         check.length, wal::kMaxRecordPayloadSize);
    case Problem::kLengthBeyondEnd:
      return fmt::format("record at offset {} has length {}, beyond the end of the file ({} bytes)",
                         offset, check.length, size);
    case Problem::kBadPayloadChecksum:
      return fmt::format("bad payload checksum in record at offset {}", offset);
    case Problem::kNone:
      break;
  }
  return "no problem";
}

// The offset of the first valid record starting at or after from, if any.
Result<std::optional<uint64_t>> FindValidRecord(FileWindow& window, uint32_t salt_crc,
                                                uint64_t from, uint64_t size) {
  const char magic[4] = {
      static_cast<char>(wal::kRecordMagic & 0xff),
      static_cast<char>((wal::kRecordMagic >> 8) & 0xff),
      static_cast<char>((wal::kRecordMagic >> 16) & 0xff),
      static_cast<char>((wal::kRecordMagic >> 24) & 0xff),
  };
  uint64_t pos = from;
  while (pos + wal::kRecordHeaderSize <= size) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kScanChunk, size - pos));
    ASSIGN_OR_RETURN(std::string_view view, window.Peek(pos, n));
    // Candidates are the positions i <= n - 4 where the 4 magic bytes fit.
    std::optional<size_t> found;
    size_t i = 0;
    while (i + sizeof(magic) <= n) {
      const void* hit = std::memchr(view.data() + i, magic[0], n - (sizeof(magic) - 1) - i);
      if (hit == nullptr) break;
      i = static_cast<size_t>(static_cast<const char*>(hit) - view.data());
      if (std::memcmp(view.data() + i, magic, sizeof(magic)) == 0) {
        found = i;
        break;
      }
      ++i;
    }
    if (!found.has_value()) {
      pos += n - (sizeof(magic) - 1);
      continue;
    }
    const uint64_t candidate = pos + *found;
    ASSIGN_OR_RETURN(RecordCheck check, CheckRecordAt(window, salt_crc, candidate, size));
    if (check.problem == Problem::kNone) return std::optional<uint64_t>(candidate);
    pos = candidate + 1;
  }
  return std::optional<uint64_t>();
}

}  // namespace

Status ReadWal(FileSystem* fs, const std::string& path, bool repair_torn_tail,
               const WalRecordCallback& on_record, WalReadStats* stats) {
  WalReadStats local_stats;
  if (stats == nullptr) stats = &local_stats;
  *stats = WalReadStats();

  ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file, fs->OpenReadable(path));
  const uint64_t size = file->Size();
  if (size < wal::kFileHeaderSize) {
    stats->torn_tail = true;
    stats->dropped_bytes = size;
    stats->torn_tail_problem = fmt::format("file of {} bytes is shorter than its {}-byte header",
                                           size, wal::kFileHeaderSize);
    if (repair_torn_tail && size > 0) {
      file.reset();
      RETURN_IF_ERROR(fs->Truncate(path, 0));
    }
    return Status::Ok();
  }

  FileWindow window(file.get(), path, size);
  ASSIGN_OR_RETURN(std::string_view header, window.Peek(0, wal::kFileHeaderSize));
  ASSIGN_OR_RETURN(uint64_t salt, wal::DecodeFileHeader(path, header));
  const uint32_t salt_crc = wal::SaltCrc(salt);

  uint64_t offset = wal::kFileHeaderSize;
  RecordCheck check;
  while (offset < size) {
    ASSIGN_OR_RETURN(check, CheckRecordAt(window, salt_crc, offset, size));
    if (check.problem != Problem::kNone) break;
    RETURN_IF_ERROR(on_record(check.payload, offset));
    ++stats->records;
    offset += wal::kRecordHeaderSize + check.length;
  }
  stats->valid_bytes = offset;
  if (offset == size) return Status::Ok();

  const std::string problem = Describe(check, offset, size);
  ASSIGN_OR_RETURN(std::optional<uint64_t> next_valid,
                   FindValidRecord(window, salt_crc, offset + 1, size));
  if (next_valid.has_value()) {
    return Status::Corruption(
        fmt::format("{}: {} (valid records follow at offset {})", path, problem, *next_valid));
  }
  stats->torn_tail = true;
  stats->dropped_bytes = size - offset;
  stats->torn_tail_problem = problem;
  if (repair_torn_tail) {
    file.reset();
    RETURN_IF_ERROR(fs->Truncate(path, offset));
  }
  return Status::Ok();
}

}  // namespace vigil
