#include "store/fs/fault_injection_file_system.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <utility>

namespace vigil {
namespace {

// The key under which a path is tracked: lexically normal, no trailing slash.
std::string NormalizePath(const std::string& path) {
  std::string out = std::filesystem::path(path).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out.empty() ? std::string(".") : out;
}

// The directory holding a normalized path; "." for a bare name.
std::string ParentDir(const std::string& normalized) {
  std::string parent = std::filesystem::path(normalized).parent_path().string();
  return parent.empty() ? std::string(".") : parent;
}

Status Injected(std::string_view what, std::string_view path, std::string_view reason) {
  return Status::IOError(fmt::format("{} {}: {} (injected)", what, path, reason));
}

constexpr std::string_view kEio = "Input/output error";

}  // namespace

// A WritableFile whose Append and Sync go through the owning file system, which
// records synced sizes and injects errors.
class FaultInjectionFileSystem::File final : public WritableFile {
 public:
  File(FaultInjectionFileSystem* fs, std::unique_ptr<WritableFile> base, uint64_t id,
       uint64_t generation, std::string path)
      : fs_(fs), base_(std::move(base)), id_(id), generation_(generation), path_(std::move(path)) {}
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  Status Append(std::string_view data) override {
    std::lock_guard<std::mutex> lock(fs_->mu_);
    return fs_->AppendLocked(generation_, base_.get(), path_, data);
  }

  Status Sync() override {
    std::lock_guard<std::mutex> lock(fs_->mu_);
    return fs_->SyncFileLocked(generation_, id_, base_.get(), path_);
  }

  Status Close() override { return base_->Close(); }

  uint64_t Size() const override { return base_->Size(); }

 private:
  FaultInjectionFileSystem* const fs_;
  const std::unique_ptr<WritableFile> base_;
  const uint64_t id_;
  const uint64_t generation_;
  const std::string path_;
};

FaultInjectionFileSystem::FaultInjectionFileSystem(FileSystem* base) : base_(base) {}

FaultInjectionFileSystem::~FaultInjectionFileSystem() = default;

Status FaultInjectionFileSystem::DropUnsyncedData() {
  std::lock_guard<std::mutex> lock(mu_);
  return DropLocked(std::nullopt);
}

Status FaultInjectionFileSystem::DropUnsyncedDataKeepingPrefix(uint64_t seed) {
  std::lock_guard<std::mutex> lock(mu_);
  return DropLocked(seed);
}

Status FaultInjectionFileSystem::DropLocked(std::optional<uint64_t> seed) {
  ++generation_;
  std::mt19937_64 rng(seed.value_or(0));
  for (const auto& [id, file] : files_) {
    if (!base_->Exists(file.path)) continue;
    ASSIGN_OR_RETURN(uint64_t size, base_->FileSize(file.path));
    if (size <= file.synced_size) continue;
    uint64_t keep = file.synced_size;
    if (seed.has_value()) keep += rng() % (size - file.synced_size + 1);
    if (keep < size) RETURN_IF_ERROR(base_->Truncate(file.path, keep));
  }
  for (auto op = pending_ops_.rbegin(); op != pending_ops_.rend(); ++op) {
    if (op->kind == PendingDirOp::Kind::kCreate) {
      if (base_->Exists(op->path)) RETURN_IF_ERROR(base_->RemoveFile(op->path));
      continue;
    }
    if (base_->Exists(op->path)) RETURN_IF_ERROR(base_->Rename(op->path, op->from));
    if (op->replaced.has_value()) {
      ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> restored,
                       base_->OpenWritable(op->path, /*truncate=*/true));
      RETURN_IF_ERROR(restored->Append(*op->replaced));
      RETURN_IF_ERROR(restored->Sync());
      RETURN_IF_ERROR(restored->Close());
    }
  }
  pending_ops_.clear();
  files_.clear();
  ids_by_path_.clear();
  return Status::Ok();
}

void FaultInjectionFileSystem::SetFailWrites(bool fail) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_writes_ = fail;
}

void FaultInjectionFileSystem::SetFailSyncs(bool fail) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_syncs_ = fail;
}

void FaultInjectionFileSystem::SetFailRenames(bool fail) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_renames_ = fail;
}

