#include "store/clickhouse/node_ledger_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "store/clickhouse/row_binary.h"

namespace vigil::clickhouse {
namespace {

Result<ledger::Hash> ReadHash(RowBinaryReader& r) {
  ASSIGN_OR_RETURN(std::string_view bytes, r.FixedString(32));
  ledger::Hash h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

}  // namespace

Result<std::map<uint64_t, ledger::Hash>> ReadTileRoots(ClickHouseClient& client, uint16_t node,
                                                       uint64_t begin, uint64_t end) {
  ASSIGN_OR_RETURN(std::string rows,
                   client.Query(fmt::format("SELECT tile, root FROM ledger_tiles WHERE node = {} "
                                            "AND tile >= {} AND tile < {} ORDER BY tile LIMIT 1 "
                                            "BY tile FORMAT RowBinary",
                                            node, begin, end)));
  std::map<uint64_t, ledger::Hash> out;
  RowBinaryReader r(rows);
  while (!r.done()) {
    ASSIGN_OR_RETURN(uint64_t tile, r.UInt64());
    ASSIGN_OR_RETURN(out[tile], ReadHash(r));
  }
  return out;
}

Result<uint64_t> ReadLogEnd(ClickHouseClient& client, uint16_t node) {
  ASSIGN_OR_RETURN(std::string rows,
                   client.Query(fmt::format("SELECT count(), max(seq) FROM ledger_leaves WHERE "
                                            "node = {} FORMAT RowBinary",
                                            node)));
  RowBinaryReader r(rows);
  ASSIGN_OR_RETURN(uint64_t count, r.UInt64());
  ASSIGN_OR_RETURN(uint64_t max_seq, r.UInt64());
  return count == 0 ? 0 : max_seq + 1;
}

Result<std::vector<StoredCheckpoint>> ReadCheckpoints(ClickHouseClient& client, uint16_t node) {
  ASSIGN_OR_RETURN(std::string rows,
                   client.Query(fmt::format("SELECT size, note FROM ledger_checkpoints WHERE node "
                                            "= {} ORDER BY size LIMIT 1 BY size FORMAT RowBinary",
                                            node)));
  std::vector<StoredCheckpoint> out;
  RowBinaryReader r(rows);
  while (!r.done()) {
    StoredCheckpoint cp;
    ASSIGN_OR_RETURN(cp.size, r.UInt64());
    ASSIGN_OR_RETURN(std::string_view note, r.String());
    cp.note = std::string(note);
    out.push_back(std::move(cp));
  }
  return out;
}

Result<std::vector<RegisteredNode>> ReadNodes(ClickHouseClient& client) {
  ASSIGN_OR_RETURN(std::string rows,
                   client.Query("SELECT node, any(name) FROM nodes GROUP BY node ORDER BY node "
                                "FORMAT RowBinary"));
  std::vector<RegisteredNode> out;
  RowBinaryReader r(rows);
  while (!r.done()) {
    RegisteredNode n;
    ASSIGN_OR_RETURN(n.node, r.UInt16());
    ASSIGN_OR_RETURN(std::string_view name, r.String());
    n.name = std::string(name);
    out.push_back(std::move(n));
  }
  return out;
}

Result<std::vector<ledger::Hash>> ReadLeaves(ClickHouseClient& client, uint16_t node,
                                             uint64_t begin, uint64_t end) {
  ASSIGN_OR_RETURN(std::string rows,
                   client.Query(fmt::format("SELECT seq, hash FROM ledger_leaves WHERE node = {} "
                                            "AND seq >= {} AND seq < {} ORDER BY seq LIMIT 1 BY "
                                            "seq FORMAT RowBinary",
                                            node, begin, end)));
  std::vector<ledger::Hash> out;
  RowBinaryReader r(rows);
  while (!r.done()) {
    ASSIGN_OR_RETURN(uint64_t seq, r.UInt64());
    if (seq != begin + out.size()) {
      return Status::Corruption(fmt::format(
          "ClickHouse ledger_leaves of node {}: seq {} follows seq {}; the log has a gap", node,
          seq, begin + out.size() - 1));
    }
    ASSIGN_OR_RETURN(ledger::Hash h, ReadHash(r));
    out.push_back(h);
  }
  return out;
}

Result<std::vector<ledger::Hash>> ReadTileLeaves(ClickHouseClient& client, uint16_t node,
                                                 uint64_t tile) {
  const uint64_t first = tile * ledger::kTileSize;
  ASSIGN_OR_RETURN(std::vector<ledger::Hash> out,
                   ReadLeaves(client, node, first, first + ledger::kTileSize));
  if (out.size() != ledger::kTileSize) {
    return Status::Corruption(
        fmt::format("ClickHouse ledger_leaves of node {}: tile {} has {} of {} leaves", node, tile,
                    out.size(), ledger::kTileSize));
  }
  return out;
}

Result<std::optional<StoredCheckpoint>> ReadLatestCheckpoint(ClickHouseClient& client,
                                                             uint16_t node) {
  ASSIGN_OR_RETURN(std::string rows,
                   client.Query(fmt::format("SELECT size, note FROM ledger_checkpoints WHERE node "
                                            "= {} ORDER BY size DESC LIMIT 1 FORMAT RowBinary",
                                            node)));
  if (rows.empty()) return std::optional<StoredCheckpoint>();
  RowBinaryReader r(rows);
  StoredCheckpoint cp;
  ASSIGN_OR_RETURN(cp.size, r.UInt64());
  ASSIGN_OR_RETURN(std::string_view note, r.String());
  cp.note = std::string(note);
  return std::optional<StoredCheckpoint>(std::move(cp));
}

Result<std::optional<std::string>> ReadVerifierKey(ClickHouseClient& client, uint16_t node) {
  ASSIGN_OR_RETURN(std::string rows,
                   client.Query(fmt::format("SELECT verifier_key FROM ledger_keys WHERE node = {} "
                                            "ORDER BY written_ms DESC LIMIT 1 FORMAT RowBinary",
                                            node)));
  if (rows.empty()) return std::optional<std::string>();
  RowBinaryReader r(rows);
  ASSIGN_OR_RETURN(std::string_view key, r.String());
  return std::optional<std::string>(std::string(key));
}

ClickHouseNodeLedger::ClickHouseNodeLedger(ClickHouseClient* client, uint16_t node)
    : NodeLedger(node),
      client_(client),
      tree_([client, node](uint64_t tile) { return ReadTileLeaves(*client, node, tile); }) {}

Result<std::optional<StoredCheckpoint>> ClickHouseNodeLedger::LatestCheckpoint() {
  return ReadLatestCheckpoint(*client_, node());
}

Result<std::string> ClickHouseNodeLedger::VerifierKey() {
  ASSIGN_OR_RETURN(std::optional<std::string> key, ReadVerifierKey(*client_, node()));
  if (!key) {
    return Status::NotFound(fmt::format(
        "node {} registered no checkpoint verifier key in ClickHouse (ledger_keys): it runs a "
        "Vigil older than schema version 3, or has not started since",
        node()));
  }
  return *key;
}

Result<ledger::Hash> ClickHouseNodeLedger::Root(uint64_t size) {
  RETURN_IF_ERROR(Reach(size));
  return tree_.RootAt(size);
}

Result<std::vector<ledger::Hash>> ClickHouseNodeLedger::InclusionProof(uint64_t seq,
                                                                       uint64_t size) {
  RETURN_IF_ERROR(Reach(size));
  return tree_.InclusionProof(seq, size);
}

Result<std::vector<ledger::Hash>> ClickHouseNodeLedger::ConsistencyProof(uint64_t size1,
                                                                         uint64_t size2) {
  RETURN_IF_ERROR(Reach(size2));
  return tree_.ConsistencyProof(size1, size2);
}

Status ClickHouseNodeLedger::Reach(uint64_t size) {
  if (size <= tree_.size()) return Status::Ok();
  std::lock_guard lock(grow_mu_);
  if (size <= tree_.size()) return Status::Ok();
  ASSIGN_OR_RETURN(std::optional<StoredCheckpoint> latest, LatestCheckpoint());
  const uint64_t signed_size = latest ? latest->size : 0;
  if (size > signed_size) {
    return Status::InvalidArgument(
        fmt::format("node {} has signed checkpoints up to size {}; size {} is past them", node(),
                    signed_size, size));
  }
  return Grow(signed_size);
}

Status ClickHouseNodeLedger::Grow(uint64_t target) {
  // Leaves up to the next tile boundary, then whole tiles (by their stored
  // root, or their leaves where that node did not store it), then the
  // leaves of the last, incomplete tile.
  auto append_leaves = [&](uint64_t end) -> Status {
    const uint64_t begin = tree_.size();
    if (end <= begin) return Status::Ok();
    ASSIGN_OR_RETURN(std::vector<ledger::Hash> leaves, ReadLeaves(*client_, node(), begin, end));
    if (leaves.size() != end - begin) {
      return Status::Corruption(fmt::format(
          "ClickHouse ledger_leaves of node {}: the log ends at seq {}, before the size {} that "
          "node signed",
          node(), begin + leaves.size(), target));
    }
    for (const ledger::Hash& h : leaves) tree_.Append(h);
    return Status::Ok();
  };
  const uint64_t boundary =
      (tree_.size() + ledger::kTileSize - 1) / ledger::kTileSize * ledger::kTileSize;
  RETURN_IF_ERROR(append_leaves(std::min(boundary, target)));
  const uint64_t end_tile = target / ledger::kTileSize;
  if (tree_.size() % ledger::kTileSize == 0 && tree_.tile_count() < end_tile) {
    ASSIGN_OR_RETURN(auto roots, ReadTileRoots(*client_, node(), tree_.tile_count(), end_tile));
    for (uint64_t t = tree_.tile_count(); t < end_tile; ++t) {
      auto it = roots.find(t);
      if (it != roots.end()) {
        tree_.AppendTile(it->second);
      } else {
        RETURN_IF_ERROR(append_leaves((t + 1) * ledger::kTileSize));
      }
    }
  }
  return append_leaves(target);
}

}  // namespace vigil::clickhouse
