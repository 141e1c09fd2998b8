// EmbeddedStore::RedactActor (segment_redaction.h does the rewriting).
#include <fmt/format.h>

#include "store/engine/data_dir.h"
#include "store/engine/embedded_store.h"
#include "store/engine/embedded_store_writer.h"
#include "store/engine/segment_redaction.h"
#include "store/engine/segment_set.h"

namespace vigil {

Result<RedactionResult> EmbeddedStore::RedactActor(std::string_view tenant,
                                                   std::string_view actor_id) {
  if (tenant.empty()) return Status::InvalidArgument("tenant: required");
  if (actor_id.empty()) return Status::InvalidArgument("actor: required");
  const RedactionTarget target{tenant, actor_id};
  std::lock_guard maintenance(maintenance_mu_);  // not while retention moves segments
  Writer request;  // batch == nullptr: freezes the memtable when its turn comes
  request.redaction = &target;
  std::unique_lock lock(write_mu_);
  RETURN_IF_ERROR(Lead(lock, &request));
  return request.redacted;
}

Status EmbeddedStore::RunRedaction(std::unique_lock<std::mutex>& lock, Writer* w) {
  // This request stays at the front of the writers' queue until it returns:
  // no append commits and no memtable is frozen meanwhile. First the frozen
  // memtable goes to a segment, so every matching event is in a segment.
  flush_cv_.wait(lock, [&] { return !imm_ || !failed_.ok(); });
  if (!failed_.ok()) return failed_;
  if (mem_->size() != 0) return Status::Internal("redaction: the memtable was not flushed");
  // Then no WAL file may keep the values: the current one was started empty
  // by the freeze (or holds nothing since the last one), and every older one
  // only holds events now in segments. Delete those (a flush that could not
  // delete one left it behind) and sync the directory, so that a crash does
  // not bring one back.
  DataDir layout(fs_, dir_);
  RemoveFlushedWals(next_seq_);
  if (!wal_files_.empty()) {
    return Status::IOError(fmt::format(
        "{}: cannot delete this WAL file, which may hold the values to erase; nothing was "
        "redacted",
        layout.WalPath(wal_files_.front().first)));
  }
  RETURN_IF_ERROR(fs_->SyncDir(layout.wal_dir()));

  // Each segment holding a matching event is rewritten whole and swapped into
  // the set. Readers holding an older snapshot keep reading the old file
  // (renamed over, it stays readable through their descriptor) and so may
  // still see the erased values until they finish; the old file's blocks are
  // freed when its last reader closes.
  std::shared_ptr<const SegmentSet> segments;
  {
    std::shared_lock state(state_mu_);
    segments = segments_;
  }
  const RedactionTarget& target = *w->redaction;
  for (const OpenSegment& seg : segments->segments()) {
    lock.unlock();
    Result<RedactedSegment> done = [&]() -> Result<RedactedSegment> {
      ASSIGN_OR_RETURN(uint64_t n, CountRedactable(seg, target));
      if (n == 0) return RedactedSegment{};
      return RewriteRedacted(fs_, seg, target);
    }();
    lock.lock();
    if (!done.ok()) {
      return done.status().WithPrefix(
          fmt::format("redaction stopped after {} segments (calling it again completes it)",
                      w->redacted.segments));
    }
    if (done->events == 0) continue;
    {
      std::unique_lock state(state_mu_);
      segments_ = segments_->Replacing(std::move(done->segment));
    }
    w->redacted.events += done->events;
    ++w->redacted.segments;
    RETURN_IF_ERROR(done->dir_sync);
  }
  return Status::Ok();
}

}  // namespace vigil
