// EmbeddedStore's retention: moving segments to the archive tier
// (segment_archive.h) and finishing a move a crash interrupted.
#include <fmt/format.h>

#include "store/engine/data_dir.h"
#include "store/engine/embedded_store.h"
#include "store/engine/segment_archive.h"
#include "store/segment/segment_reader.h"

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
        // The archive copy was synced before its rename, so it is whole;
        // should it not open all the same, the online one is kept instead.
        const bool archive_whole = SegmentReader::Open(fs_, next.path).ok();
        const SegmentFile& drop = archive_whole ? f : next;
        if (!archive_whole) Warn(next.path + ": an unreadable archive copy; keeping " + f.path);
        RETURN_IF_ERROR(RemoveSegmentFiles(fs_, drop.path)
                            .WithPrefix(fmt::format("finishing the move of {} to the archive "
                                                    "tier (interrupted by a crash)",
                                                    f.path)));
        kept.push_back(archive_whole ? next : f);
        ++i;
        continue;
      }
    }
    kept.push_back(f);
  }
  *files = std::move(kept);
  return Status::Ok();
}

Result<RetentionResult> EmbeddedStore::RunRetention(const RetentionPolicy& policy, int64_t now_ms,
                                                    const std::atomic<bool>* cancel) {
  RETURN_IF_ERROR(policy.Validate());
  auto current = [&] {
    std::shared_lock state(state_mu_);
    return segments_;
  };
  // The segments to move, by first seq; each is looked up again when its
  // turn comes, as a redaction may have rewritten it meanwhile.
  std::vector<uint64_t> due;
  for (const OpenSegment& seg : current()->segments()) {
    if (!seg.archived && PastOnlineWindow(seg.info(), policy, now_ms)) {
      due.push_back(seg.info().first_seq);
    }
  }
  DataDir layout(fs_, dir_);
  RetentionResult result;
  auto stopped = [&](const Status& s) {
    return s.WithPrefix(
        fmt::format("retention stopped after archiving {} segments (running it again goes on)",
                    result.segments_archived));
  };
  for (uint64_t first_seq : due) {
    if (stopping_.load() || (cancel != nullptr && cancel->load())) break;
    // Per segment, so a redaction waits for one segment, not the whole run.
    std::lock_guard maintenance(maintenance_mu_);
    {
      std::lock_guard lock(write_mu_);
      if (closed_) return Status::Unavailable("the store is closed");
    }
    std::shared_ptr<const SegmentSet> segments = current();
    const OpenSegment* seg = segments->FindBySeq(first_seq);
    if (seg == nullptr || seg->archived) continue;
    const SegmentInfo& info = seg->info();
    const std::string online_path = seg->path;
    Result<OpenSegment> archived =
        WriteArchivedCopy(fs_, *seg, layout.ArchivedSegmentPath(info.first_seq, info.last_seq));
    if (!archived.ok()) return stopped(archived.status());
    const uint64_t bytes_after = archived->info().file_bytes;
    {
      // The set only changes with write_mu_ held too (embedded_store.h).
      std::lock_guard lock(write_mu_);
      std::unique_lock state(state_mu_);
      segments_ = segments_->Replacing(std::move(*archived));
    }
    ++result.segments_archived;
    result.events_archived += info.rows;
    result.bytes_before += info.file_bytes;
    result.bytes_after += bytes_after;
    // Readers of older snapshots keep the online file open: deleting it
    // frees its blocks when they finish. Should the deletion fail, the next
    // run (or open) deletes it.
    Status removed = RemoveSegmentFiles(fs_, online_path);
    if (!removed.ok()) return stopped(removed);
  }
  // Online copies a failed deletion left behind (their segments are
  // archived): gone now, or at the next open.
  for (const OpenSegment& seg : current()->segments()) {
    if (!seg.archived) continue;
    const std::string online = layout.SegmentPath(seg.info().first_seq, seg.info().last_seq);
    if (!fs_->Exists(online)) continue;
    if (Status s = RemoveSegmentFiles(fs_, online); !s.ok()) return stopped(s);
  }
  return result;
}

}  // namespace vigil
