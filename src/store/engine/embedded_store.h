// EmbeddedStore: the default Store — a WAL, a memtable and immutable columnar
// segments in one data directory (layout in docs/format/data-dir.md).
//
// Writes: Append joins a group commit (leveldb's DBImpl::Write): concurrent
// callers queue, the front caller becomes the leader, writes every queued
// batch as one WAL record each, issues one fsync for all of them, then
// publishes the events to the memtable and wakes the others. Nothing is
// visible to readers or acknowledged before that fsync returns.
//
// A failed WAL write or sync, or a failed flush, puts the store in a sticky
// failed state: every later Append returns the original error (the durable
// state is unknown; reopening recovers it). Reads keep working.
//
// Flush: when the memtable reaches its limits it is frozen, a new WAL file is
// started, and a background thread writes the frozen events as a segment
// (temp file, fsync, rename, directory fsync) before the old WAL files are
// deleted. Appends stall while a previous flush is still running.
//
// Recovery (Open): segments are checked for a contiguous seq range; WAL files
// are replayed after the last segment's seq; a torn tail of the newest WAL
// file is truncated; any other damage is Corruption naming the file and offset.
// Then the ledger's tree is rebuilt (ledger_log.h).
//
// Ledger: each batch's leaf hashes (computed when it was prepared) join the
// Merkle tree when the batch is published, so every acknowledged event is
// in the tree; tile roots are persisted after each flush.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "store/engine/data_dir.h"
#include "store/engine/deletion_log.h"
#include "store/engine/id_index.h"
#include "store/engine/ledger_log.h"
#include "store/engine/memtable.h"
#include "store/engine/segment_compaction.h"
#include "store/engine/segment_set.h"
#include "store/fs/file_system.h"
#include "store/segment/segment_format.h"
#include "store/store.h"

namespace vigil {

class WalWriter;
struct Snapshot;

struct EngineOptions {
  FileSystem* fs = nullptr;  // nullptr: DefaultFileSystem()
  // Freeze and flush the memtable when it holds this many events or bytes.
  size_t memtable_max_events = 100'000;
  size_t memtable_max_bytes = 96 << 20;
  // Rows per row group of the segments written (the unit a read decodes and
  // the index's group bitmaps count); smaller only in tests.
  uint32_t segment_rows_per_group = segment::kDefaultRowsPerGroup;
  // Upper bound of the batches one group commit gathers (bytes of canonical JSON).
  size_t group_commit_max_bytes = 32 << 20;
  // Create the data directory when it does not exist; otherwise Open fails
  // with kNotFound (read-only tools should not create empty stores).
  bool create_if_missing = true;
  // How long an append may wait for a running flush when the memtable is
  // full; past it Append fails with kUnavailable (retry later; nothing was
  // stored). Backpressure instead of an unbounded stall.
  std::chrono::milliseconds max_write_stall{10'000};
  // Observers for metrics; called on the writing threads, must be cheap and
  // thread-safe. Either may be empty.
  std::function<void(std::chrono::nanoseconds duration, uint64_t bytes)> on_wal_sync;
  std::function<void(uint64_t events, uint64_t bytes)> on_segment_flush;
  // Compaction (segment_compaction.h): adjacent segments whose rows add up
  // to at most this many are merged into one (0: never). The default is the
  // memtable's size, so a full flush is never merged and a merge takes the
  // memory of a flush.
  uint64_t compaction_max_rows = 100'000;
  // The widest span of event time a merged segment may cover
  // (segment_compaction.h kCompactionMaxSpanMs).
  int64_t compaction_max_span_ms = kCompactionMaxSpanMs;
  // Merge in a background thread after open and after each flush (the
  // server); otherwise only when Compact is called (tools, tests).
  bool background_compaction = false;
  // Problems the store repaired by itself (a damaged index file rebuilt),
  // one message each naming the file. Empty: printed to stderr.
  std::function<void(const std::string& message)> on_warning;
};

class EmbeddedStore final : public Store {
 public:
  // Opens (creating if needed) the data directory and recovers it. Fails with
  // kFailedPrecondition when another process has it open, kCorruption when
  // stored data is damaged (naming the file and offset).
  static Result<std::unique_ptr<EmbeddedStore>> Open(const std::string& dir,
                                                     const EngineOptions& options = {});
  ~EmbeddedStore() override;
  EmbeddedStore(const EmbeddedStore&) = delete;
  EmbeddedStore& operator=(const EmbeddedStore&) = delete;

