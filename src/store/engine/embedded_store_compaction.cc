// EmbeddedStore's compaction: merging runs of adjacent small segments
// (segment_compaction.h), the background thread that does it in the server,
// and, on open, finishing a merge or archive move a crash interrupted.
#include <fmt/format.h>
#include <pthread.h>

#include "store/engine/embedded_store.h"
#include "store/engine/segment_archive.h"
#include "store/engine/segment_copy.h"
#include "store/segment/segment_reader.h"

namespace vigil {
namespace {

// Whether a deletion record covers the whole file (deletion_log.h).
bool IsAllDeleted(const DeletionLog& deletions, const SegmentFile& f) {
  const std::vector<SeqRange> gone = deletions.DeletedWithin(f.first_seq, f.last_seq + 1);
  return gone.size() == 1 && gone[0] == SeqRange{f.first_seq, f.last_seq};
}

}  // namespace

Status EmbeddedStore::FinishInterruptedDeletions(std::vector<SegmentFile>* files) {
  std::vector<SegmentFile> kept;
  for (SegmentFile& f : *files) {
    if (IsAllDeleted(*deletions_, f)) {
      RETURN_IF_ERROR(RemoveSegmentFiles(fs_, f.path)
                          .WithPrefix(fmt::format("finishing the deletion of {} (interrupted by "
                                                  "a crash)",
                                                  f.path)));
    } else if (deletions_->IsDeleted(f.first_seq) || deletions_->IsDeleted(f.last_seq)) {
      return Status::Corruption(
          fmt::format("{}: holds seqs {}-{}, part of which {} says are deleted", f.path,
                      f.first_seq, f.last_seq, deletions_->path()));
    } else {
      kept.push_back(std::move(f));
    }
  }
  *files = std::move(kept);
  return Status::Ok();
}

Status EmbeddedStore::FinishInterruptedCopies(std::vector<SegmentFile>* files) {
  std::vector<SegmentFile> kept;
  std::vector<SegmentFile> pending = std::move(*files);
  while (!pending.empty()) {
    std::vector<CoveringGroup> groups;
    GroupCoveredFiles(std::move(pending), &kept, &groups);
    pending.clear();
    for (CoveringGroup& g : groups) {
      // The covering file was synced before its rename, so it is whole;
      // should it not open all the same, the files it covers are kept.
      if (SegmentReader::Open(fs_, g.cover.path).ok()) {
        for (const SegmentFile& c : g.covered) {
          RETURN_IF_ERROR(
              RemoveSegmentFiles(fs_, c.path)
                  .WithPrefix(fmt::format("finishing the copy of {} to {} (interrupted by a crash)",
                                          c.path, g.cover.path)));
        }
        kept.push_back(g.cover);
      } else {
        Warn(g.cover.path + ": an unreadable copy of segments that are still there; keeping them");
        RETURN_IF_ERROR(RemoveSegmentFiles(fs_, g.cover.path));
        pending.insert(pending.end(), g.covered.begin(), g.covered.end());
      }
    }
  }
  std::sort(kept.begin(), kept.end(),
            [](const SegmentFile& a, const SegmentFile& b) { return a.first_seq < b.first_seq; });
  *files = std::move(kept);
  return Status::Ok();
}

Status EmbeddedStore::RemoveLeftoverSegmentFiles() {
  DataDir layout(fs_, dir_);
  ASSIGN_OR_RETURN(std::vector<SegmentFile> files, layout.ListSegments());
  std::shared_ptr<const SegmentSet> segments;
  {
    std::shared_lock state(state_mu_);
    segments = segments_;
  }
  for (const SegmentFile& f : files) {
    if (IsAllDeleted(*deletions_, f)) {
      RETURN_IF_ERROR(RemoveSegmentFiles(fs_, f.path));
      continue;
    }
    // A file of seqs beyond the set is a flush about to be swapped in.
    const OpenSegment* holder = segments->FindBySeq(f.first_seq);
    if (holder == nullptr || holder->path == f.path || f.last_seq > holder->info().last_seq) {
      continue;
    }
    RETURN_IF_ERROR(RemoveSegmentFiles(fs_, f.path));
  }
  return Status::Ok();
}

Result<CompactionResult> EmbeddedStore::Compact(const std::atomic<bool>* cancel) {
  auto current = [&] {
    std::shared_lock state(state_mu_);
    return segments_;
  };
  const std::vector<CompactionRun> runs =
      PlanCompaction(*current(), options_.compaction_max_rows, options_.compaction_max_span_ms);
  DataDir layout(fs_, dir_);
  CompactionResult result;
  auto stopped = [&](const Status& s) {
    return s.WithPrefix(
        fmt::format("compaction stopped after {} merges (running it again goes on)", result.runs));
  };
  for (const CompactionRun& run : runs) {
    if (stopping_.load() || (cancel != nullptr && cancel->load())) break;
    std::lock_guard maintenance(maintenance_mu_);
    {
      std::lock_guard lock(write_mu_);
      if (closed_) return Status::Unavailable("the store is closed");
    }
    // The run's segments, unless a redaction or retention changed them
    // since the plan was made.
    std::shared_ptr<const SegmentSet> segments = current();
    std::vector<const OpenSegment*> inputs;
    bool same = true;
    for (const OpenSegment& seg : segments->segments()) {
      if (seg.info().first_seq < run.first_seq || seg.info().last_seq > run.last_seq) continue;
      inputs.push_back(&seg);
      same = same && seg.archived == run.archived;
    }
    if (!same || inputs.size() != run.segments) continue;
    SegmentWriteOptions write;
    write.rows_per_group = options_.segment_rows_per_group;
    write.zstd_level = run.archived ? kArchiveZstdLevel : segment::kDefaultZstdLevel;
    const std::string path = run.archived ? layout.ArchivedSegmentPath(run.first_seq, run.last_seq)
                                          : layout.SegmentPath(run.first_seq, run.last_seq);
    Result<OpenSegment> merged = WriteSegmentCopy(fs_, inputs, path, write, run.archived);
    if (!merged.ok()) {
      return stopped(merged.status().WithPrefix(
          fmt::format("merging the segments of seqs {}..{}", run.first_seq, run.last_seq)));
    }
    const uint64_t bytes_after = merged->info().file_bytes;
    std::vector<std::string> input_paths;
    for (const OpenSegment* seg : inputs) {
      input_paths.push_back(seg->path);
      result.bytes_before += seg->info().file_bytes;
    }
    {
      // The set only changes with write_mu_ held too (embedded_store.h).
      std::lock_guard lock(write_mu_);
      std::unique_lock state(state_mu_);
      segments_ = segments_->Merging(std::move(*merged));
    }
    ++result.runs;
    result.segments_merged += inputs.size();
    result.events += run.rows;
    result.bytes_after += bytes_after;
    // Readers of older snapshots keep the inputs open: deleting them frees
    // their blocks when they finish. Should a deletion fail, the next run
    // (or open) deletes the file.
    for (const std::string& p : input_paths) {
      if (Status removed = RemoveSegmentFiles(fs_, p); !removed.ok()) return stopped(removed);
    }
  }
  std::lock_guard maintenance(maintenance_mu_);
  if (Status s = RemoveLeftoverSegmentFiles(); !s.ok()) return stopped(s);
  return result;
}

void EmbeddedStore::RequestCompaction() {
  if (!options_.background_compaction) return;
  {
    std::lock_guard lock(compaction_mu_);
    compaction_wanted_ = true;
  }
  compaction_cv_.notify_one();
}

void EmbeddedStore::CompactionThread() {
  pthread_setname_np(pthread_self(), "vigil-compact");
  std::unique_lock lock(compaction_mu_);
  while (true) {
    compaction_cv_.wait(lock, [&] { return compaction_wanted_ || stopping_.load(); });
    if (stopping_.load()) return;
    compaction_wanted_ = false;
    lock.unlock();
    Result<CompactionResult> r = Compact(&stopping_);
    if (!r.ok() && !stopping_.load()) Warn(r.status().ToString());
    lock.lock();
  }
}

}  // namespace vigil
