// RecomputedTree: the ledger's Merkle tree (docs/format/ledger.md) rebuilt
// from leaf hashes streamed in seq order, in O(log n) memory, for `vigil
// verify`. It trusts nothing stored about the tree: no tile roots, no nodes.
//
// It keeps the roots of the perfect subtrees that make up the complete
// kTileSize-leaf tiles so far (one per set bit of the tile count), the leaves of
// the current incomplete tile, and, for the consistency proof from a marked
// size to the current one, what that proof needs and a stack no longer
// holds: the subtree roots at the mark, the leaves of the tile holding the
// mark, and the subtree roots of the complete tiles since the mark. So it
// answers exactly the ranges RFC 9162 §2.1.4.1 visits between two sizes
// (unit-tested against ledger::MemoryTree).
//
// Not thread-safe; a single streaming pass owns it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/status.h"
#include "ledger/log_tree.h"
#include "ledger/merkle.h"

namespace vigil::ledger {

class RecomputedTree {
 public:
  RecomputedTree() = default;

  // Appends the leaf hash of the next seq (seq == size()). Returns the root
  // of the tile this leaf completes, if it completes one (its tile index is
  // size() / kTileSize - 1 afterwards).
  std::optional<ledger::Hash> Append(const ledger::Hash& leaf_hash);
  // Appends a whole tile by its root, for a tile whose leaves are gone
  // (events deleted by retention): trusted as given, so the checkpoints after
  // it are what checks it. Precondition: size() is a multiple of kTileSize
  // and the marked size does not fall inside this tile (kInternal otherwise).
  Status AppendTileRoot(const ledger::Hash& root);

  uint64_t size() const { return tiles_ * ledger::kTileSize + tile_.size(); }

  // MTH(D[0:size()]), the empty tree's hash when size() == 0.
  ledger::Hash Root() const;

  // Remembers size() as the older size of ConsistencyProof (forgetting an
  // earlier mark). The constructor marks size 0.
  void Mark();
  uint64_t marked_size() const { return mark_size_; }

  // PROOF(marked_size(), D[0:size()]) of RFC 9162 §2.1.4.1 (empty when the
  // sizes are equal or the mark is 0). kInternal if the proof asks for a
  // range this class does not keep (a bug).
  Result<std::vector<ledger::Hash>> ConsistencyProof() const;

 private:
  // A perfect subtree of `size` leaves (a power of two, >= kTileSize) from
  // `begin` (a multiple of size).
  struct Subtree {
    uint64_t begin = 0;
    uint64_t size = 0;
    ledger::Hash root{};
  };

  // Pushes the complete tile tiles_ (its leaves in tile_, or none).
  void CompleteTile(const ledger::Hash& root);
  // Pushes a subtree and merges the last two while they are siblings.
  static void Push(std::vector<Subtree>* stack, const Subtree& s);
  // MTH(D[begin:end]) for a range of the proof (merkle.h RangeHasher).
  Result<ledger::Hash> RangeHash(uint64_t begin, uint64_t end) const;
  // The leaves of tile t when kept (the current or the marked tile), else null.
  const std::vector<ledger::Hash>* KeptTile(uint64_t t) const;

  uint64_t tiles_ = 0;                   // complete tiles
  std::vector<ledger::Hash> tile_;       // leaves of the current incomplete tile
  std::vector<Subtree> stack_;           // complete tiles as perfect subtrees, largest first
  uint64_t mark_size_ = 0;               // the older size of ConsistencyProof
  std::vector<Subtree> mark_stack_;      // stack_ at the mark
  std::vector<ledger::Hash> mark_tile_;  // tile mark_size_ / kTileSize once complete
  std::vector<Subtree> since_mark_;      // complete tiles from the first tile start >= the mark
};

}  // namespace vigil::ledger
