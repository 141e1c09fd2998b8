#include "store/wal/wal_writer.h"

#include <fmt/format.h>

#include <random>
#include <utility>

#include "store/wal/wal_codec.h"
#include "store/wal/wal_format.h"

namespace vigil {
namespace {

// Payloads up to this size are copied behind their header so the record takes
// one write call; longer ones are written straight from the caller's memory.
constexpr size_t kCoalesceLimit = 64 * 1024;

// The directory holding path, for SyncDir.
std::string DirName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

uint64_t RandomSalt() {
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

}  // namespace

WalWriter::WalWriter(ConstructionKey, std::string path, std::unique_ptr<WritableFile> file,
                     uint64_t salt)
    : path_(std::move(path)), file_(std::move(file)), salt_crc_(wal::SaltCrc(salt)) {}

WalWriter::~WalWriter() { (void)Close(); }

Result<std::unique_ptr<WalWriter>> WalWriter::Create(FileSystem* fs, const std::string& path) {
  if (fs->Exists(path)) {
    return Status::FailedPrecondition(fmt::format("{}: WAL file already exists", path));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, fs->OpenWritable(path, /*truncate=*/false));
  if (file->Size() != 0) {
    return Status::FailedPrecondition(
        fmt::format("{}: WAL file appeared while being created", path));
  }
  const uint64_t salt = RandomSalt();
  Status s = file->Append(wal::EncodeFileHeader(salt));
  if (s.ok()) s = file->Sync();
  if (s.ok()) s = fs->SyncDir(DirName(path));
  if (!s.ok()) {
    (void)file->Close();
    (void)fs->RemoveFile(path);
    return s;
  }
  return std::make_unique<WalWriter>(ConstructionKey(), path, std::move(file), salt);
}

Result<std::unique_ptr<WalWriter>> WalWriter::OpenForAppend(FileSystem* fs,
                                                            const std::string& path) {
  ASSIGN_OR_RETURN(uint64_t size, fs->FileSize(path));
  if (size == 0) {
    ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, fs->OpenWritable(path, false));
    const uint64_t salt = RandomSalt();
    RETURN_IF_ERROR(file->Append(wal::EncodeFileHeader(salt)));
    RETURN_IF_ERROR(file->Sync());
    return std::make_unique<WalWriter>(ConstructionKey(), path, std::move(file), salt);
  }
  if (size < wal::kFileHeaderSize) {
    return Status::FailedPrecondition(
        fmt::format("{}: WAL file of {} bytes is shorter than its {}-byte header; recover it with "
                    "ReadWal(repair_torn_tail=true) before appending",
                    path, size, wal::kFileHeaderSize));
  }
  std::string header(wal::kFileHeaderSize, '\0');
  {
    ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> reader, fs->OpenReadable(path));
    ASSIGN_OR_RETURN(size_t n, reader->Read(0, header.size(), header.data()));
    if (n != header.size()) {
      return Status::IOError(fmt::format("{}: short read of the WAL file header", path));
    }
  }
  ASSIGN_OR_RETURN(uint64_t salt, wal::DecodeFileHeader(path, header));
  ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, fs->OpenWritable(path, false));
  return std::make_unique<WalWriter>(ConstructionKey(), path, std::move(file), salt);
}

Status WalWriter::CheckWritable() const {
  if (closed_) return Status::FailedPrecondition(fmt::format("{}: WAL writer is closed", path_));
  if (!failure_.ok()) {
    return Status::FailedPrecondition(fmt::format(
        "{}: WAL writer is unusable after an earlier failure: {}", path_, failure_.ToString()));
  }
  return Status::Ok();
}

Status WalWriter::AddRecord(std::string_view payload) {
  return AddRecord({}, payload, wal::Crc32(payload));
}

Status WalWriter::AddRecord(std::string_view head, std::string_view body, uint32_t body_crc) {
  RETURN_IF_ERROR(CheckWritable());
  const size_t size = head.size() + body.size();
  if (size > wal::kMaxRecordPayloadSize) {
    return Status::InvalidArgument(
        fmt::format("{}: WAL record payload of {} bytes exceeds the maximum of {} bytes", path_,
                    size, wal::kMaxRecordPayloadSize));
  }
  const uint32_t crc =
      head.empty() ? body_crc : wal::Crc32Combine(wal::Crc32(head), body_crc, body.size());
  char header[wal::kRecordHeaderSize];
  wal::EncodeRecordHeader(salt_crc_, size, crc, header);
  scratch_.assign(header, sizeof(header));
  scratch_.append(head);
  Status s;
  if (body.size() <= kCoalesceLimit) {
    scratch_.append(body);
    s = file_->Append(scratch_);
  } else {
    s = file_->Append(scratch_);
    if (s.ok()) s = file_->Append(body);
  }
  if (!s.ok()) failure_ = s;
  return s;
}

Status WalWriter::Sync() {
  RETURN_IF_ERROR(CheckWritable());
  Status s = file_->Sync();
  if (!s.ok()) failure_ = s;
  return s;
}

uint64_t WalWriter::Size() const { return file_->Size(); }

Status WalWriter::Close() {
  if (closed_) return Status::Ok();
  closed_ = true;
  return file_->Close();
}

}  // namespace vigil