  using Store::Append;
  Result<std::vector<AppendAck>> Append(PreparedBatch batch) override;
  Result<SearchPage> Search(const SearchRequest& request) override;
  Result<std::optional<Event>> Get(std::string_view tenant, std::string_view id) override;
  Result<Histogram> ComputeHistogram(const HistogramRequest& request) override;
  Result<std::vector<FacetResult>> ComputeFacets(const FacetRequest& request) override;
  Status Scan(const ScanRequest& request,
              const std::function<Status(const Event&)>& visit) override;
  Result<StoreStats> Stats() override;
  Result<ledger::Hash> LedgerRoot(uint64_t size) override;
  Result<std::vector<ledger::Hash>> InclusionProof(uint64_t seq, uint64_t size) override;
  Result<std::vector<ledger::Hash>> ConsistencyProof(uint64_t size1, uint64_t size2) override;
  // Queues like an append, so no append or flush runs meanwhile; flushes the
  // memtable (and deletes the WAL files it came from), then rewrites each
  // segment holding a matching event (segment_redaction.h) and swaps it into
  // the segment set. See Store::RedactActor.
  Result<RedactionResult> RedactActor(std::string_view tenant, std::string_view actor_id) override;
  // Runs while appends go on: each archived copy is written without locks
  // and swapped in under them (embedded_store_retention.cc).
  Result<RetentionResult> RunRetention(const RetentionPolicy& policy, int64_t now_ms,
                                       const std::atomic<bool>* cancel = nullptr) override;
  // embedded_store_deletion.cc.
  Result<std::vector<SeqRange>> SegmentsPastDeleteAge(const RetentionPolicy& policy,
                                                      int64_t now_ms) override;
  Result<RetentionResult> DeleteSegments(const std::vector<SeqRange>& ranges,
                                         uint64_t authorized_by,
                                         const std::atomic<bool>* cancel = nullptr) override;
  // Merges the runs PlanCompaction finds (EngineOptions::compaction_max_rows),
  // one at a time while appends and reads go on: each merged segment is
  // written without locks, swapped in under them, and then its inputs are
  // deleted (embedded_store_compaction.cc). Stops early on Close or when
  // *cancel becomes true.
  Result<CompactionResult> Compact(const std::atomic<bool>* cancel = nullptr);
  Status Health() override;
  uint64_t EndSeq() override;
  bool WaitForEvents(uint64_t after, std::chrono::milliseconds timeout) override;
  // Waits for in-flight appends, flushes the memtable to a segment (so the
  // next open replays nothing) and stops the background thread.
  Status Close() override;

  // Waits until the background work of Open is done: the id index holds
  // every stored id, and every segment's index is checked (or rebuilt and
  // reported through on_warning) and used by reads. Until then a segment
  // without its index is read by scanning its columns. Tests and tools.
  void WaitUntilLoaded();

  // Freezes the memtable and waits until it is written as a segment (tests,
  // `vigil` shutdown). A no-op when the memtable is empty.
  Status Flush();

 private:
  struct Writer;

  EmbeddedStore(std::string dir, const EngineOptions& options);

  Status Recover();
  // Reports a repaired problem (EngineOptions::on_warning).
  void Warn(const std::string& message) const;
  Status RecoverWal(const std::vector<WalFile>& wals);
  // Segment files whose seqs another file covers are the inputs of a merge
  // or archive move a crash interrupted after its output was durable:
  // deletes them (or the covering file, should it not open) and drops them
  // from files.
  Status FinishInterruptedCopies(std::vector<SegmentFile>* files);
  // Deletes segment files that a segment of the set covers but that are not
  // in it (inputs whose deletion failed after a merge or move). Requires
  // maintenance_mu_.
  Status RemoveLeftoverSegmentFiles();
  // Wakes the compaction thread (when there is one).
  void RequestCompaction();
  void CompactionThread();
  // Closes the current WAL file and starts the next. Requires write_mu_.
  Status StartNewWal();

