// ClickHouseStore: the Store on a ClickHouse server or cluster, reached over
// its HTTP interface (docs/scale-out.md). Vigil nodes hold no event data:
// events, their ids and each node's Merkle log live in ClickHouse tables
// (schema.h); a node keeps in memory only its ledger's compact tree
// (ledger/log_tree.h) and its next seq.
//
// Each node has its own ledger (a node id, unique among the nodes writing to
// one database): its events take seqs 0, 1, … of its own log, and the
// ledger methods answer for that log. Reads see every node's events.
//
// Append is acknowledged after ClickHouse confirmed every insert of the
// batch. A batch is stored whole or not at all: its ledger leaves are
// inserted last, as the commit point; after a failed insert the node deletes
// what part of the batch did land before it sends the next one (and on
// start, what a crash left behind), waiting for ClickHouse's mutation.
//
// With a spool (spool.h): while ClickHouse is unreachable, batches are
// acknowledged once fsynced to the node's bounded local spool instead, and a
// forwarder thread sends them, in seq order, when ClickHouse answers again.
// While batches wait there, later appends queue behind them; they become
// readable (and EndSeq counts them) once forwarded.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ledger/log_tree.h"
#include "store/clickhouse/batch_rows.h"
#include "store/clickhouse/clickhouse_client.h"
#include "store/clickhouse/spool.h"
#include "store/fs/file_system.h"
#include "store/store.h"

namespace vigil::clickhouse {

struct ClickHouseStoreOptions {
  ClientOptions client;  // the server this node reads and writes through
  // A cluster: its name in the servers' <remote_servers>, and the HTTP
  // interface of every server holding a shard's tables (schema migrations,
  // deletions and their mutations run on each). Empty: one server.
  std::string cluster;
  std::vector<ClientOptions> shards;
  // This node's id (0 … 65535) and a name recorded beside it in the `nodes`
  // table; Open refuses an id registered under another name.
  uint16_t node_id = 0;
  std::string node_name = "vigil";
  // The local spool's directory; empty: no spool, an append while
  // ClickHouse is unreachable fails (Unavailable).
  std::string spool_dir;
  uint64_t spool_max_bytes = 256ull << 20;
  FileSystem* fs = DefaultFileSystem();  // for the spool; not owned
  // How long the forwarder waits after a failed attempt.
  std::chrono::milliseconds forward_retry{500};
};

class ClickHouseStore final : public Store {
 public:
  // Connects, applies schema migrations, registers the node, removes what an
  // interrupted append left and loads the node's ledger tree.
  static Result<std::unique_ptr<ClickHouseStore>> Open(ClickHouseStoreOptions options);
  ~ClickHouseStore() override;

  Result<std::vector<AppendAck>> Append(PreparedBatch batch) override;
  using Store::Append;
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

  // Maintenance (clickhouse_store_maintenance.cc; docs/scale-out.md
  // "Redaction and retention"). RedactActor rewrites the actor's rows of
  // every node with ALTER TABLE … UPDATE (result.segments counts those
  // statements); Unavailable while batches wait in the spool. RunRetention
  // moves nothing: the archive tier is a bound on default reads here.
  // SegmentsPastDeleteAge lists this node's own events past their age, and
  // DeleteSegments deletes them (segments_deleted counts seq ranges;
  // bytes_deleted stays 0); each node deletes the events it stored.
  Result<RedactionResult> RedactActor(std::string_view tenant, std::string_view actor_id) override;
  Result<RetentionResult> RunRetention(const RetentionPolicy& policy, int64_t now_ms,
                                       const std::atomic<bool>* cancel) override;
  Result<std::vector<SeqRange>> SegmentsPastDeleteAge(const RetentionPolicy& policy,
                                                      int64_t now_ms) override;
  Result<RetentionResult> DeleteSegments(const std::vector<SeqRange>& ranges,
                                         uint64_t authorized_by,
                                         const std::atomic<bool>* cancel) override;

  // In ledger_checkpoints and ledger_keys, under this node's id.
  Status SaveCheckpoint(uint64_t size, std::string_view note) override;
  Result<std::optional<std::string>> LatestCheckpoint() override;
  Status SaveVerifierKey(std::string_view verifier_key) override;

  // Every node registered in the database (the `nodes` table) has a ledger
  // here; one object per node, kept for the store's life.
  uint16_t LedgerNode() const override { return options_.node_id; }
  bool HoldsOtherLedgers() const override { return true; }
  Result<std::shared_ptr<NodeLedger>> OtherLedger(uint16_t node) override;
  // In shared_settings.
  bool SharesSettings() const override { return true; }
  Status PutSetting(const SettingRecord& record) override;
  Result<std::vector<SettingRecord>> Settings(std::string_view kind) override;
  // Other nodes' ends from ledger_leaves (their commit point), this node's
  // from memory.
  Result<std::map<uint16_t, uint64_t>> LogEnds() override;

