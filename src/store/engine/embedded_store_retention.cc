// EmbeddedStore's retention: moving segments to the archive tier
// (segment_archive.h). A move a crash interrupted is finished on open
// (FinishInterruptedCopies, embedded_store_compaction.cc).
#include <fmt/format.h>

#include "store/engine/data_dir.h"
#include "store/engine/embedded_store.h"
#include "store/engine/segment_archive.h"

namespace vigil {

Status EmbeddedStore::ForEachSegmentInTurn(
    const std::vector<uint64_t>& first_seqs, const std::atomic<bool>* cancel,
    const std::function<Status(const SegmentSet&, const OpenSegment*)>& fn) {
  for (uint64_t first_seq : first_seqs) {
    if (stopping_.load() || (cancel != nullptr && cancel->load())) break;
    // Per segment, so a redaction waits for one segment, not the whole run.
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
    RETURN_IF_ERROR(fn(*segments, segments->FindBySeq(first_seq)));
  }
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
  Status moved = ForEachSegmentInTurn(due, cancel, [&](const SegmentSet&, const OpenSegment* seg) {
    if (seg == nullptr || seg->archived) return Status::Ok();
    const SegmentInfo& info = seg->info();
    const std::string online_path = seg->path;
    Result<OpenSegment> archived =
        WriteArchivedCopy(fs_, *seg, layout.ArchivedSegmentPath(info.first_seq, info.last_seq));
    if (!archived.ok()) return archived.status();
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
    return RemoveSegmentFiles(fs_, online_path);
  });
  if (!moved.ok()) return stopped(moved);
  // Online copies a failed deletion left behind (their segments are
  // archived): gone now, or at the next open.
  std::lock_guard maintenance(maintenance_mu_);
  if (Status left = RemoveLeftoverSegmentFiles(); !left.ok()) return stopped(left);
  return result;
}

}  // namespace vigil
