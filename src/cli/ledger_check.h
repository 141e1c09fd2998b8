// LedgerCheck: the streaming part of `vigil verify`. Fed every stored event
// in seq order, it recomputes each leaf hash (ledger/seal.h) and the tree
// (RecomputedTree), compares each complete tile's root with the root
// recorded in the tiles file (or ClickHouse's ledger_tiles), and each checkpoint, when the tree
// reaches its size, with the recomputed root; between a verified checkpoint and the next it checks
// an RFC 9162 consistency proof built from the recomputed tree. Problems are collected as messages,
// the first found first.
//
// Events deleted by the delete-after policy (store/engine/deletion_log.h)
// are stood in for by what their deletion records kept: their leaf hashes
// where kept, else the recorded root of each tile deleted whole (trusted,
// and checked by every checkpoint after it). Each record must be announced
// by the event it names: an `audit.retention` event of operation `delete`
// in `_system` whose metadata's `deleted_seqs` covers the record's seqs (or
// an event itself deleted by a later record) — so events removed by hand,
// even with a forged record, fail the check.
//
// Not thread-safe; one scan owns it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/recomputed_tree.h"
#include "store/engine/deletion_log.h"

namespace vigil::cli {

// A checkpoint file whose signature verified and whose name matches its size.
struct CheckpointFile {
  std::string path;
  ledger::Checkpoint checkpoint;
};

class LedgerCheck {
 public:
  // tile_roots: the tiles file's roots, tile 0 first. checkpoints: sorted by
  // size, sizes distinct. deletions: the deletions file's records, in seq
  // order. tiles_name: where the tile roots came from, for messages. A
  // checkpoint of size 0 is checked here.
  LedgerCheck(std::vector<ledger::Hash> tile_roots, std::vector<CheckpointFile> checkpoints,
              std::vector<DeletionRecord> deletions = {},
              std::string tiles_name = "the tiles file");

  // The Scan visitor. Returns non-OK, and sets stopped(), when the rest of
  // the log cannot be checked (a seq out of order, an event without a leaf
  // hash); the problem is then the last of problems().
  Status Visit(const Event& e);

  // After a complete scan: the checkpoints past the last event (the log was
  // truncated), a tiles file longer than the log, deletions not announced.
  void Finish();

  bool stopped() const { return stopped_; }
  // Events read: the tree's size less the deleted events stood in for.
  uint64_t events() const { return tree_.size() - deleted_; }
  uint64_t deleted_events() const { return deleted_; }
  // Tiles compared with a recorded root.
  uint64_t tiles_checked() const { return tiles_checked_; }
  uint64_t checkpoints_verified() const { return verified_; }
  // The newest verified checkpoint.
  const std::optional<CheckpointFile>& latest() const { return last_good_; }
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  Status Stop(std::string problem);
  // Appends the deleted seqs from the tree's size up to `end`; false (and
  // stopped) when a record does not cover them or lacks what they need.
  bool FillDeleted(uint64_t end);
  // The record holding seq, or null.
  const DeletionRecord* DeletionOf(uint64_t seq) const;
  // Checks e against the records it announces.
  void CheckAnnouncement(const Event& e);
  void CheckTile(const ledger::Hash& root);
  void CheckCheckpointsAtSize();
  void CheckCheckpoint(const CheckpointFile& f);
  // For a checkpoint of `size` whose root differs: what the tiles and the
  // checkpoints that still match say about where the change is.
  std::string WhereTheChangeIs(uint64_t size) const;

  ledger::RecomputedTree tree_;
  const std::string tiles_name_;
  const std::vector<ledger::Hash> tile_roots_;
  const std::vector<CheckpointFile> checkpoints_;
  const std::vector<DeletionRecord> deletions_;
  std::vector<bool> announced_;  // per record of deletions_
  // Announcing seq → the records naming it (looked up for every event).
  std::unordered_map<uint64_t, std::vector<size_t>> by_announcement_;
  uint64_t deleted_ = 0;
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
