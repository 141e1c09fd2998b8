#include "store/engine/embedded_store.h"

#include <fmt/format.h>
#include <pthread.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <deque>
#include <optional>

#include "core/event_json.h"
#include "core/event_parser.h"
#include "store/engine/data_dir.h"
#include "store/engine/embedded_store_writer.h"
#include "store/engine/segment_index_file.h"
#include "store/engine/segment_redaction.h"
#include "store/engine/segment_set.h"
#include "store/engine/snapshot.h"
#include "store/engine/snapshot_reader.h"
#include "store/engine/wal_batch.h"
#include "store/segment/segment_writer.h"
#include "store/wal/wal_codec.h"
#include "store/wal/wal_reader.h"
#include "store/wal/wal_writer.h"

namespace vigil {

EmbeddedStore::EmbeddedStore(std::string dir, const EngineOptions& options)
    : dir_(std::move(dir)),
      options_(options),
      fs_(options.fs != nullptr ? options.fs : DefaultFileSystem()),
      segments_(std::make_shared<const SegmentSet>()) {}

EmbeddedStore::~EmbeddedStore() { (void)Close(); }

void EmbeddedStore::Warn(const std::string& message) const {
  if (options_.on_warning) {
    options_.on_warning(message);
  } else {
    std::fprintf(stderr, "vigil: warning: %s\n", message.c_str());
  }
}

Result<std::unique_ptr<EmbeddedStore>> EmbeddedStore::Open(const std::string& dir,
                                                           const EngineOptions& options) {
  std::unique_ptr<EmbeddedStore> store(new EmbeddedStore(dir, options));
  RETURN_IF_ERROR(store->Recover());
  store->flush_thread_ = std::thread([s = store.get()] { s->FlushThread(); });
  store->index_thread_ = std::thread([s = store.get()] { s->IndexThread(); });
  store->id_loader_thread_ = std::thread([s = store.get()] {
    s->LoadIds();
    s->LoadIndexes();
  });
  if (options.background_compaction) {
    store->compaction_thread_ = std::thread([s = store.get()] { s->CompactionThread(); });
    store->RequestCompaction();
  }
  return store;
}

// ---------------------------------------------------------------- recovery

Status EmbeddedStore::Recover() {
  DataDir layout(fs_, dir_);
  ASSIGN_OR_RETURN(lock_, layout.Prepare(options_.create_if_missing));

  // Segments: contiguous seq ranges from 0, but for deleted ones.
  deletions_ = std::make_unique<DeletionLog>(fs_, layout.DeletionsPath());
  RETURN_IF_ERROR(deletions_->Open());
  ASSIGN_OR_RETURN(std::vector<SegmentFile> files, layout.ListSegments());
  RETURN_IF_ERROR(FinishInterruptedDeletions(&files));
  RETURN_IF_ERROR(FinishInterruptedCopies(&files));
  std::vector<OpenSegment> open;
  uint64_t expected = 0;
  // Skips the deleted seqs from expected on.
  auto skip_deleted = [&](uint64_t until) {
    for (const SeqRange& gone : deletions_->DeletedWithin(expected, until)) {
      if (gone.first != expected) break;
      expected = gone.last + 1;
    }
  };
  for (const SegmentFile& f : files) {
    skip_deleted(f.first_seq);
    ASSIGN_OR_RETURN(std::unique_ptr<SegmentReader> reader, SegmentReader::Open(fs_, f.path));
    const SegmentInfo& info = reader->info();
    if (info.first_seq != f.first_seq || info.last_seq != f.last_seq) {
      return Status::Corruption(fmt::format("{}: holds seqs {}..{} but its name says {}..{}",
                                            f.path, info.first_seq, info.last_seq, f.first_seq,
                                            f.last_seq));
    }
    if (f.first_seq != expected) {
      return Status::Corruption(fmt::format(
          "{}: starts at seq {} but the segments before it end at {}: events {}..{} are missing",
          f.path, f.first_seq, expected == 0 ? 0 : expected - 1, expected, f.first_seq - 1));
    }
    expected = f.last_seq + 1;
    // Its index is checked (or rebuilt) by LoadIndexes once the store is open.
    open.push_back({f.path, std::move(reader), nullptr, f.archived});
  }
  if (open.empty() && !deletions_->empty()) {
    return Status::Corruption(fmt::format(
        "{} records deleted segments but no segment is left (the newest is never deleted)",
        deletions_->path()));
  }
  segments_ = std::make_shared<const SegmentSet>(std::move(open));
  next_seq_ = expected;

  // The id index: the WAL's events below; the segments' by LoadIds, in the
  // background once the store is open.
  mem_ = std::make_shared<Memtable>(next_seq_, options_.segment_rows_per_group);
  ASSIGN_OR_RETURN(std::vector<WalFile> wals, layout.ListWals());
  RETURN_IF_ERROR(RecoverWal(wals));
  wal_number_ = wals.empty() ? 0 : wals.back().number;
  published_end_.store(next_seq_);

  ledger_ = std::make_unique<LedgerLog>(
      fs_, layout.TilesPath(),
      [this](uint64_t first, uint64_t end, std::vector<Event>* out) {
        return TakeSnapshot()->ReadSeqRange(first, end, out);
      },
      deletions_.get());
  RETURN_IF_ERROR(ledger_->Open(segments_->end_seq(), next_seq_));
  return StartNewWal();
}

Status EmbeddedStore::RecoverWal(const std::vector<WalFile>& wals) {
  EventParser parser;
  ParseOptions stored;
  stored.stored_form = true;
  for (size_t i = 0; i < wals.size(); ++i) {
    const WalFile& wal = wals[i];
    const bool newest = i + 1 == wals.size();
    WalReadStats stats;
    Status s = ReadWal(
        fs_, wal.path, /*repair_torn_tail=*/newest,
        [&](std::string_view payload, uint64_t offset) -> Status {
          auto where = [&] { return fmt::format("{}: record at offset {}", wal.path, offset); };
          Result<WalBatchView> batch = DecodeWalBatch(payload);
          if (!batch.ok()) return batch.status().WithPrefix(where());
          const uint64_t first = batch->first_seq;
          const uint64_t end = first + batch->events.size();
          if (end <= next_seq_) return Status::Ok();  // already in a segment
          if (first > next_seq_) {
            return Status::Corruption(fmt::format("{}: batch starts at seq {} but seq {} is next",
                                                  where(), first, next_seq_));
          }
          std::vector<Event> events;
          size_t bytes = 0;
          for (size_t k = static_cast<size_t>(next_seq_ - first); k < batch->events.size(); ++k) {
            Result<Event> e = parser.Parse(batch->events[k], stored);
            if (!e.ok()) {
              return Status::Corruption(
                  fmt::format("{}: event {} of the batch: {}", where(), k, e.status().message()));
            }
            e->seq = first + k;
            bytes += batch->events[k].size();
            ids_.Insert(IdIndex::Hash(e->tenant, e->id), e->tenant, e->id, e->seq);
            events.push_back(std::move(*e));
          }
          next_seq_ = end;
          mem_->Append(std::move(events), bytes * 2);
          return Status::Ok();
        },
        &stats);
    RETURN_IF_ERROR(s);
    if (stats.torn_tail && !newest) {
      return Status::Corruption(
          fmt::format("{}: damaged record at offset {} in a WAL file that is not the newest; "
                      "acknowledged events may follow it",
                      wal.path, stats.valid_bytes));
    }
    wal_files_.emplace_back(wal.number, next_seq_);
  }
  return Status::Ok();
}

Status EmbeddedStore::StartNewWal() {
  DataDir layout(fs_, dir_);
  const uint64_t number = wal_number_ + 1;
  if (wal_) RETURN_IF_ERROR(wal_->Close());
  ASSIGN_OR_RETURN(wal_, WalWriter::Create(fs_, layout.WalPath(number)));
  wal_number_ = number;
  return Status::Ok();
}

// ------------------------------------------------------------------ writes

Result<std::vector<AppendAck>> EmbeddedStore::Append(PreparedBatch batch) {
  if (batch.events.empty()) return std::vector<AppendAck>{};
  if (batch.starts.size() != batch.events.size() ||
      batch.leaf_hashes.size() != batch.events.size()) {
    return Status::Internal("PreparedBatch: canonical forms do not match the events");
  }
  RETURN_IF_ERROR(batch.status);
  Writer w;
  w.batch = &batch;
  std::unique_lock lock(write_mu_);
  RETURN_IF_ERROR(Lead(lock, &w));
  return std::move(w.acks);
}

Status EmbeddedStore::Lead(std::unique_lock<std::mutex>& lock, Writer* w) {
  if (closed_) return Status::Unavailable("the store is closed");
  writers_.push_back(w);
  while (!w->done && w != writers_.front()) w->cv.wait(lock);
  if (w->done) return w->status;

  // This caller leads: gather the queued batches (never past a flush request)
  // and commit them together.
  std::vector<Writer*> group;
  Status s = failed_;
  if (w->batch == nullptr) {
    group.push_back(w);
    if (s.ok()) s = MakeRoomForWrite(lock, /*force=*/true);
    if (s.ok() && w->redaction != nullptr) s = RunRedaction(lock, w);
  } else {
    size_t group_bytes = 0;
    for (Writer* q : writers_) {
      if (q->batch == nullptr) break;
      const size_t bytes = q->batch->framed.size();
      if (!group.empty() && group_bytes + bytes > options_.group_commit_max_bytes) break;
      group.push_back(q);
      group_bytes += bytes;
    }
    if (s.ok()) s = MakeRoomForWrite(lock, /*force=*/false);
    if (s.ok()) s = CommitGroup(lock, group);
  }
  for (Writer* q : group) {
    writers_.pop_front();
    if (q == w) continue;
    q->status = s;
    q->done = true;
    q->cv.notify_one();
  }
  if (!writers_.empty()) writers_.front()->cv.notify_one();
  return s;
}

Result<std::optional<uint64_t>> EmbeddedStore::LookupId(std::string_view tenant,
                                                        std::string_view id) {
  const uint64_t hash = IdIndex::Hash(tenant, id);
  std::optional<uint64_t> seq;
  std::optional<uint64_t> exact;
  {
    std::shared_lock state(state_mu_);
    seq = ids_.FindByHash(hash);
    exact = ids_.FindExact(tenant, id);
  }
  if (exact) return exact;
  if (!seq) return std::optional<uint64_t>();
  ASSIGN_OR_RETURN(bool same, StoredEventHasKey(*seq, tenant, id));
  return same ? seq : std::optional<uint64_t>();
}

Result<bool> EmbeddedStore::StoredEventHasKey(uint64_t seq, std::string_view tenant,
                                              std::string_view id) {
  Event stored;
  ASSIGN_OR_RETURN(bool found, TakeSnapshot()->GetBySeq(seq, &stored));
  return found && stored.tenant == tenant && stored.id == id;
}

Status EmbeddedStore::AssignSeqs(Writer* w, uint64_t* next_seq, GroupIds* group_ids) {
  std::vector<Event>& events = w->batch->events;
  const size_t n = events.size();
  w->acks.resize(n);
  w->hashes.resize(n);
  // Keys stored before this group: one shared lock for the whole batch.
  // found[i] is the seq + 1 the index holds for event i's key (0: none);
  // exact[i] tells whether that came from the exact map (no need to verify).
  std::vector<uint64_t> found(n, 0);
  std::vector<bool> exact(n, false);
  {
    std::shared_lock state(state_mu_);
    for (size_t i = 0; i < n; ++i) {
      const Event& e = events[i];
      w->hashes[i] = IdIndex::Hash(e.tenant, e.id);
      if (std::optional<uint64_t> x = ids_.FindExact(e.tenant, e.id)) {
        found[i] = *x + 1;
        exact[i] = true;
      } else if (std::optional<uint64_t> h = ids_.FindByHash(w->hashes[i])) {
        found[i] = *h + 1;
      }
    }
  }
  for (size_t i = 0; i < n; ++i) {
    Event& e = events[i];
    AppendAck& ack = w->acks[i];
    ack.id = e.id;
    const std::pair<std::string_view, std::string_view> key(e.tenant, e.id);
    if (auto it = group_ids->find(key); it != group_ids->end()) {
      ack.seq = it->second;
      ack.duplicate = true;
      continue;
    }
    if (found[i] != 0) {
      bool same = exact[i];
      if (!same) {
        ASSIGN_OR_RETURN(same, StoredEventHasKey(found[i] - 1, e.tenant, e.id));
      }
      if (same) {
        ack.seq = found[i] - 1;
        ack.duplicate = true;
        continue;
      }
    }
    e.seq = (*next_seq)++;
    ack.seq = e.seq;
    group_ids->emplace(key, e.seq);
    w->to_store.push_back(i);
  }
  return Status::Ok();
}

Status EmbeddedStore::CommitGroup(std::unique_lock<std::mutex>& lock, std::vector<Writer*>& group) {
  // Duplicates are found through the id index: after a restart, the first
  // commit waits until it holds every stored id (without write_mu_, as during
  // the WAL I/O below: this leader stays at the front of the queue).
  if (!ids_loaded_.load(std::memory_order_acquire)) {
    lock.unlock();
    Status loaded = WaitForIds();
    lock.lock();
    RETURN_IF_ERROR(loaded);
  }
  RETURN_IF_ERROR(ids_status_);
  uint64_t next = next_seq_;
  {
    GroupIds group_ids;
    for (Writer* w : group) RETURN_IF_ERROR(AssignSeqs(w, &next, &group_ids));
  }

  // One WAL record per batch keeps each batch atomic on recovery. A batch
  // without duplicates (the common case) goes to the WAL as prepared: its
  // framed events are the record's body, with their CRC computed already.
  struct Record {
    std::string head;                    // the batch payload header
    const PreparedBatch* all = nullptr;  // every event stored: the body is all->framed
    std::string some;                    // else the body, built from the stored events
    std::string_view body() const { return all != nullptr ? all->framed : some; }
    uint32_t body_crc() const { return all != nullptr ? all->framed_crc : wal::Crc32(some); }
  };
  std::vector<Record> records;
  records.reserve(group.size());
  for (Writer* w : group) {
    if (w->to_store.empty()) continue;
    const PreparedBatch& b = *w->batch;
    Record& r = records.emplace_back();
    AppendWalBatchHeader(b.events[w->to_store.front()].seq,
                         static_cast<uint32_t>(w->to_store.size()), &r.head);
    if (w->to_store.size() == b.size()) {
      r.all = &b;
    } else {
      for (size_t i : w->to_store) AppendWalBatchEvent(b.canonical(i), &r.some);
    }
  }
  if (records.empty()) return Status::Ok();  // every event was a duplicate

  // The WAL I/O runs without the lock so that new writers can queue meanwhile;
  // only this leader touches wal_ until it takes the lock back.
  lock.unlock();
  Status s;
  uint64_t wal_bytes = 0;
  for (const Record& r : records) {
    s = wal_->AddRecord(r.head, r.body(), r.body_crc());
    if (!s.ok()) break;
    wal_bytes += r.head.size() + r.body().size();
  }
  if (s.ok()) {
    const auto sync_start = std::chrono::steady_clock::now();
    s = wal_->Sync();
    if (s.ok() && options_.on_wal_sync) {
      options_.on_wal_sync(std::chrono::steady_clock::now() - sync_start, wal_bytes);
    }
  }
  lock.lock();
  if (!s.ok()) {
    failed_ = s.WithPrefix("writes stopped after a WAL failure; restart to recover");
    return failed_;
  }

  // Durable: publish to readers.
  std::unique_lock state(state_mu_);
  for (Writer* w : group) {
    if (w->to_store.empty()) continue;
    size_t bytes = 0;
    std::vector<Event>& events = w->batch->events;
    for (size_t i : w->to_store) {
      const Event& e = events[i];
      ids_.Insert(w->hashes[i], e.tenant, e.id, e.seq);
      ledger_->Append(w->batch->leaf_hashes[i]);
      bytes += w->batch->canonical(i).size();
    }
    if (w->to_store.size() == events.size()) {  // the common case: no duplicates
      mem_->Append(std::move(events), bytes * 2);
      continue;
    }
    std::vector<Event> stored;
    stored.reserve(w->to_store.size());
    for (size_t i : w->to_store) stored.push_back(std::move(events[i]));
    mem_->Append(std::move(stored), bytes * 2);
  }
  next_seq_ = next;
  state.unlock();
  PublishTail(next);
  RequestIndexing();
  return Status::Ok();
}

void EmbeddedStore::PublishTail(uint64_t end) {
  published_end_.store(end, std::memory_order_release);
  std::lock_guard tail(tail_mu_);
  tail_cv_.notify_all();
}

Status EmbeddedStore::Health() {
  std::lock_guard lock(write_mu_);
  if (closed_) return Status::Unavailable("the store is closed");
  if (!failed_.ok()) return failed_;
  return ids_loaded_.load(std::memory_order_acquire) ? ids_status_ : Status::Ok();
}

uint64_t EmbeddedStore::EndSeq() { return published_end_.load(std::memory_order_acquire); }

bool EmbeddedStore::WaitForEvents(uint64_t after, std::chrono::milliseconds timeout) {
  std::unique_lock tail(tail_mu_);
  tail_cv_.wait_for(tail, timeout, [&] {
    return published_end_.load(std::memory_order_acquire) > after || tail_closed_;
  });
  return published_end_.load(std::memory_order_acquire) > after;
}

Status EmbeddedStore::MakeRoomForWrite(std::unique_lock<std::mutex>& lock, bool force) {
  const auto stall_deadline = std::chrono::steady_clock::now() + options_.max_write_stall;
  while (true) {
    if (!failed_.ok()) return failed_;
    const bool full = mem_->size() >= options_.memtable_max_events ||
                      mem_->approximate_bytes() >= options_.memtable_max_bytes;
    if (!force && !full) return Status::Ok();
    if (mem_->size() == 0) return Status::Ok();
    if (imm_) {  // the previous flush is still running: wait for it, within limits
      if (force) {
        flush_cv_.wait(lock);
      } else if (flush_cv_.wait_until(lock, stall_deadline) == std::cv_status::timeout && imm_ &&
                 failed_.ok()) {
        return Status::Unavailable(
            "storage is falling behind (a memtable flush is still running); retry shortly");
      }
      continue;
    }
    // Freeze: new events go to a new memtable and a new WAL file.
    wal_files_.emplace_back(wal_number_, next_seq_);
    Status s = StartNewWal();
    if (!s.ok()) {
      failed_ = s.WithPrefix("writes stopped: cannot start a new WAL file");
      return failed_;
    }
    {
      std::unique_lock state(state_mu_);
      imm_ = mem_;
      mem_ = std::make_shared<Memtable>(next_seq_, options_.segment_rows_per_group);
    }
    flush_cv_.notify_all();
    return Status::Ok();
  }
}

void EmbeddedStore::FlushThread() {
  pthread_setname_np(pthread_self(), "vigil-flush");
  std::unique_lock lock(write_mu_);
  while (true) {
    flush_cv_.wait(lock, [&] { return stop_flush_thread_ || (imm_ && failed_.ok()); });
    if (!imm_ || !failed_.ok()) {
      if (stop_flush_thread_) return;
      continue;
    }
    std::shared_ptr<Memtable> imm = imm_;
    lock.unlock();
    Result<OpenSegment> seg = WriteSegmentFile(*imm);
    // The tiles now wholly in segments: their roots are stored for good.
    Status tiles = seg.ok() ? ledger_->PersistTiles(imm->end_seq()) : Status::Ok();
    lock.lock();
    if (!seg.ok() || !tiles.ok()) {
      failed_ = (seg.ok() ? tiles : seg.status())
                    .WithPrefix("writes stopped: flushing the memtable failed");
      flush_cv_.notify_all();
      continue;
    }
    std::shared_ptr<Memtable> released;  // destroyed after the locks are dropped
    {
      std::unique_lock state(state_mu_);
      segments_ = segments_->With(std::move(*seg));
      released = std::move(imm_);
    }
    if (options_.on_segment_flush) {
      options_.on_segment_flush(released->size(), segments_->segments().back().info().file_bytes);
    }
    // WAL files whose events are all in segments now are no longer needed.
    RemoveFlushedWals(imm->end_seq());
    flush_cv_.notify_all();
    RequestCompaction();
    // Freeing 100k events takes a while: do it without holding write_mu_.
    lock.unlock();
    released.reset();
    imm.reset();
    lock.lock();
  }
}

void EmbeddedStore::RemoveFlushedWals(uint64_t flushed_end) {
  DataDir layout(fs_, dir_);
  while (!wal_files_.empty() && wal_files_.front().second <= flushed_end &&
         wal_files_.front().first != wal_number_) {
    const std::string path = layout.WalPath(wal_files_.front().first);
    Status rm = fs_->RemoveFile(path);
    if (!rm.ok() && fs_->Exists(path)) break;
    wal_files_.erase(wal_files_.begin());
  }
}

Result<OpenSegment> EmbeddedStore::WriteSegmentFile(Memtable& imm) {
  DataDir layout(fs_, dir_);
  const std::vector<const Event*> events = imm.FrozenRows();
  const uint64_t first = imm.first_seq();
  const uint64_t last = first + events.size() - 1;
  const std::string path = layout.SegmentPath(first, last);
  const std::string tmp = path + ".tmp";
  if (fs_->Exists(tmp)) RETURN_IF_ERROR(fs_->RemoveFile(tmp));
  SegmentWriteOptions write_options;
  write_options.rows_per_group = options_.segment_rows_per_group;
  ASSIGN_OR_RETURN(SegmentInfo info,
                   WriteSegment(fs_, tmp, std::span<const Event* const>(events), write_options));
  RETURN_IF_ERROR(fs_->Rename(tmp, path));
  // The index after its segment: a crash between leaves a segment without
  // one, which the next open rebuilds. One directory sync covers both. The
  // memtable's index holds the rows already (the rest is indexed now).
  ASSIGN_OR_RETURN(std::string index_bytes, imm.FinishIndex());
  RETURN_IF_ERROR(WriteSegmentIndexBytes(fs_, path, index_bytes));
  RETURN_IF_ERROR(fs_->SyncDir(layout.segments_dir()));
  ASSIGN_OR_RETURN(std::unique_ptr<SegmentReader> reader, SegmentReader::Open(fs_, path));
  ASSIGN_OR_RETURN(std::shared_ptr<const index::SegmentIndex> index,
                   OpenSegmentIndex(fs_, *reader));
  return OpenSegment{path, std::move(reader), std::move(index)};
}

Status EmbeddedStore::Flush() {
  Writer request;  // batch == nullptr: freeze the memtable when its turn comes
  std::unique_lock lock(write_mu_);
  RETURN_IF_ERROR(Lead(lock, &request));
  flush_cv_.wait(lock, [&] { return !imm_ || !failed_.ok(); });
  return failed_;
}

Status EmbeddedStore::Close() {
  stopping_.store(true);
  if (id_loader_thread_.joinable()) id_loader_thread_.join();
  if (index_thread_.joinable()) {
    {
      std::lock_guard lock(index_mu_);
      stop_indexing_ = true;
    }
    index_cv_.notify_all();
    index_thread_.join();
  }
  if (compaction_thread_.joinable()) {
    {
      std::lock_guard lock(compaction_mu_);  // so the thread cannot miss the wake-up
    }
    compaction_cv_.notify_all();
    compaction_thread_.join();
  }
  // Retention and compaction stop at their next segment.
  std::lock_guard maintenance(maintenance_mu_);
  {
    std::unique_lock lock(write_mu_);
    if (closed_ && !flush_thread_.joinable()) return Status::Ok();
  }
  Status s;
  if (flush_thread_.joinable()) {
    s = Flush();
    {
      std::unique_lock lock(write_mu_);
      closed_ = true;
      stop_flush_thread_ = true;
      flush_cv_.notify_all();
    }
    flush_thread_.join();
  }
  {
    std::lock_guard tail(tail_mu_);
    tail_closed_ = true;
    tail_cv_.notify_all();
  }
  std::unique_lock lock(write_mu_);
  closed_ = true;
  if (wal_) {
    Status c = wal_->Close();
    if (s.ok()) s = c;
    wal_.reset();
  }
  lock_.reset();
  return s;
}

// ------------------------------------------------------------------- reads

Result<ledger::Hash> EmbeddedStore::LedgerRoot(uint64_t size) {
  if (size > EndSeq()) return PastTheEnd(size);
  return ledger_->tree().RootAt(size);
}

Result<std::vector<ledger::Hash>> EmbeddedStore::InclusionProof(uint64_t seq, uint64_t size) {
  if (size > EndSeq()) return PastTheEnd(size);
  if (seq >= size) {
    return Status::InvalidArgument(
        fmt::format("seq {} is not in the tree of size {} (it holds seqs 0-{})", seq, size,
                    size == 0 ? 0 : size - 1));
  }
  return ledger_->tree().InclusionProof(seq, size);
}

Result<std::vector<ledger::Hash>> EmbeddedStore::ConsistencyProof(uint64_t size1, uint64_t size2) {
  if (size2 > EndSeq()) return PastTheEnd(size2);
  if (size1 > size2) {
    return Status::InvalidArgument(
        fmt::format("size {} is larger than size {}: a log only grows", size1, size2));
  }
  return ledger_->tree().ConsistencyProof(size1, size2);
}

Status EmbeddedStore::PastTheEnd(uint64_t size) {
  return Status::InvalidArgument(
      fmt::format("tree size {} is past the log's end ({} events)", size, EndSeq()));
}

std::shared_ptr<const Snapshot> EmbeddedStore::TakeSnapshot() const {
  auto snap = std::make_shared<Snapshot>();
  std::shared_lock state(state_mu_);
  snap->segments = segments_;
  snap->imm = imm_;
  snap->mem = mem_;
  snap->mem_visible = mem_->size();
  snap->end_seq = mem_->first_seq() + snap->mem_visible;
  return snap;
}

Result<SearchPage> EmbeddedStore::Search(const SearchRequest& request) {
  return SnapshotReader(TakeSnapshot()).Search(request);
}

Result<Histogram> EmbeddedStore::ComputeHistogram(const HistogramRequest& request) {
  return SnapshotReader(TakeSnapshot()).ComputeHistogram(request);
}

Result<std::vector<FacetResult>> EmbeddedStore::ComputeFacets(const FacetRequest& request) {
  return SnapshotReader(TakeSnapshot()).ComputeFacets(request);
}

Status EmbeddedStore::Scan(const ScanRequest& request,
                           const std::function<Status(const Event&)>& visit) {
  return SnapshotReader(TakeSnapshot()).Scan(request, visit);
}

Result<std::optional<Event>> EmbeddedStore::Get(std::string_view tenant, std::string_view id) {
  // Until the id index holds every stored id (just after open), a search.
  if (tenant.empty() || !ids_loaded_.load(std::memory_order_acquire) || !ids_status_.ok()) {
    return SnapshotReader(TakeSnapshot()).FindById(tenant, id);
  }
  ASSIGN_OR_RETURN(std::optional<uint64_t> seq, LookupId(tenant, id));
  if (!seq) return std::optional<Event>();
  Event e;
  ASSIGN_OR_RETURN(bool found, TakeSnapshot()->GetBySeq(*seq, &e));
  if (!found) return std::optional<Event>();
  return std::optional<Event>(std::move(e));
}

Result<StoreStats> EmbeddedStore::Stats() {
  std::shared_ptr<const Snapshot> snap = TakeSnapshot();
  StoreStats st;
  st.next_seq = snap->end_seq;
  st.deleted_events = deletions_->deleted_events();
  st.events = snap->end_seq - st.deleted_events;
  st.segments = snap->segments->size();
  std::vector<std::string> tenants;
  bool any = false;
  auto extend = [&](int64_t lo, int64_t hi) {
    st.min_time_ms = any ? std::min(st.min_time_ms, lo) : lo;
    st.max_time_ms = any ? std::max(st.max_time_ms, hi) : hi;
    any = true;
  };
  for (const OpenSegment& seg : snap->segments->segments()) {
    st.bytes_on_disk += seg.info().file_bytes;
    if (seg.archived) {
      ++st.archive_segments;
      st.archive_bytes += seg.info().file_bytes;
    }
    extend(seg.info().min_time_ms, seg.info().max_time_ms);
    tenants.insert(tenants.end(), seg.info().tenants.begin(), seg.info().tenants.end());
  }
  snap->ForEachMemtable([&](const Memtable& m, size_t visible) {
    st.memtable_events += visible;
    m.ForEach(0, visible, [&](const Event& e) {
      extend(e.time_ms, e.time_ms);
      tenants.push_back(e.tenant);
    });
  });
  std::sort(tenants.begin(), tenants.end());
  st.tenants = static_cast<uint64_t>(std::unique(tenants.begin(), tenants.end()) - tenants.begin());
  DataDir layout(fs_, dir_);
  Result<std::vector<WalFile>> wals = layout.ListWals();
  if (wals.ok()) {
    for (const WalFile& w : *wals) {
      Result<uint64_t> size = fs_->FileSize(w.path);
      if (size.ok()) st.wal_bytes += *size;
    }
  }
  st.bytes_on_disk += st.wal_bytes;
  return st;
}

}  // namespace vigil
