// FaultInjectionFileSystem: a FileSystem for tests that simulates power loss
// and injects I/O errors, over a real base FileSystem (as leveldb's
// FaultInjectionTestEnv and SQLite's crash VFS do).
//
// The power-loss model (DropUnsyncedData):
//  * File contents. Every file written through this file system goes back to
//    its size at its last successful WritableFile::Sync or FileSystem::Truncate
//    (Truncate is durable). A file created through it starts at synced size 0,
//    so does a file opened with truncate=true; a file that already existed when
//    this file system first touched it counts as fully synced.
//  * Directory entries. Creating a file (OpenWritable of an absent path) and
//    Rename become durable only when SyncDir is called on the parent directory
//    (for a rename, on the parent directories of both names). Operations not yet
//    durable are undone, newest first: a created file is removed; a renamed file
//    goes back to its old name, and a file the rename replaced comes back with
//    its synced contents (kept in memory until the rename is durable).
//  * Not modeled: RemoveFile and CreateDir are durable at once and never
//    undone; unsynced data is lost whole (no torn pages) unless
//    DropUnsyncedDataKeepingPrefix is used, which keeps a random prefix of it.
//  * Every WritableFile opened before the drop is dead afterwards: its calls
//    fail with IOError, as the process that held it would have died. Files that
//    remain after the drop all count as durable.
// Paths are compared after lexical normalization only ("a//b/./c" is "a/b/c";
// no symlink or absolute-path resolution): use either relative or absolute
// paths throughout a test, not both.
//
// Error injection: every injected error is Status::IOError whose message names
// the operation and the path and ends with "(injected ...)". Reads
// (OpenReadable, ReadFile, Exists, FileSize, ListDir) and Lock are never
// failed; they pass straight to the base file system.
//
// Thread-safe: one mutex guards all state and is held across each mutating call
// into the base file system (tests only, so simplicity beats concurrency).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/fs/file_system.h"

namespace vigil {

class FaultInjectionFileSystem final : public FileSystem {
 public:
  // base is not owned and must outlive this object. Files opened through this
  // object must be destroyed before it.
  explicit FaultInjectionFileSystem(FileSystem* base);
  ~FaultInjectionFileSystem() override;
  FaultInjectionFileSystem(const FaultInjectionFileSystem&) = delete;
  FaultInjectionFileSystem& operator=(const FaultInjectionFileSystem&) = delete;

  // Simulates power loss as described above. Returns an error only when the
  // base file system fails while rolling back (the state is then undefined).
  Status DropUnsyncedData();
  // Like DropUnsyncedData, but each file keeps its synced bytes plus a prefix,
  // of random length chosen by seed, of its unsynced bytes (a disk that wrote
  // some of the data in order before losing power). Directory entries are
  // rolled back as in DropUnsyncedData.
  Status DropUnsyncedDataKeepingPrefix(uint64_t seed);

  // While on, WritableFile::Append and FileSystem::Truncate fail and change nothing.
  void SetFailWrites(bool fail);
  // While on, WritableFile::Sync and SyncDir fail; nothing becomes durable.
  void SetFailSyncs(bool fail);
  // While on, Rename fails and changes nothing.
  void SetFailRenames(bool fail);
  // From now on at most `bytes` more bytes may be appended (in all files
  // together). An Append that does not fit writes as many bytes as remain (a
  // short write, as a real full disk gives), then fails with
  // "write <path>: No space left on device (injected)". Truncate frees no budget.
  void SetDiskFullAfter(uint64_t bytes);
  // Lifts the limit set by SetDiskFullAfter.
  void ClearDiskFull();
  // The n-th mutating operation from now (n >= 1; 1 is the next one) fails
  // once, changing nothing. Mutating operations are OpenWritable, Append, Sync,
  // Truncate, Rename, RemoveFile, CreateDir and SyncDir. n = 0 disarms.
  void FailNthOperation(uint64_t n);
  // Number of mutating operations attempted since construction (failed ones
  // included), for tests that fail each operation of a scenario in turn.
  uint64_t OperationCount() const;
  // Turns off every kind of injected error.
  void ClearFaults();

  // FileSystem.
  Result<std::unique_ptr<WritableFile>> OpenWritable(const std::string& path,
                                                     bool truncate) override;
  Result<std::unique_ptr<RandomAccessFile>> OpenReadable(const std::string& path) override;
  Result<std::string> ReadFile(const std::string& path) override;
  bool Exists(const std::string& path) override;
  Result<uint64_t> FileSize(const std::string& path) override;
  Result<std::vector<std::string>> ListDir(const std::string& path) override;
  Status CreateDir(const std::string& path) override;
  Status RemoveFile(const std::string& path) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Status Truncate(const std::string& path, uint64_t size) override;
  Status SyncDir(const std::string& path) override;
  Result<std::unique_ptr<FileLock>> Lock(const std::string& path) override;

 private:
  class File;

  // A file written through this file system; keyed by id so that open files
  // follow renames.
  struct TrackedFile {
    std::string path;
    uint64_t synced_size = 0;
  };

  // A directory change not yet made durable by SyncDir.
  struct PendingDirOp {
    enum class Kind { kCreate, kRename };
    Kind kind;
    std::string path;  // kCreate: the file; kRename: the new name
    std::string from;  // kRename: the old name
    // kRename: synced contents of the file the rename replaced, if any.
    std::optional<std::string> replaced;
    std::vector<std::string> unsynced_dirs;  // durable once this is empty
  };

  Status DropLocked(std::optional<uint64_t> seed);
  Status CheckOperationLocked(std::string_view what, const std::string& path);
  uint64_t TrackLocked(const std::string& path, uint64_t synced_size);
  Status AppendLocked(uint64_t generation, WritableFile* base, const std::string& path,
                      std::string_view data);
  Status SyncFileLocked(uint64_t generation, uint64_t id, WritableFile* base,
                        const std::string& path);

  FileSystem* const base_;

  mutable std::mutex mu_;
  // All fields below are GUARDED_BY(mu_).
  uint64_t generation_ = 0;  // bumped by each drop; older open files are dead
  uint64_t next_id_ = 1;
  std::map<uint64_t, TrackedFile> files_;
  std::map<std::string, uint64_t> ids_by_path_;
  std::vector<PendingDirOp> pending_ops_;  // oldest first
  bool fail_writes_ = false;
  bool fail_syncs_ = false;
  bool fail_renames_ = false;
  std::optional<uint64_t> disk_budget_;  // bytes that may still be appended
  uint64_t operation_count_ = 0;
  uint64_t fail_at_operation_ = 0;  // 0: disarmed
};

}  // namespace vigil