  // Queues w and, when it reaches the front, commits it with the batches
  // queued behind it (or, for a flush request, freezes the memtable).
  // Returns w's status. Requires write_mu_ (released while waiting and
  // around WAL I/O).
  Status Lead(std::unique_lock<std::mutex>& lock, Writer* w);
  // Group-commit leader work: seqs, WAL records, one fsync, publish.
  Status CommitGroup(std::unique_lock<std::mutex>& lock, std::vector<Writer*>& group);
  // (tenant, id) → seq of the events stored earlier in the group being
  // committed; the views point into the group's batches.
  using GroupIds = absl::flat_hash_map<std::pair<std::string_view, std::string_view>, uint64_t>;
  // Assigns seqs and resolves duplicates for one batch; fills acks, hashes
  // and to_store.
  Status AssignSeqs(Writer* w, uint64_t* next_seq, GroupIds* group_ids);
  // Fills ids_ from the segments open at Recover (the background thread
  // started by Open); stops early at Close.
  void LoadIds();
  // Then checks each segment's index, newest first, and puts it in the set
  // (a damaged one is reported and rebuilt; one that cannot be is reported
  // and the segment scanned).
  void LoadIndexes();
  // Waits until LoadIds is done: its status (an error stops writes).
  Status WaitForIds();
  // Finds the stored seq of (tenant, id), verifying hash hits.
  Result<std::optional<uint64_t>> LookupId(std::string_view tenant, std::string_view id);
  // Whether the stored event at seq has this (tenant, id): verifies an id-index hash hit.
  Result<bool> StoredEventHasKey(uint64_t seq, std::string_view tenant, std::string_view id);
  // Ensures the memtable has room, freezing it (and waiting for a previous
  // flush) when full or when force is set. Requires write_mu_, leader only.
  Status MakeRoomForWrite(std::unique_lock<std::mutex>& lock, bool force);
  void FlushThread();
  // Makes seqs below `end` visible to WaitForEvents callers.
  void PublishTail(uint64_t end);
  // Writes a frozen memtable as a segment: temp file, fsync, rename, directory fsync.
  // Its index is the memtable's (Memtable::FinishIndex).
  Result<OpenSegment> WriteSegmentFile(Memtable& imm);
  // Wakes the indexer, which indexes the memtables' new events.
  void RequestIndexing();
  void IndexThread();
  // RedactActor's work, run by Lead for a redaction request at the front of
  // the writers' queue, after the memtable was frozen. Requires write_mu_
  // (released while waiting for the flush and around segment I/O).
  Status RunRedaction(std::unique_lock<std::mutex>& lock, Writer* w);
  // Deletes the WAL files whose events are all in segments up to
  // flushed_end (never the current one); stops at the first that cannot be
  // deleted. Requires write_mu_.
  void RemoveFlushedWals(uint64_t flushed_end);

  std::shared_ptr<const Snapshot> TakeSnapshot() const;
  // InvalidArgument: a tree size larger than the log.
  Status PastTheEnd(uint64_t size);
  // Retention moves and deletions, one segment at a time: for each first
  // seq, under maintenance_mu_, calls fn with the current set and the
  // segment now holding that seq (null if none: looked up again in turn, as
  // a redaction or merge may have replaced it). Stops at Close (Unavailable),
  // when *cancel becomes true (OK), or at fn's first error.
  Status ForEachSegmentInTurn(
      const std::vector<uint64_t>& first_seqs, const std::atomic<bool>* cancel,
      const std::function<Status(const SegmentSet&, const OpenSegment*)>& fn);
  // Deletes one segment (embedded_store_deletion.cc); maintenance_mu_ held.
  // checkpoint_sizes: of the signed checkpoints (LeavesToKeep).
  Status DeleteSegment(const OpenSegment& segment, uint64_t authorized_by,
                       const std::set<uint64_t>& checkpoint_sizes, RetentionResult* result);
  // The leaf hashes a deletion of `seqs` must keep (deletion_log.h).
  Result<std::map<uint64_t, ledger::Hash>> LeavesToKeep(const OpenSegment& segment,
                                                        const std::set<uint64_t>& checkpoint_sizes);
  // On open: removes the files of segments a deletion record covers (a
  // deletion a crash interrupted) from files and the disk.
  Status FinishInterruptedDeletions(std::vector<SegmentFile>* files);

