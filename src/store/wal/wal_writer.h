// WalWriter: appends CRC-framed records to one WAL file (docs/format/wal.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/fs/file_system.h"

namespace vigil {

// Appends records to a WAL file. Each record carries one opaque payload; the
// engine puts one atomic batch of events in one record, so a record is either
// recovered whole or not at all.
//
// Durability: AddRecord hands the record to the operating system (one or two
// write calls, no buffering in this class); it survives a crash of the process
// but not a power loss. Everything added before a Sync that returns OK is
// durable.
//
// Errors are sticky: once an AddRecord or Sync has failed, the file may end in
// a partial record, or the kernel may have dropped dirty pages (a failed fsync
// cannot be retried), so every later AddRecord and Sync fails with
// kFailedPrecondition carrying the first error. The caller must close this
// writer, recover the file with ReadWal (which truncates the partial record as
// a torn tail) and then reopen it or start a new file.
//
// Not thread-safe: the engine's group-commit leader is the only caller. The
// FileSystem is not owned and must outlive the writer.
class WalWriter {
  struct ConstructionKey {
    explicit ConstructionKey() = default;
  };

 public:
  // Creates a new WAL file at path, writes its header (with a fresh random
  // salt), syncs the file and its directory: the empty WAL is durable when this
  // returns. Fails with kFailedPrecondition when path already exists. On an
  // I/O error the partly created file is removed (best effort).
  static Result<std::unique_ptr<WalWriter>> Create(FileSystem* fs, const std::string& path);

  // Opens an existing WAL file for appending after its end. Precondition: the
  // file has been recovered (ReadWal with repair_torn_tail = true returned OK),
  // so it ends just after its last valid record; appending after a torn tail
  // would turn it into corruption in the middle. The header is checked
  // (Corruption on a bad one). A file that recovery cut to 0 bytes (a crash
  // during creation) gets a fresh header, synced before this returns; a file
  // shorter than its header gives kFailedPrecondition.
  static Result<std::unique_ptr<WalWriter>> OpenForAppend(FileSystem* fs, const std::string& path);

  // Use Create or OpenForAppend.
  WalWriter(ConstructionKey, std::string path, std::unique_ptr<WritableFile> file, uint64_t salt);
  // Closes the file without syncing (see Close).
  ~WalWriter();
  WalWriter(const WalWriter&) = delete;
  WalWriter& operator=(const WalWriter&) = delete;

  // Appends one record holding payload (may be empty). Not durable until Sync.
  // A payload longer than wal::kMaxRecordPayloadSize (64 MiB) is rejected with
  // kInvalidArgument and nothing is written (the writer stays usable).
  // Cost: one CRC pass over the payload, plus one write call (payloads up to
  // 64 KiB are copied behind the header) or two (header, then the caller's
  // bytes, uncopied).
  Status AddRecord(std::string_view payload);
  // The same for the payload head ++ body, where body_crc is wal::Crc32(body)
  // computed by the caller (the engine computes it while preparing a batch,
  // off the ordered write path). The head (a few bytes) is copied behind the
  // record header; a body up to 64 KiB too (one write call), a longer one is
  // written from the caller's memory (two). A wrong body_crc makes the record
  // unreadable (recovery drops it as torn).
  Status AddRecord(std::string_view head, std::string_view body, uint32_t body_crc);

  // Makes every record added so far durable (WritableFile::Sync, fdatasync);
  // returns after the device has acknowledged them.
  Status Sync();

  // Bytes in the file: header and every record added, durable or not.
  uint64_t Size() const;

  // Closes the file. Does not sync: records added since the last Sync may be
  // lost on power loss. Idempotent; AddRecord and Sync fail afterwards.
  Status Close();

 private:
  Status CheckWritable() const;

  const std::string path_;
  const std::unique_ptr<WritableFile> file_;
  const uint32_t salt_crc_;  // CRC state after the file's salt bytes
  std::string scratch_;      // header + small payload, reused between records
  Status failure_;           // the first failed write or sync; sticky
  bool closed_ = false;
};

}  // namespace vigil
