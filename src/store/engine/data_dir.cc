#include "store/engine/data_dir.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace vigil {
namespace {

constexpr std::string_view kFormatText = "vigil data directory\nlayout 1\n";

bool ParseNumber(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

Status RemoveTempFiles(FileSystem* fs, const std::string& dir) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, fs->ListDir(dir));
  for (const std::string& name : names) {
    if (name.ends_with(".tmp")) RETURN_IF_ERROR(fs->RemoveFile(JoinPath(dir, name)));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<FileLock>> DataDir::Prepare(bool create_if_missing) {
  if (!create_if_missing && !fs_->Exists(JoinPath(dir_, "FORMAT"))) {
    return Status::NotFound(fmt::format(
        "{} is not a vigil data directory (no FORMAT file); ingesting events creates one", dir_));
  }
  RETURN_IF_ERROR(fs_->CreateDir(dir_));
  ASSIGN_OR_RETURN(std::unique_ptr<FileLock> lock, fs_->Lock(JoinPath(dir_, "LOCK")));
  const std::string format_path = JoinPath(dir_, "FORMAT");
  if (fs_->Exists(format_path)) {
    ASSIGN_OR_RETURN(std::string text, fs_->ReadFile(format_path));
    if (text != kFormatText) {
      return Status::FailedPrecondition(fmt::format(
          "{}: not a data directory of this version of vigil (expected layout {}, found {:?})",
          format_path, kDataDirLayoutVersion, text.substr(0, 64)));
    }
  } else {
    ASSIGN_OR_RETURN(std::vector<std::string> existing, fs_->ListDir(dir_));
    for (const std::string& name : existing) {
      if (name != "LOCK") {
        return Status::FailedPrecondition(fmt::format(
            "{} is not empty and has no FORMAT file: it is not a vigil data directory", dir_));
      }
    }
    const std::string tmp = format_path + ".tmp";
    {
      ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> f, fs_->OpenWritable(tmp, true));
      RETURN_IF_ERROR(f->Append(kFormatText));
      RETURN_IF_ERROR(f->Sync());
      RETURN_IF_ERROR(f->Close());
    }
    RETURN_IF_ERROR(fs_->Rename(tmp, format_path));
  }
  RETURN_IF_ERROR(fs_->CreateDir(wal_dir()));
  RETURN_IF_ERROR(fs_->CreateDir(segments_dir()));
  RETURN_IF_ERROR(fs_->CreateDir(archive_dir()));
  RETURN_IF_ERROR(fs_->CreateDir(ledger_dir()));
  RETURN_IF_ERROR(fs_->SyncDir(dir_));
  RETURN_IF_ERROR(RemoveTempFiles(fs_, dir_));
  RETURN_IF_ERROR(RemoveTempFiles(fs_, segments_dir()));
  RETURN_IF_ERROR(RemoveTempFiles(fs_, archive_dir()));
  return lock;
}

Status DataDir::ListSegmentsIn(const std::string& dir, bool archived,
                               std::vector<SegmentFile>* out) {
  ASSIGN_OR_RETURN(std::vector<std::string> names, fs_->ListDir(dir));
  for (const std::string& name : names) {
    std::string_view n = name;
    if (!n.ends_with(".vseg")) continue;
    n.remove_suffix(5);
    size_t dash = n.find('-');
    SegmentFile f;
    f.path = JoinPath(dir, name);
    f.archived = archived;
    if (dash == std::string_view::npos || !ParseNumber(n.substr(0, dash), &f.first_seq) ||
        !ParseNumber(n.substr(dash + 1), &f.last_seq) || f.last_seq < f.first_seq) {
      return Status::Corruption(
          fmt::format("{}: not a segment file name (expected FIRST-LAST.vseg)", f.path));
    }
    out->push_back(std::move(f));
  }
  return Status::Ok();
}

Result<std::vector<SegmentFile>> DataDir::ListSegments() {
  std::vector<SegmentFile> out;
  RETURN_IF_ERROR(ListSegmentsIn(segments_dir(), false, &out));
  // A data directory of an older vigil has no archive/ (Prepare makes it).
  if (fs_->Exists(archive_dir())) RETURN_IF_ERROR(ListSegmentsIn(archive_dir(), true, &out));
  std::sort(out.begin(), out.end(), [](const SegmentFile& a, const SegmentFile& b) {
    return a.first_seq != b.first_seq ? a.first_seq < b.first_seq : a.archived < b.archived;
  });
  return out;
}

Result<std::vector<WalFile>> DataDir::ListWals() {
  ASSIGN_OR_RETURN(std::vector<std::string> names, fs_->ListDir(wal_dir()));
  std::vector<WalFile> out;
  for (const std::string& name : names) {
    std::string_view n = name;
    if (!n.ends_with(".wal")) continue;
    n.remove_suffix(4);
    WalFile f;
    f.path = JoinPath(wal_dir(), name);
    if (!ParseNumber(n, &f.number)) {
      return Status::Corruption(
          fmt::format("{}: not a WAL file name (expected NUMBER.wal)", f.path));
    }
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const WalFile& a, const WalFile& b) { return a.number < b.number; });
  return out;
}

std::string DataDir::WalPath(uint64_t number) const {
  return JoinPath(wal_dir(), fmt::format("{:012}.wal", number));
}

std::string DataDir::SegmentPath(uint64_t first_seq, uint64_t last_seq) const {
  return JoinPath(segments_dir(), fmt::format("{:020}-{:020}.vseg", first_seq, last_seq));
}

std::string DataDir::ArchivedSegmentPath(uint64_t first_seq, uint64_t last_seq) const {
  return JoinPath(archive_dir(), fmt::format("{:020}-{:020}.vseg", first_seq, last_seq));
}

}  // namespace vigil