  const std::string dir_;
  EngineOptions options_;
  FileSystem* fs_;
  std::unique_ptr<FileLock> lock_;

  // Writers: the queue and the leader's state.
  std::mutex write_mu_;
  std::deque<Writer*> writers_;     // guarded by write_mu_
  std::unique_ptr<WalWriter> wal_;  // guarded by write_mu_ (leader only)
  uint64_t wal_number_ = 0;         // guarded by write_mu_
  Status failed_;                   // guarded by write_mu_: sticky error
  bool closed_ = false;             // guarded by write_mu_
  uint64_t next_seq_ = 0;           // guarded by write_mu_

  // Published state, read by readers. Changed only with write_mu_ held too
  // (lock order: write_mu_ before state_mu_).
  mutable std::shared_mutex state_mu_;
  std::shared_ptr<Memtable> mem_;               // guarded by state_mu_
  std::shared_ptr<Memtable> imm_;               // guarded by state_mu_: being flushed
  std::shared_ptr<const SegmentSet> segments_;  // guarded by state_mu_
  IdIndex ids_;                                 // guarded by state_mu_
  // The Merkle tree: appended under state_mu_ (with write_mu_) as events are
  // published; read by proofs under its own locks.
  std::unique_ptr<LedgerLog> ledger_;
  // Segments deleted by the delete-after policy; appended under maintenance_mu_.
  std::unique_ptr<DeletionLog> deletions_;
  std::vector<std::pair<uint64_t, uint64_t>> wal_files_;  // guarded by write_mu_: (number, end_seq)

  // Held by a redaction for its whole length, and by retention and
  // compaction for each segment they move or merge (before write_mu_): one
  // rewrites segments at a time.
  std::mutex maintenance_mu_;
  // Set by Close: retention and compaction stop between segments.
  std::atomic<bool> stopping_{false};

  // Background compaction (EngineOptions::background_compaction).
  std::mutex compaction_mu_;
  std::condition_variable compaction_cv_;
  bool compaction_wanted_ = false;  // guarded by compaction_mu_
  std::thread compaction_thread_;

  // Live tail: signalled after every publish and on close.
  std::mutex tail_mu_;
  std::condition_variable tail_cv_;
  std::atomic<uint64_t> published_end_{0};  // one past the newest visible seq
  bool tail_closed_ = false;                // guarded by tail_mu_

  // The background work of Open: the id index (LoadIds), then the segments' indexes (LoadIndexes).
  std::mutex ids_mu_;
  std::condition_variable ids_cv_;
  std::atomic<bool> ids_loaded_{false};  // set once, with ids_mu_ held
  Status ids_status_;                    // written before ids_loaded_ is set
  bool indexes_loaded_ = false;          // guarded by ids_mu_: LoadIndexes is done
  std::thread id_loader_thread_;

  // Memtable indexing (memtable_index.h), woken after each publish.
  std::mutex index_mu_;
  std::condition_variable index_cv_;
  bool index_wanted_ = true;    // guarded by index_mu_ (true: index what recovery replayed)
  bool stop_indexing_ = false;  // guarded by index_mu_
  std::thread index_thread_;

  // Background flush.
  std::condition_variable flush_cv_;  // with write_mu_: imm_ set, or flush done
  std::thread flush_thread_;
  bool stop_flush_thread_ = false;  // guarded by write_mu_
};

}  // namespace vigil
