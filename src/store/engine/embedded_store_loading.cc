// EmbeddedStore's background work after Open (the id index, the segments'
// indexes) and the memtable indexer.
#include <pthread.h>

#include <algorithm>
#include <optional>

#include "store/engine/embedded_store.h"
#include "store/engine/segment_index_file.h"
#include "store/engine/segment_set.h"

namespace vigil {

void EmbeddedStore::LoadIds() {
  pthread_setname_np(pthread_self(), "vigil-ids");
  std::shared_ptr<const SegmentSet> segments;
  {
    std::shared_lock state(state_mu_);
    segments = segments_;
  }
  // A row group at a time: read without locks, inserted under the state
  // lock (a fraction of a millisecond that readers wait).
  struct Key {
    uint64_t hash;
    std::string tenant, id;
    uint64_t seq;
  };
  std::vector<Key> keys;
  Status s;
  for (const OpenSegment& seg : segments->segments()) {
    s = ForEachGroup(seg,
                     ColumnSet{SegmentColumn::kSeq, SegmentColumn::kTenant, SegmentColumn::kId},
                     [&](const std::vector<Event>& rows, uint64_t) {
                       if (stopping_.load()) return Status::Unavailable("the store is closing");
                       keys.clear();
                       for (const Event& e : rows)
                         keys.push_back({IdIndex::Hash(e.tenant, e.id), e.tenant, e.id, e.seq});
                       std::unique_lock state(state_mu_);
                       for (const Key& k : keys) ids_.Insert(k.hash, k.tenant, k.id, k.seq);
                       return Status::Ok();
                     });
    if (!s.ok()) break;
  }
  // Reported by Append and Health (reads go on; a damaged segment is
  // reported again by each read that meets it).
  if (!s.ok() && s.code() != StatusCode::kUnavailable) {
    s = s.WithPrefix("writes stopped: reading the segments' ids into the id index failed");
  }
  std::lock_guard lock(ids_mu_);
  ids_status_ = s;
  ids_loaded_.store(true, std::memory_order_release);
  ids_cv_.notify_all();
}

void EmbeddedStore::LoadIndexes() {
  std::vector<std::string> paths;  // newest first: the most read
  {
    std::shared_lock state(state_mu_);
    for (const OpenSegment& seg : segments_->segments()) paths.push_back(seg.path);
  }
  std::reverse(paths.begin(), paths.end());
  for (const std::string& path : paths) {
    if (stopping_.load()) break;
    // Under maintenance_mu_: no merge, move or deletion removes the segment
    // (and its index file) meanwhile.
    std::lock_guard maintenance(maintenance_mu_);
    std::optional<OpenSegment> seg;
    {
      std::shared_lock state(state_mu_);
      for (const OpenSegment& s : segments_->segments()) {
        if (s.path == path && s.index == nullptr) seg = s;
      }
    }
    if (!seg) continue;  // merged, moved or deleted since the open
    Result<std::shared_ptr<const index::SegmentIndex>> ix =
        LoadSegmentIndex(fs_, *seg->reader, [this](const std::string& m) { Warn(m); });
    if (!ix.ok()) {
      Warn(ix.status().message() + "; reads of this segment scan its columns");
      continue;
    }
    seg->index = std::move(*ix);
    std::unique_lock state(state_mu_);
    segments_ = segments_->Replacing(std::move(*seg));
  }
  std::lock_guard lock(ids_mu_);
  indexes_loaded_ = true;
  ids_cv_.notify_all();
}

void EmbeddedStore::WaitUntilLoaded() {
  std::unique_lock lock(ids_mu_);
  ids_cv_.wait(lock, [&] { return indexes_loaded_; });
}

Status EmbeddedStore::WaitForIds() {
  if (ids_loaded_.load(std::memory_order_acquire)) return ids_status_;
  std::unique_lock lock(ids_mu_);
  ids_cv_.wait(lock, [&] { return ids_loaded_.load(std::memory_order_acquire); });
  return ids_status_;
}

void EmbeddedStore::RequestIndexing() {
  {
    std::lock_guard lock(index_mu_);
    index_wanted_ = true;
  }
  index_cv_.notify_one();
}

void EmbeddedStore::IndexThread() {
  pthread_setname_np(pthread_self(), "vigil-index");
  // A slice holds the memtable's readers off for about a millisecond.
  constexpr size_t kSlice = 256;
  std::unique_lock lock(index_mu_);
  while (true) {
    index_cv_.wait(lock, [&] { return stop_indexing_ || index_wanted_; });
    if (stop_indexing_) return;
    index_wanted_ = false;
    lock.unlock();
    std::shared_ptr<Memtable> imm, mem;
    {
      std::shared_lock state(state_mu_);
      imm = imm_;
      mem = mem_;
    }
    for (Memtable* m : {imm.get(), mem.get()}) {
      while (m != nullptr && !stopping_.load() && m->IndexMore(kSlice) > 0) {
      }
    }
    lock.lock();
  }
}

}  // namespace vigil