void FaultInjectionFileSystem::SetDiskFullAfter(uint64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  disk_budget_ = bytes;
}

void FaultInjectionFileSystem::ClearDiskFull() {
  std::lock_guard<std::mutex> lock(mu_);
  disk_budget_.reset();
}

void FaultInjectionFileSystem::FailNthOperation(uint64_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_at_operation_ = n == 0 ? 0 : operation_count_ + n;
}

uint64_t FaultInjectionFileSystem::OperationCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return operation_count_;
}

void FaultInjectionFileSystem::ClearFaults() {
  std::lock_guard<std::mutex> lock(mu_);
  fail_writes_ = false;
  fail_syncs_ = false;
  fail_renames_ = false;
  disk_budget_.reset();
  fail_at_operation_ = 0;
}

Status FaultInjectionFileSystem::CheckOperationLocked(std::string_view what,
                                                      const std::string& path) {
  ++operation_count_;
  if (fail_at_operation_ != 0 && operation_count_ == fail_at_operation_) {
    fail_at_operation_ = 0;
    return Status::IOError(
        fmt::format("{} {}: {} (injected: operation {})", what, path, kEio, operation_count_));
  }
  return Status::Ok();
}

uint64_t FaultInjectionFileSystem::TrackLocked(const std::string& path, uint64_t synced_size) {
  auto it = ids_by_path_.find(path);
  if (it != ids_by_path_.end()) return it->second;
  uint64_t id = next_id_++;
  files_[id] = TrackedFile{path, synced_size};
  ids_by_path_[path] = id;
  return id;
}

Status FaultInjectionFileSystem::AppendLocked(uint64_t generation, WritableFile* base,
                                              const std::string& path, std::string_view data) {
  if (generation != generation_) {
    return Injected("write", path, "file handle lost in simulated power loss");
  }
  RETURN_IF_ERROR(CheckOperationLocked("write", path));
  if (fail_writes_) return Injected("write", path, kEio);
  if (disk_budget_.has_value() && data.size() > *disk_budget_) {
    size_t fits = static_cast<size_t>(*disk_budget_);
    disk_budget_ = 0;
    if (fits > 0) RETURN_IF_ERROR(base->Append(data.substr(0, fits)));
    return Injected("write", path, "No space left on device");
  }
  if (disk_budget_.has_value()) *disk_budget_ -= data.size();
  return base->Append(data);
}

Status FaultInjectionFileSystem::SyncFileLocked(uint64_t generation, uint64_t id,
                                                WritableFile* base, const std::string& path) {
  if (generation != generation_) {
    return Injected("fdatasync", path, "file handle lost in simulated power loss");
  }
  RETURN_IF_ERROR(CheckOperationLocked("fdatasync", path));
  if (fail_syncs_) return Injected("fdatasync", path, kEio);
  RETURN_IF_ERROR(base->Sync());
  auto it = files_.find(id);
  if (it != files_.end()) it->second.synced_size = base->Size();
  return Status::Ok();
}

Result<std::unique_ptr<WritableFile>> FaultInjectionFileSystem::OpenWritable(
    const std::string& path, bool truncate) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(CheckOperationLocked("open", path));
  const std::string key = NormalizePath(path);
  const bool existed = base_->Exists(path);
  ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, base_->OpenWritable(path, truncate));
  uint64_t id;
  if (!existed) {
    auto stale = ids_by_path_.find(key);  // removed behind our back
    if (stale != ids_by_path_.end()) {
      files_.erase(stale->second);
      ids_by_path_.erase(stale);
    }
    id = TrackLocked(key, 0);
    pending_ops_.push_back(
        PendingDirOp{PendingDirOp::Kind::kCreate, key, "", std::nullopt, {ParentDir(key)}});
  } else {
    id = TrackLocked(key, file->Size());
    if (truncate) files_[id].synced_size = 0;
  }
  return std::unique_ptr<WritableFile>(
      std::make_unique<File>(this, std::move(file), id, generation_, path));
}

Result<std::unique_ptr<RandomAccessFile>> FaultInjectionFileSystem::OpenReadable(
    const std::string& path) {
  return base_->OpenReadable(path);
}

