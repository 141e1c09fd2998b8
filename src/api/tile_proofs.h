// TileProofs: inclusion proofs of every event of one complete 256-event
// *proof tile* (an aligned subtree of 2^kHeight leaves; not the store's
// 16-leaf tiles of ledger/log_tree.h) in one signed tree, from its leaf
// hashes: what GET /v1/export?proofs=true uses when it reads every event of
// the log in seq order anyway.
//
// LedgerSource::InclusionProof rebuilds the lowest part of each proof from stored
// events. Here a proof tile's 511 nodes are hashed once, and the part of the
// proofs above it (the same for all its events) is asked of the store once
// and checked: leaf 0's whole proof must verify against the checkpoint's
// root, so leaf hashes or a stored tree that do not match the signed root
// fail instead of giving bad proofs.
//
// Not thread-safe; one export owns it.
#pragma once

#include <cstdint>
#include <vector>

#include "api/ledger_source.h"
#include "core/status.h"
#include "ledger/checkpoint.h"
#include "ledger/merkle.h"

namespace vigil::api {

class TileProofs {
 public:
  static constexpr uint64_t kHeight = 8;
  static constexpr uint64_t kLeaves = uint64_t{1} << kHeight;  // 256

  // ledger must outlive this; checkpoint is one of its signed checkpoints.
  TileProofs(LedgerSource* ledger, ledger::Checkpoint checkpoint)
      : ledger_(ledger), checkpoint_(std::move(checkpoint)) {}

  // Makes proof tile `tile` current from its kLeaves leaf hashes (seqs tile *
  // kLeaves …). Precondition: the tile is complete within the checkpoint's
  // tree ((tile + 1) * kLeaves <= size). Corruption when leaf 0's proof does not
  // verify against the checkpoint's root; the store's errors pass through.
  Status Load(uint64_t tile, std::vector<ledger::Hash> leaves);

  // PATH(seq, D[0:size]) of a seq in the current tile, deepest sibling
  // first: what ledger->InclusionProof(seq, size) returns.
  std::vector<ledger::Hash> Prove(uint64_t seq) const;

 private:
  LedgerSource* ledger_;
  ledger::Checkpoint checkpoint_;
  uint64_t tile_ = 0;
  // levels_[k][i]: the root of the 2^k leaves from i * 2^k within the tile.
  std::vector<std::vector<ledger::Hash>> levels_;
  std::vector<ledger::Hash> above_;  // the proofs' part above the tile
};

}  // namespace vigil::api
