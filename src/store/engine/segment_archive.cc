#include "store/engine/segment_archive.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "store/engine/segment_index_file.h"
#include "store/segment/segment_writer.h"

namespace vigil {

bool PastOnlineWindow(const SegmentInfo& info, const RetentionPolicy& policy, int64_t now_ms) {
  int64_t widest = info.tenants.empty() ? policy.OnlineMs("") : 0;
  for (const std::string& tenant : info.tenants) widest = std::max(widest, policy.OnlineMs(tenant));
  return info.max_time_ms < now_ms - widest;
}

Result<OpenSegment> WriteArchivedCopy(FileSystem* fs, const OpenSegment& segment,
                                      const std::string& archive_path) {
  const SegmentInfo& online = segment.info();
  std::vector<Event> events;
  RETURN_IF_ERROR(segment.reader->ReadEvents(ColumnSet::All(), &events));
  const std::string tmp = archive_path + ".tmp";
  if (fs->Exists(tmp)) RETURN_IF_ERROR(fs->RemoveFile(tmp));
  SegmentWriteOptions options;
  options.rows_per_group = online.rows_per_group;
  options.zstd_level = kArchiveZstdLevel;
  Result<SegmentInfo> written =
      WriteSegment(fs, tmp, std::span<const Event>(events.data(), events.size()), options);
  if (written.ok() &&
      (written->first_seq != online.first_seq || written->last_seq != online.last_seq)) {
    written = Status::Internal(fmt::format("{}: archived with seqs {}..{} instead of {}..{}", tmp,
                                           written->first_seq, written->last_seq, online.first_seq,
                                           online.last_seq));
  }
  Status s = written.status();
  if (s.ok()) s = fs->Rename(tmp, archive_path);
  if (!s.ok()) {
    if (fs->Exists(tmp)) (void)fs->RemoveFile(tmp);
    return s.WithPrefix(fmt::format("archiving {}", segment.path));
  }
  // From here on a failure removes the copy again: left behind, it would
  // win over the online segment at the next open (FinishInterruptedMoves),
  // even after a redaction rewrote that one.
  Result<OpenSegment> opened = [&]() -> Result<OpenSegment> {
    std::vector<const Event*> rows;
    rows.reserve(events.size());
    for (const Event& e : events) rows.push_back(&e);
    RETURN_IF_ERROR(WriteSegmentIndex(fs, archive_path, rows, written->rows_per_group));
    RETURN_IF_ERROR(fs->SyncDir(ParentDir(archive_path)));
    ASSIGN_OR_RETURN(std::unique_ptr<SegmentReader> reader, SegmentReader::Open(fs, archive_path));
    ASSIGN_OR_RETURN(std::shared_ptr<const index::SegmentIndex> index,
                     OpenSegmentIndex(fs, *reader));
    return OpenSegment{archive_path, std::move(reader), std::move(index), /*archived=*/true};
  }();
  if (!opened.ok()) {
    Status removed = RemoveSegmentFiles(fs, archive_path);
    Status failed = opened.status().WithPrefix(fmt::format("archiving {}", segment.path));
    if (!removed.ok()) {
      return Status::IOError(fmt::format(
          "{}; and removing the incomplete archive copy failed too ({}): delete {} before the "
          "next start, or it replaces the online segment",
          failed.ToString(), removed.ToString(), archive_path));
    }
    return failed;
  }
  return opened;
}

Status RemoveSegmentFiles(FileSystem* fs, const std::string& segment_path) {
  const std::string index_path = IndexPathFor(segment_path);
  if (fs->Exists(index_path)) RETURN_IF_ERROR(fs->RemoveFile(index_path));
  RETURN_IF_ERROR(fs->RemoveFile(segment_path));
  return fs->SyncDir(ParentDir(segment_path));
}

}  // namespace vigil
