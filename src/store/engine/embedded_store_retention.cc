// EmbeddedStore's retention: moving segments to the archive tier
// (segment_archive.h) and finishing a move a crash interrupted.
#include <fmt/format.h>

#include "store/engine/data_dir.h"
#include "store/engine/embedded_store.h"
#include "store/engine/segment_archive.h"

namespace vigil {

Status EmbeddedStore::FinishInterruptedMoves(std::vector<SegmentFile>* files) {
  // ListSegments puts the online copy just before the archived one.
  std::vector<SegmentFile> kept;
  kept.reserve(files->size());
  for (size_t i = 0; i < files->size(); ++i) {
    const SegmentFile& f = (*files)[i];
    if (i + 1 < files->size()) {
      const SegmentFile& next = (*files)[i + 1];
      if (!f.archived && next.archived && next.first_seq == f.first_seq &&
          next.last_seq == f.last_seq) {
        RETURN_IF_ERROR(RemoveSegmentFiles(fs_, f.path)
                            .WithPrefix(fmt::format("finishing the move of {} to the archive "
                                                    "tier (interrupted by a crash)",
                                                    f.path)));
        continue;
      }
    }
    kept.push_back(f);
  }
  *files = std::move(kept);
  return Status::Ok();
}

Result<RetentionResult> EmbeddedStore::RunRetention(const RetentionPolicy& policy, int64_t now_ms) {
  RETURN_IF_ERROR(policy.Validate());
  std::lock_guard maintenance(maintenance_mu_);
  {
    std::lock_guard lock(write_mu_);
    if (closed_) return Status::Unavailable("the store is closed");
  }
  std::shared_ptr<const SegmentSet> segments;
  {
    std::shared_lock state(state_mu_);
    segments = segments_;
  }
  DataDir layout(fs_, dir_);
  RetentionResult result;
  auto stopped = [&](const Status& s) {
    return s.WithPrefix(
        fmt::format("retention stopped after archiving {} segments (running it again goes on)",
                    result.segments_archived));
  };
  for (const OpenSegment& seg : segments->segments()) {
    if (stopping_.load()) break;
    if (seg.archived || !PastOnlineWindow(seg.info(), policy, now_ms)) continue;
    const SegmentInfo& info = seg.info();
    Result<OpenSegment> archived =
        WriteArchivedCopy(fs_, seg, layout.ArchivedSegmentPath(info.first_seq, info.last_seq));
    if (!archived.ok()) return stopped(archived.status());
    const uint64_t bytes_after = archived->info().file_bytes;
    {
      // The set only changes with write_mu_ held too (embedded_store.h).
      std::lock_guard lock(write_mu_);
      std::unique_lock state(state_mu_);
      segments_ = segments_->Replacing(std::move(*archived));
    }
    // Readers of older snapshots keep the online file open: deleting it
    // frees its blocks when they finish.
    Status removed = RemoveSegmentFiles(fs_, seg.path);
    if (!removed.ok()) return stopped(removed);
    ++result.segments_archived;
    result.events_archived += info.rows;
    result.bytes_before += info.file_bytes;
    result.bytes_after += bytes_after;
  }
  return result;
}

}  // namespace vigil
