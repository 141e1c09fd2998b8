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
// what part of the batch did land before it takes the next one (and on
// start, what a crash left behind), waiting for ClickHouse's mutation.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ledger/log_tree.h"
#include "store/clickhouse/clickhouse_client.h"
#include "store/store.h"

namespace vigil::clickhouse {

struct ClickHouseStoreOptions {
  ClientOptions client;
  // This node's id (0 … 65535) and a name recorded beside it in the `nodes`
  // table; Open refuses an id registered under another name.
  uint16_t node_id = 0;
  std::string node_name = "vigil";
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

  // Not yet available on this backend (docs/scale-out.md "Not yet"): each
  // returns FailedPrecondition saying so.
  Result<RedactionResult> RedactActor(std::string_view tenant, std::string_view actor_id) override;
  Result<RetentionResult> RunRetention(const RetentionPolicy& policy, int64_t now_ms,
                                       const std::atomic<bool>* cancel) override;
  Result<std::vector<SeqRange>> SegmentsPastDeleteAge(const RetentionPolicy& policy,
                                                      int64_t now_ms) override;
  Result<RetentionResult> DeleteSegments(const std::vector<SeqRange>& ranges,
                                         uint64_t authorized_by,
                                         const std::atomic<bool>* cancel) override;

  Status Health() override;
  uint64_t EndSeq() override;
  bool WaitForEvents(uint64_t after, std::chrono::milliseconds timeout) override;
  Status Close() override;

  uint16_t node_id() const { return options_.node_id; }

 private:
  explicit ClickHouseStore(ClickHouseStoreOptions options);
  Status RegisterNode();
  // Deletes this node's events and ids at seqs >= end_seq_ (an append that
  // did not reach its commit point), waiting until ClickHouse applied it.
  Status RemoveUncommitted();
  Status LoadLedger();
  // The leaf hashes of tile t, from ledger_leaves.
  Result<std::vector<ledger::Hash>> LoadTile(uint64_t tile);
  // Inserts the rows of `batch` (seqs assigned), then its leaves: the
  // commit point. Requires write_mu_.
  Status InsertBatch(const PreparedBatch& batch, const std::vector<size_t>& stored);
  // Inserts the roots of tree_'s complete tiles [first_tile, end_tile).
  Status InsertTileRoots(uint64_t first_tile, uint64_t end_tile);
  // Reads rows of (canonical, node, seq) in RowBinary into events.
  Status DecodeEvents(std::string_view rows, std::vector<Event>* out);
  Status CheckOpen();

  const ClickHouseStoreOptions options_;
  ClickHouseClient client_;
  ledger::LogTree tree_;

  std::mutex write_mu_;  // one append at a time: seqs are handed out in order
  // Set after an insert failed: the next append first removes its remains.
  bool dirty_ = false;

  std::mutex end_mu_;
  std::condition_variable end_cv_;
  uint64_t end_seq_ = 0;  // guarded by end_mu_; written under write_mu_ too
  bool closed_ = false;   // guarded by end_mu_
};

}  // namespace vigil::clickhouse
