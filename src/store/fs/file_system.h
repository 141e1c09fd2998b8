// FileSystem: the storage engine's only way to touch disk, so tests can
// inject I/O errors and drop unsynced writes (fault_injection_file_system.h),
// as leveldb's Env and SQLite's VFS allow.
//
// Paths are plain strings; directories are created by CreateDir. Errors name
// the path and the operating system's reason: Status::NotFound when the file
// or directory does not exist, Status::IOError for every other failure.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace vigil {

// A file open for appending. Not thread-safe: one writer at a time.
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Appends data at the end. Not durable until Sync returns OK.
  virtual Status Append(std::string_view data) = 0;
  // Makes everything appended so far durable (fdatasync). Returns after the
  // device has acknowledged the data.
  virtual Status Sync() = 0;
  // Closes the file (without syncing). Idempotent.
  virtual Status Close() = 0;
  // Bytes in the file, appended data included.
  virtual uint64_t Size() const = 0;
};

// A file open for positioned reads. Thread-safe.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Reads up to n bytes at offset into scratch; returns the bytes read (fewer
  // than n only at the end of the file).
  virtual Result<size_t> Read(uint64_t offset, size_t n, char* scratch) const = 0;
  virtual uint64_t Size() const = 0;
};

// A whole file's bytes, read-only, for as long as the object lives: an mmap
// of the file (pages are read on first touch and can be dropped by the
// kernel under memory pressure), or a copy in memory. The file must not
// change while mapped (immutable files only). Thread-safe.
class MappedFile {
 public:
  virtual ~MappedFile() = default;
  virtual std::string_view bytes() const = 0;
  // Tells the kernel the pages need not stay resident (after a full read,
  // such as a checksum pass); they are read again when touched.
  virtual void DropResident() const {}
};

// Held while a process owns a data directory; released when destroyed.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Opens path for appending, creating it when absent. With truncate, an
  // existing file is emptied first.
  virtual Result<std::unique_ptr<WritableFile>> OpenWritable(const std::string& path,
                                                             bool truncate) = 0;
  virtual Result<std::unique_ptr<RandomAccessFile>> OpenReadable(const std::string& path) = 0;
  // Reads a whole file.
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  // Maps a whole file read-only. The default reads it into memory.
  virtual Result<std::shared_ptr<const MappedFile>> MapFile(const std::string& path);

  virtual bool Exists(const std::string& path) = 0;
  virtual Result<uint64_t> FileSize(const std::string& path) = 0;
  // Names (not paths) of the entries of a directory, sorted.
  virtual Result<std::vector<std::string>> ListDir(const std::string& path) = 0;
  // Creates the directory and missing parents; OK when it exists.
  virtual Status CreateDir(const std::string& path) = 0;
  virtual Status RemoveFile(const std::string& path) = 0;
  // Atomically replaces `to` with `from` (rename(2)). Durable after SyncDir of
  // the directory holding `to` (and of the one holding `from`, if different).
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  // Cuts the file to size bytes and makes that durable.
  virtual Status Truncate(const std::string& path, uint64_t size) = 0;
  // Makes creations, renames and removals in the directory durable (fsync on the directory).
  virtual Status SyncDir(const std::string& path) = 0;
  // Takes an exclusive advisory lock (flock) on path, creating it; fails with
  // kFailedPrecondition naming the path when another process holds it.
  virtual Result<std::unique_ptr<FileLock>> Lock(const std::string& path) = 0;
};

// The real POSIX file system. Process-wide, thread-safe.
FileSystem* DefaultFileSystem();

// "dir/name" (no doubled slash).
std::string JoinPath(std::string_view dir, std::string_view name);
// The directory part of path: "a/b" for "a/b/c", "." for "c".
std::string ParentDir(std::string_view path);

}  // namespace vigil