Result<std::string> FaultInjectionFileSystem::ReadFile(const std::string& path) {
  return base_->ReadFile(path);
}

bool FaultInjectionFileSystem::Exists(const std::string& path) { return base_->Exists(path); }

Result<uint64_t> FaultInjectionFileSystem::FileSize(const std::string& path) {
  return base_->FileSize(path);
}

Result<std::vector<std::string>> FaultInjectionFileSystem::ListDir(const std::string& path) {
  return base_->ListDir(path);
}

Status FaultInjectionFileSystem::CreateDir(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(CheckOperationLocked("create directory", path));
  return base_->CreateDir(path);
}

Status FaultInjectionFileSystem::RemoveFile(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(CheckOperationLocked("remove", path));
  RETURN_IF_ERROR(base_->RemoveFile(path));
  const std::string key = NormalizePath(path);
  auto it = ids_by_path_.find(key);
  if (it != ids_by_path_.end()) {
    files_.erase(it->second);
    ids_by_path_.erase(it);
  }
  // A creation of the file that is still pending has nothing left to undo.
  std::erase_if(pending_ops_, [&key](const PendingDirOp& op) {
    return op.kind == PendingDirOp::Kind::kCreate && op.path == key;
  });
  return Status::Ok();
}

Status FaultInjectionFileSystem::Rename(const std::string& from, const std::string& to) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(CheckOperationLocked("rename", from));
  if (fail_renames_) return Injected("rename", from + " to " + to, kEio);
  const std::string from_key = NormalizePath(from);
  const std::string to_key = NormalizePath(to);
  if (from_key == to_key) return base_->Rename(from, to);

  // What the rename replaces, to bring it back if the rename is undone.
  std::optional<std::string> replaced;
  if (base_->Exists(to)) {
    ASSIGN_OR_RETURN(std::string contents, base_->ReadFile(to));
    auto it = ids_by_path_.find(to_key);
    if (it != ids_by_path_.end()) {
      contents.resize(std::min<uint64_t>(contents.size(), files_[it->second].synced_size));
    }
    replaced = std::move(contents);
  }
  RETURN_IF_ERROR(base_->Rename(from, to));

  if (!ids_by_path_.contains(from_key)) {
    ASSIGN_OR_RETURN(uint64_t size, base_->FileSize(to));  // untracked: durable as it is
    TrackLocked(from_key, size);
  }
  auto old_to = ids_by_path_.find(to_key);
  if (old_to != ids_by_path_.end()) {
    files_.erase(old_to->second);
    ids_by_path_.erase(old_to);
  }
  uint64_t id = ids_by_path_[from_key];
  ids_by_path_.erase(from_key);
  ids_by_path_[to_key] = id;
  files_[id].path = to_key;

  std::vector<std::string> dirs = {ParentDir(from_key)};
  if (ParentDir(to_key) != dirs[0]) dirs.push_back(ParentDir(to_key));
  pending_ops_.push_back(PendingDirOp{PendingDirOp::Kind::kRename, to_key, from_key,
                                      std::move(replaced), std::move(dirs)});
  return Status::Ok();
}

Status FaultInjectionFileSystem::Truncate(const std::string& path, uint64_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(CheckOperationLocked("truncate", path));
  if (fail_writes_) return Injected("truncate", path, kEio);
  RETURN_IF_ERROR(base_->Truncate(path, size));
  uint64_t id = TrackLocked(NormalizePath(path), size);
  files_[id].synced_size = size;
  return Status::Ok();
}

Status FaultInjectionFileSystem::SyncDir(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(CheckOperationLocked("fsync directory", path));
  if (fail_syncs_) return Injected("fsync directory", path, kEio);
  RETURN_IF_ERROR(base_->SyncDir(path));
  const std::string key = NormalizePath(path);
  for (PendingDirOp& op : pending_ops_) std::erase(op.unsynced_dirs, key);
  std::erase_if(pending_ops_, [](const PendingDirOp& op) { return op.unsynced_dirs.empty(); });
  return Status::Ok();
}

Result<std::unique_ptr<FileLock>> FaultInjectionFileSystem::Lock(const std::string& path) {
  return base_->Lock(path);
}

}  // namespace vigil
