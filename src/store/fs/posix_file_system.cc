// The POSIX implementation of FileSystem.
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "store/fs/file_system.h"

namespace vigil {
namespace {

// ENOENT becomes NotFound so callers can tell "missing" from "the disk failed".
Status PosixError(std::string_view what, const std::string& path, int err) {
  std::string msg = fmt::format("{} {}: {}", what, path, std::strerror(err));
  if (err == ENOENT) return Status::NotFound(std::move(msg));
  return Status::IOError(std::move(msg));
}

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  ~PosixWritableFile() override { (void)PosixWritableFile::Close(); }

  Status Append(std::string_view data) override {
    if (fd_ < 0) return Status::IOError(fmt::format("append to closed file {}", path_));
    const char* p = data.data();
    size_t left = data.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        return PosixError("write", path_, errno);
      }
      p += n;
      left -= static_cast<size_t>(n);
      size_ += static_cast<uint64_t>(n);
    }
    return Status::Ok();
  }

  Status Sync() override {
    if (fd_ < 0) return Status::IOError(fmt::format("sync of closed file {}", path_));
    if (::fdatasync(fd_) != 0) return PosixError("fdatasync", path_, errno);
    return Status::Ok();
  }

  Status Close() override {
    if (fd_ < 0) return Status::Ok();
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return PosixError("close", path_, errno);
    return Status::Ok();
  }

  uint64_t Size() const override { return size_; }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
};

class PosixRandomAccessFile final : public RandomAccessFile {
 public:
  PosixRandomAccessFile(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}
  ~PosixRandomAccessFile() override { ::close(fd_); }

  Result<size_t> Read(uint64_t offset, size_t n, char* scratch) const override {
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, scratch + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        return PosixError("read", path_, errno);
      }
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    return done;
  }

  uint64_t Size() const override { return size_; }

 private:
  std::string path_;
  int fd_;
  uint64_t size_;
};

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  ~PosixFileLock() override {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }

 private:
  int fd_;
};

// An mmap of a whole file (an empty file maps nothing).
class PosixMappedFile final : public MappedFile {
 public:
  PosixMappedFile(void* addr, size_t size) : addr_(addr), size_(size) {}
  ~PosixMappedFile() override {
    if (size_ > 0) ::munmap(addr_, size_);
  }
  std::string_view bytes() const override {
    return size_ == 0 ? std::string_view()
                      : std::string_view(static_cast<const char*>(addr_), size_);
  }
  void DropResident() const override {
    if (size_ > 0) ::madvise(addr_, size_, MADV_DONTNEED);
  }

 private:
  void* addr_;
  size_t size_;
};