  Status Health() override;
  uint64_t EndSeq() override;
  bool WaitForEvents(uint64_t after, std::chrono::milliseconds timeout) override;
  Status Close() override;

  uint16_t node_id() const { return options_.node_id; }
  // Bytes in the local spool (0 without one): batches not yet forwarded.
  uint64_t SpoolBytes() const override;

 private:
  explicit ClickHouseStore(ClickHouseStoreOptions options);
  Status RegisterNode();
  // Deletes this node's leaves, events and ids at seqs >= end_seq_ (an append that
  // did not reach its commit point), waiting until ClickHouse applied it.
  Status RemoveUncommitted();
  // Waits until ClickHouse has applied every mutation of our tables; `what`
  // names them in the error after a timeout ("redacting").
  Status WaitForMutations(std::string_view what);
  // The servers holding the tables' rows: each shard, or the one server.
  std::vector<ClickHouseClient*> Servers();
  Status LoadLedger();
  // Loads the spool and takes its batches into the tree (after LoadLedger).
  Status OpenSpool();
  // Finds which events of `batch` are stored already (by any node) or
  // repeat an earlier one of the batch, and gives the others seqs from
  // next_seq_. Returns the acks; `stored` gets the indexes to store. Sets
  // *reachable to false when ClickHouse could not be asked (then only the
  // spool's ids are checked). Requires write_mu_.
  Result<std::vector<AppendAck>> AssignSeqs(PreparedBatch& batch, std::vector<size_t>* stored,
                                            bool* reachable);
  BatchRows BuildRows(const PreparedBatch& batch, const std::vector<size_t>& stored,
                      uint64_t first_seq) const;
  // Inserts rows: events, ids, then the leaves (the commit point). Only the
  // current writer calls it (see writer state below).
  Status SendRows(const BatchRows& rows);
  // Records that rows reached ClickHouse: EndSeq, tile roots, waiters.
  void Committed(const BatchRows& rows);
  // Keeps rows in the spool, acknowledged. Requires write_mu_.
  Status SpoolRows(const BatchRows& rows, const PreparedBatch& batch,
                   const std::vector<size_t>& stored);
  // The forwarder thread: sends spooled batches while any wait.
  void ForwardLoop();
  bool CanSpool(const Status& s) const;
  // Inserts the roots of tree_'s complete tiles [first_tile, end_tile).
  Status InsertTileRoots(uint64_t first_tile, uint64_t end_tile);
  // Reads rows of (canonical, node, seq) in RowBinary into events.
  Status DecodeEvents(std::string_view rows, std::vector<Event>* out);
  Status CheckOpen();

  const ClickHouseStoreOptions options_;
  ClickHouseClient client_;
  std::vector<std::unique_ptr<ClickHouseClient>> shard_clients_;
  ledger::LogTree tree_;

  std::mutex write_mu_;    // one append at a time: seqs are handed out in order
  uint64_t next_seq_ = 0;  // guarded by write_mu_: the tree's size, spooled batches included
  // guarded by write_mu_: while true, appends go to the spool and the
  // forwarder is the writer; while false, Append is.
  bool spooling_ = false;
  // Ids of spooled batches (tenant, id) → seq, for duplicates while
  // ClickHouse cannot be asked. Guarded by write_mu_; cleared when drained.
  std::map<std::pair<std::string, std::string>, uint64_t> spooled_ids_;
  std::unique_ptr<Spool> spool_;
  // The forwarder's last attempt failed: while spooling, appends do not ask
  // ClickHouse for duplicates (an unreachable host may cost a whole client
  // timeout per append) and check the spool's ids only.
  std::atomic<bool> forward_failing_ = false;

  // Writer state, touched only by the current writer (spooling_ above).
  // dirty_: an insert failed, its remains must be removed before the next.
  std::atomic<bool> dirty_ = false;
  uint64_t tiles_stored_ = 0;  // tile roots [0, tiles_stored_) are in ledger_tiles

  std::mutex end_mu_;
  std::condition_variable end_cv_;
  uint64_t end_seq_ = 0;                // guarded by end_mu_: the end of the log in ClickHouse
  bool closed_ = false;                 // guarded by end_mu_
  std::condition_variable forward_cv_;  // with end_mu_: spool work or close
  std::thread forwarder_;

  std::mutex others_mu_;
  std::map<uint16_t, std::shared_ptr<NodeLedger>> others_;  // guarded by others_mu_
};

}  // namespace vigil::clickhouse
