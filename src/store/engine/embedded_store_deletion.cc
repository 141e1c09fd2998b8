// EmbeddedStore's delete-after: deleting whole segments past their tenants'
// delete-after age while keeping the ledger verifiable (deletion_log.h,
// docs/retention.md "Delete-after"). A deletion a crash interrupted is
// finished on open (FinishInterruptedDeletions, embedded_store_compaction.cc).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "store/engine/embedded_store.h"
#include "store/engine/segment_archive.h"
#include "store/engine/segment_copy.h"

namespace vigil {
namespace {

// The sizes of the signed checkpoints in DIR/ledger/checkpoints, whose names
// are the size in 20 digits and ".note"; other names are ignored.
std::set<uint64_t> CheckpointSizes(FileSystem* fs, const std::string& dir) {
  std::set<uint64_t> sizes;
  if (!fs->Exists(dir)) return sizes;
  Result<std::vector<std::string>> names = fs->ListDir(dir);
  if (!names.ok()) return sizes;
  for (const std::string& name : *names) {
    if (name.size() != 25 || !name.ends_with(".note")) continue;
    uint64_t size = 0;
    bool digits = true;
    for (size_t i = 0; i < 20; ++i) {
      if (name[i] < '0' || name[i] > '9') digits = false;
      size = size * 10 + static_cast<uint64_t>(name[i] - '0');
    }
    if (digits) sizes.insert(size);
  }
  return sizes;
}

}  // namespace

Result<std::vector<SeqRange>> EmbeddedStore::SegmentsPastDeleteAge(const RetentionPolicy& policy,
                                                                   int64_t now_ms) {
  RETURN_IF_ERROR(policy.Validate());
  std::vector<SeqRange> due;
  if (!policy.deletes()) return due;
  std::shared_ptr<const SegmentSet> segments;
  {
    std::shared_lock state(state_mu_);
    segments = segments_;
  }
  const std::vector<OpenSegment>& all = segments->segments();
  // The newest segment stays: the WAL and the tiles go on from its end.
  for (size_t i = 0; i + 1 < all.size(); ++i) {
    const SegmentInfo& info = all[i].info();
    if (!PastDeleteAge(info, policy, now_ms)) continue;
    if (!due.empty() && due.back().last + 1 == info.first_seq) {
      due.back().last = info.last_seq;
    } else {
      due.push_back({info.first_seq, info.last_seq});
    }
  }
  return due;
}

Result<RetentionResult> EmbeddedStore::DeleteSegments(const std::vector<SeqRange>& ranges,
                                                      uint64_t authorized_by,
                                                      const std::atomic<bool>* cancel) {
  if (authorized_by >= EndSeq()) {
    return Status::InvalidArgument(
        fmt::format("the announcing event's seq {} is not stored (the log ends at {})",
                    authorized_by, EndSeq()));
  }
  auto within = [&](const SegmentInfo& info) {
    const SeqRange seqs{info.first_seq, info.last_seq};
    return std::any_of(ranges.begin(), ranges.end(),
                       [&](const SeqRange& r) { return r.Contains(seqs); });
  };
  std::vector<uint64_t> due;  // first seqs; looked up again when their turn comes
  {
    std::shared_ptr<const SegmentSet> segments;
    {
      std::shared_lock state(state_mu_);
      segments = segments_;
    }
    const std::vector<OpenSegment>& all = segments->segments();
    for (size_t i = 0; i + 1 < all.size(); ++i) {
      if (within(all[i].info())) due.push_back(all[i].info().first_seq);
    }
  }
  RetentionResult result;
  auto stopped = [&](const Status& s) {
    return s.WithPrefix(
        fmt::format("retention stopped after deleting {} segments (running it again goes on)",
                    result.segments_deleted));
  };
  // Listed once per call: a store holds a checkpoint every few seconds.
  const std::set<uint64_t> checkpoint_sizes =
      CheckpointSizes(fs_, DataDir(fs_, dir_).CheckpointsDir());
  Status s =
      ForEachSegmentInTurn(due, cancel, [&](const SegmentSet& segments, const OpenSegment* seg) {
        // Merged meanwhile with a segment not due, or the newest by now: kept.
        if (seg == nullptr || !within(seg->info()) || seg == &segments.segments().back()) {
          return Status::Ok();
        }
        return DeleteSegment(*seg, authorized_by, checkpoint_sizes, &result);
      });
  if (!s.ok()) return stopped(s);
  return result;
}

Status EmbeddedStore::DeleteSegment(const OpenSegment& segment, uint64_t authorized_by,
                                    const std::set<uint64_t>& checkpoint_sizes,
                                    RetentionResult* result) {
  const SegmentInfo& info = segment.info();
  DeletionRecord record{.seqs = {info.first_seq, info.last_seq}, .authorized_by = authorized_by};
  ASSIGN_OR_RETURN(record.kept_leaves, LeavesToKeep(segment, checkpoint_sizes));
  // Durable first: from here on the segment is deleted, whatever happens.
  RETURN_IF_ERROR(deletions_->Append(std::move(record)));
  {
    // The set only changes with write_mu_ held too (embedded_store.h).
    std::lock_guard lock(write_mu_);
    std::unique_lock state(state_mu_);
    segments_ = segments_->Without(info.first_seq);
  }
  ++result->segments_deleted;
  result->events_deleted += info.rows;
  result->bytes_deleted += info.file_bytes;
  // Readers of older snapshots keep the file open until they end; a failed
  // removal is retried by the next run or open.
  return RemoveSegmentFiles(fs_, segment.path);
}

Result<std::map<uint64_t, ledger::Hash>> EmbeddedStore::LeavesToKeep(
    const OpenSegment& segment, const std::set<uint64_t>& checkpoint_sizes) {
  using ledger::kTileSize;
  const SegmentInfo& info = segment.info();
  std::map<uint64_t, ledger::Hash> kept;
  for (uint64_t t = info.first_seq / kTileSize; t <= info.last_seq / kTileSize; ++t) {
    const uint64_t begin = t * kTileSize;
    const uint64_t end = begin + kTileSize;
    // A tile deleted whole is proved by its stored root, unless a
    // checkpoint's size falls inside it (a consistency proof from there
    // needs its leaves) or its root is not stored yet.
    const bool partly = begin < info.first_seq || end > info.last_seq + 1;
    const auto cp = checkpoint_sizes.upper_bound(begin);
    const bool checkpoint_inside = cp != checkpoint_sizes.end() && *cp < end;
    if (!partly && !checkpoint_inside && t < ledger_->persisted_tiles()) continue;
    const uint64_t from = std::max(begin, info.first_seq);
    const uint64_t to = std::min(end, info.last_seq + 1);
    std::vector<Event> events;
    RETURN_IF_ERROR(segment.reader->ReadRange(ColumnSet::All(), from - info.first_seq,
                                              to - info.first_seq, &events));
    ASSIGN_OR_RETURN(std::vector<ledger::Hash> leaves, LeafHashes(events));
    for (uint64_t s = from; s < to; ++s) kept[s] = leaves[s - from];
  }
  return kept;
}

}  // namespace vigil
