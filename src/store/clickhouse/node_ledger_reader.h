// Reading a node's ledger from ClickHouse: the rows of ledger_leaves,
// ledger_tiles, ledger_checkpoints and ledger_keys (schema.cc) under one
// node id, and the `nodes` table. ClickHouseStore loads its own log with
// these, ClickHouseNodeLedger serves another node's (store/node_ledger.h),
// and `vigil verify --clickhouse-url` checks a node's log against them.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ledger/log_tree.h"
#include "store/clickhouse/clickhouse_client.h"
#include "store/node_ledger.h"

namespace vigil::clickhouse {

// The leaf hashes of seqs [begin, end) of node's log, in seq order, each
// once (a retried insert may have stored a row twice). Fewer than asked when
// the log ends first.
Result<std::vector<ledger::Hash>> ReadLeaves(ClickHouseClient& client, uint16_t node,
                                             uint64_t begin, uint64_t end);
// The kTileSize leaf hashes of complete tile `tile`; Corruption naming the
// node and tile when any is missing.
Result<std::vector<ledger::Hash>> ReadTileLeaves(ClickHouseClient& client, uint16_t node,
                                                 uint64_t tile);
// The stored roots of node's tiles [begin, end), by tile (a tile appears
// once even when a retried insert stored its row twice).
Result<std::map<uint64_t, ledger::Hash>> ReadTileRoots(ClickHouseClient& client, uint16_t node,
                                                       uint64_t begin, uint64_t end);
// One past the largest seq in node's ledger_leaves (0 when it has none):
// the end of its log as far as its commit points go.
Result<uint64_t> ReadLogEnd(ClickHouseClient& client, uint16_t node);
// Every signed checkpoint node stored, smallest size first, one per size.
Result<std::vector<StoredCheckpoint>> ReadCheckpoints(ClickHouseClient& client, uint16_t node);
// The node's signed checkpoint of the largest size; nullopt when none.
Result<std::optional<StoredCheckpoint>> ReadLatestCheckpoint(ClickHouseClient& client,
                                                             uint16_t node);
// The node's newest verifier key; nullopt when it never registered one.
Result<std::optional<std::string>> ReadVerifierKey(ClickHouseClient& client, uint16_t node);

// A Vigil node that registered in the database (the `nodes` table).
struct RegisteredNode {
  uint16_t node = 0;
  std::string name;
};
// Every registered node, by id.
Result<std::vector<RegisteredNode>> ReadNodes(ClickHouseClient& client);

// Another node's log, grown from ClickHouse's rows up to that node's latest
// signed checkpoint as requests ask for larger sizes: tile roots where that
// node stored them, leaves elsewhere. Rows past the checkpoint are never
// read: they may belong to an append that node has not finished.
class ClickHouseNodeLedger final : public NodeLedger {
 public:
  // client outlives this object and is thread-safe.
  ClickHouseNodeLedger(ClickHouseClient* client, uint16_t node);

  Result<std::optional<StoredCheckpoint>> LatestCheckpoint() override;
  Result<std::string> VerifierKey() override;
  Result<ledger::Hash> Root(uint64_t size) override;
  Result<std::vector<ledger::Hash>> InclusionProof(uint64_t seq, uint64_t size) override;
  Result<std::vector<ledger::Hash>> ConsistencyProof(uint64_t size1, uint64_t size2) override;

 private:
  // Grows the tree to the latest checkpoint's size when `size` is past the
  // tree; InvalidArgument when size is past that checkpoint.
  Status Reach(uint64_t size);
  // Appends the leaves [tree_.size(), target) to the tree. Requires grow_mu_.
  Status Grow(uint64_t target);

  ClickHouseClient* client_;
  std::mutex grow_mu_;  // one Grow at a time; reads of the tree go on
  ledger::LogTree tree_;
};

}  // namespace vigil::clickhouse