class PosixFileSystem final : public FileSystem {
 private:
  // open(2) with these flags, and the file's size then.
  static Result<std::pair<int, uint64_t>> OpenWithSize(const std::string& path, int flags) {
    int fd = ::open(path.c_str(), flags, 0644);
    if (fd < 0) return PosixError("open", path, errno);
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      int err = errno;
      ::close(fd);
      return PosixError("stat", path, err);
    }
    return std::pair<int, uint64_t>(fd, static_cast<uint64_t>(st.st_size));
  }

 public:
  Result<std::unique_ptr<WritableFile>> OpenWritable(const std::string& path,
                                                     bool truncate) override {
    const int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0);
    ASSIGN_OR_RETURN(auto opened, OpenWithSize(path, flags));
    return std::unique_ptr<WritableFile>(
        std::make_unique<PosixWritableFile>(path, opened.first, opened.second));
  }

  Result<std::unique_ptr<RandomAccessFile>> OpenReadable(const std::string& path) override {
    ASSIGN_OR_RETURN(auto opened, OpenWithSize(path, O_RDONLY | O_CLOEXEC));
    return std::unique_ptr<RandomAccessFile>(
        std::make_unique<PosixRandomAccessFile>(path, opened.first, opened.second));
  }

  Result<std::string> ReadFile(const std::string& path) override {
    ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> f, OpenReadable(path));
    std::string out(f->Size(), '\0');
    ASSIGN_OR_RETURN(size_t n, f->Read(0, out.size(), out.data()));
    out.resize(n);
    return out;
  }

  Result<std::shared_ptr<const MappedFile>> MapFile(const std::string& path) override {
    ASSIGN_OR_RETURN(auto opened, OpenWithSize(path, O_RDONLY | O_CLOEXEC));
    const int fd = opened.first;
    const auto size = static_cast<size_t>(opened.second);
    void* addr = nullptr;
    if (size > 0) {
      addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (addr == MAP_FAILED) {
        int err = errno;
        ::close(fd);
        return PosixError("mmap", path, err);
      }
    }
    ::close(fd);  // the mapping keeps the file
    return std::shared_ptr<const MappedFile>(std::make_shared<PosixMappedFile>(addr, size));
  }

  bool Exists(const std::string& path) override { return ::access(path.c_str(), F_OK) == 0; }

  Result<uint64_t> FileSize(const std::string& path) override {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return PosixError("stat", path, errno);
    return static_cast<uint64_t>(st.st_size);
  }

  Result<std::vector<std::string>> ListDir(const std::string& path) override {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) return PosixError("list directory", path, errno);
    std::vector<std::string> names;
    while (struct dirent* ent = ::readdir(dir)) {
      std::string_view name = ent->d_name;
      if (name == "." || name == "..") continue;
      names.emplace_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    return names;
  }

  Status CreateDir(const std::string& path) override {
    std::string partial;
    size_t pos = 0;
    while (pos != std::string::npos) {
      pos = path.find('/', pos + 1);
      partial = path.substr(0, pos);
      if (partial.empty()) continue;
      if (::mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST) {
        return PosixError("create directory", partial, errno);
      }
    }
    struct stat st;
    if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return Status::IOError(fmt::format("{} exists and is not a directory", path));
    }
    return Status::Ok();
  }

  Status RemoveFile(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return PosixError("remove", path, errno);
    return Status::Ok();
  }

  Status Rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return PosixError("rename to " + to, from, errno);
    return Status::Ok();
  }

  Status Truncate(const std::string& path, uint64_t size) override {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return PosixError("open", path, errno);
    Status s;
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
      s = PosixError("truncate", path, errno);
    } else if (::fdatasync(fd) != 0) {
      s = PosixError("fdatasync", path, errno);
    }
    ::close(fd);
    return s;
  }

  Status SyncDir(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return PosixError("open directory", path, errno);
    Status s;
    if (::fsync(fd) != 0) s = PosixError("fsync directory", path, errno);
    ::close(fd);
    return s;
  }

  Result<std::unique_ptr<FileLock>> Lock(const std::string& path) override {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return PosixError("open lock file", path, errno);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK) {
        return Status::FailedPrecondition(
            fmt::format("{} is locked: another vigil process is using this data directory", path));
      }
      return PosixError("lock", path, err);
    }
    return std::unique_ptr<FileLock>(std::make_unique<PosixFileLock>(fd));
  }
};

}  // namespace

namespace {

// MappedFile's fallback: the bytes in memory.
class InMemoryMappedFile final : public MappedFile {
 public:
  explicit InMemoryMappedFile(std::string bytes) : bytes_(std::move(bytes)) {}
  std::string_view bytes() const override { return bytes_; }

 private:
  const std::string bytes_;
};

}  // namespace

Result<std::shared_ptr<const MappedFile>> FileSystem::MapFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  return std::shared_ptr<const MappedFile>(std::make_shared<InMemoryMappedFile>(std::move(bytes)));
}

FileSystem* DefaultFileSystem() {
  static PosixFileSystem fs;
  return &fs;
}

std::string JoinPath(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (!out.empty() && out.back() != '/') out.push_back('/');
  out.append(name);
  return out;
}

std::string ParentDir(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string(".") : std::string(path.substr(0, slash));
}

}  // namespace vigil
