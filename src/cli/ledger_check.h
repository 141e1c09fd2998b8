// LedgerCheck: the streaming part of `vigil verify`. Fed every stored event
// in seq order, it recomputes each leaf hash (ledger/seal.h) and the tree
// (RecomputedTree), compares each complete tile's root with the root
// recorded in the tiles file, and each checkpoint, when the tree reaches its
// size, with the recomputed root; between a verified checkpoint and the
// next it checks an RFC 9162 consistency proof built from the recomputed
// tree. Problems are collected as messages, the first found first.
//
// Not thread-safe; one scan owns it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/recomputed_tree.h"

namespace vigil::cli {

// A checkpoint file whose signature verified and whose name matches its size.
struct CheckpointFile {
  std::string path;
  ledger::Checkpoint checkpoint;
};

class LedgerCheck {
 public:
  // tile_roots: the tiles file's roots, tile 0 first. checkpoints: sorted by
  // size, sizes distinct. A checkpoint of size 0 is checked here.
  LedgerCheck(std::vector<ledger::Hash> tile_roots, std::vector<CheckpointFile> checkpoints);

  // The Scan visitor. Returns non-OK, and sets stopped(), when the rest of
  // the log cannot be checked (a seq out of order, an event without a leaf
  // hash); the problem is then the last of problems().
  Status Visit(const Event& e);

  // After a complete scan: the checkpoints past the last event (the log was
  // truncated), and a tiles file longer than the log.
  void Finish();

  bool stopped() const { return stopped_; }
  uint64_t events() const { return tree_.size(); }
  // Tiles compared with a recorded root.
  uint64_t tiles_checked() const { return tiles_checked_; }
  uint64_t checkpoints_verified() const { return verified_; }
  // The newest verified checkpoint.
  const std::optional<CheckpointFile>& latest() const { return last_good_; }
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  Status Stop(std::string problem);
  void CheckTile(const ledger::Hash& root);
  void CheckCheckpointsAtSize();
  void CheckCheckpoint(const CheckpointFile& f);
  // For a checkpoint of `size` whose root differs: what the tiles and the
  // checkpoints that still match say about where the change is.
  std::string WhereTheChangeIs(uint64_t size) const;

  ledger::RecomputedTree tree_;
  const std::vector<ledger::Hash> tile_roots_;
  const std::vector<CheckpointFile> checkpoints_;
  size_t next_ = 0;  // the next checkpoint to reach
  std::optional<CheckpointFile> last_good_;
  std::optional<uint64_t> first_bad_tile_;
  uint64_t tiles_checked_ = 0;
  uint64_t tile_problems_ = 0;
  uint64_t verified_ = 0;
  bool stopped_ = false;
  std::vector<std::string> problems_;
};

// "tile 1 (seqs 256-511)".
std::string TileSeqs(uint64_t t);

}  // namespace vigil::cli
