// LogTree: the Merkle tree (merkle.h) of a growing log, held compactly. It
// keeps the roots of complete *tiles* (aligned subtrees of kTileSize leaves),
// every tree level above them, and the leaf hashes of the last, incomplete
// tile: about 64 bytes of memory per 16 leaves instead of 32 per leaf. The
// leaves of a complete tile, which proofs reaching into it need, come back
// through a TileLoader (the store rehashes the tile's events from its
// segments). Tiles are 16 leaves, not the 256 of C2SP tlog-tiles, because a
// proof's cost is rehashing one tile: 16 events from one segment row group
// keeps a proof under a millisecond (docs/benchmarks.md "Ledger").
//
// Any tree size up to size() has a root and proofs, so checkpoints taken
// earlier stay provable. Thread-safe: one thread appends while others read
// roots and proofs; the loader is called without any lock held.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <utility>
#include <vector>

#include "core/status.h"
#include "ledger/merkle.h"

namespace vigil::ledger {

inline constexpr uint64_t kTileHeight = 4;
inline constexpr uint64_t kTileSize = uint64_t{1} << kTileHeight;  // 16 leaves

class LogTree {
 public:
  // The kTileSize leaf hashes of complete tile `tile` (leaves tile * 256 …).
  using TileLoader = std::function<Result<std::vector<Hash>>(uint64_t tile)>;

  // Tiles whose leaves are kept after a load or after Append completed them
  // (the most recent: proofs for new events, and repeated requests).
  static constexpr size_t kCachedTiles = 256;

  explicit LogTree(TileLoader loader) : loader_(std::move(loader)) {}

  uint64_t size() const;
  // Complete tiles: size() / kTileSize.
  uint64_t tile_count() const;
  // The root of complete tile t < tile_count().
  Hash TileRoot(uint64_t t) const;

  void Append(const Hash& leaf_hash);
  // Appends a whole tile by its root (recovery from stored tile roots).
  // Precondition: size() is a multiple of kTileSize.
  void AppendTile(const Hash& tile_root);

  // MTH(D[0:size]); InvalidArgument when size > size(); loader errors pass through.
  Result<Hash> RootAt(uint64_t size) const;
  // MTH(D[begin:end]), 0 <= begin < end <= size(): a RangeHasher (merkle.h).
  Result<Hash> RangeHash(uint64_t begin, uint64_t end) const;
  Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size) const;
  Result<std::vector<Hash>> ConsistencyProof(uint64_t size1, uint64_t size2) const;

  // The leaf hashes of tile t, complete or the current incomplete one
  // (loaded for a complete tile; cached for the next few calls).
  Result<std::vector<Hash>> TileLeaves(uint64_t t) const;

 private:
  void AppendTileLocked(const Hash& tile_root);  // requires mu_ held exclusively
  // Perfect subtree of 2^height leaves starting at begin (aligned), height >= kTileHeight.
  Hash Node(uint64_t height, uint64_t begin) const;

  TileLoader loader_;
  mutable std::shared_mutex mu_;
  // levels_[j][i]: the root of the 2^(8+j) leaves from i * 2^(8+j); levels_[0] are tile roots.
  std::vector<std::vector<Hash>> levels_;
  std::vector<Hash> tail_;  // leaves of the incomplete last tile (< kTileSize)

  mutable std::mutex cache_mu_;
  mutable std::list<std::pair<uint64_t, std::vector<Hash>>> cache_;  // most recent first
};

// MTH of a whole sequence of leaf hashes (RFC 9162), without a tree object.
Hash HashLeaves(std::span<const Hash> leaves);

}  // namespace vigil::ledger
