#include "ledger/log_tree.h"

#include <fmt/format.h>

#include <bit>

namespace vigil::ledger {

Hash HashLeaves(std::span<const Hash> leaves) {
  if (leaves.empty()) return EmptyTreeHash();
  if (leaves.size() == 1) return leaves[0];
  const uint64_t k = SplitPoint(leaves.size());
  return NodeHash(HashLeaves(leaves.first(k)), HashLeaves(leaves.subspan(k)));
}

uint64_t LogTree::size() const {
  std::shared_lock lock(mu_);
  return (levels_.empty() ? 0 : levels_[0].size() * kTileSize) + tail_.size();
}

uint64_t LogTree::tile_count() const {
  std::shared_lock lock(mu_);
  return levels_.empty() ? 0 : levels_[0].size();
}

Hash LogTree::TileRoot(uint64_t t) const {
  std::shared_lock lock(mu_);
  return levels_[0][t];
}

void LogTree::AppendTile(const Hash& tile_root) {
  std::unique_lock lock(mu_);
  AppendTileLocked(tile_root);
}

void LogTree::AppendTileLocked(const Hash& tile_root) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(tile_root);
  // Complete every parent whose right child this was.
  for (size_t j = 0; levels_[j].size() % 2 == 0; ++j) {
    if (j + 1 == levels_.size()) levels_.emplace_back();
    const std::vector<Hash>& below = levels_[j];
    levels_[j + 1].push_back(NodeHash(below[below.size() - 2], below.back()));
  }
}

void LogTree::Append(const Hash& leaf_hash) {
  std::vector<Hash> full;
  uint64_t tile = 0;
  {
    std::unique_lock lock(mu_);
    tail_.push_back(leaf_hash);
    if (tail_.size() < kTileSize) return;
    full.swap(tail_);
    tile = levels_.empty() ? 0 : levels_[0].size();
    AppendTileLocked(HashLeaves(full));
  }
  // The just-completed tile is the likeliest to be asked for next.
  std::lock_guard cache(cache_mu_);
  cache_.emplace_front(tile, std::move(full));
  if (cache_.size() > kCachedTiles) cache_.pop_back();
}

Hash LogTree::Node(uint64_t height, uint64_t begin) const {
  return levels_[height - kTileHeight][begin >> height];
}

Result<std::vector<Hash>> LogTree::TileLeaves(uint64_t t) const {
  {
    std::shared_lock lock(mu_);
    const uint64_t complete = levels_.empty() ? 0 : levels_[0].size();
    if (t == complete) return tail_;
    if (t > complete) {
      return Status::InvalidArgument(fmt::format("tile {} is past the log's end", t));
    }
  }
  {
    std::lock_guard cache(cache_mu_);
    for (auto it = cache_.begin(); it != cache_.end(); ++it) {
      if (it->first != t) continue;
      cache_.splice(cache_.begin(), cache_, it);
      return cache_.front().second;
    }
  }
  ASSIGN_OR_RETURN(std::vector<Hash> leaves, loader_(t));
  if (leaves.size() != kTileSize) {
    return Status::Internal(
        fmt::format("tile {}: the loader gave {} leaves, not {}", t, leaves.size(), kTileSize));
  }
  if (HashLeaves(leaves) != TileRoot(t)) {
    return Status::Corruption(fmt::format(
        "tile {} (seqs {}-{}): the stored events do not hash to the tile's recorded root", t,
        t * kTileSize, t * kTileSize + kTileSize - 1));
  }
  std::lock_guard cache(cache_mu_);
  cache_.emplace_front(t, leaves);
  if (cache_.size() > kCachedTiles) cache_.pop_back();
  return leaves;
}

Result<Hash> LogTree::RangeHash(uint64_t begin, uint64_t end) const {
  if (begin >= end || end > size()) {
    return Status::InvalidArgument(
        fmt::format("range [{}, {}) outside a log of {} leaves", begin, end, size()));
  }
  const uint64_t n = end - begin;
  if (n >= kTileSize && std::has_single_bit(n) && begin % n == 0) {
    std::shared_lock lock(mu_);
    return Node(static_cast<uint64_t>(std::countr_zero(n)), begin);
  }
  const uint64_t tile = begin / kTileSize;
  if ((end - 1) / kTileSize == tile) {  // inside one tile
    ASSIGN_OR_RETURN(std::vector<Hash> leaves, TileLeaves(tile));
    const uint64_t first = tile * kTileSize;
    if (end - first > leaves.size()) {
      return Status::Internal(
          fmt::format("tile {} holds {} leaves, not {}", tile, leaves.size(), end - first));
    }
    return HashLeaves(std::span<const Hash>(leaves).subspan(begin - first, n));
  }
  const uint64_t k = SplitPoint(n);
  ASSIGN_OR_RETURN(Hash left, RangeHash(begin, begin + k));
  ASSIGN_OR_RETURN(Hash right, RangeHash(begin + k, end));
  return NodeHash(left, right);
}

Result<Hash> LogTree::RootAt(uint64_t size) const {
  if (size == 0) return EmptyTreeHash();
  return RangeHash(0, size);
}

Result<std::vector<Hash>> LogTree::InclusionProof(uint64_t index, uint64_t size) const {
  if (size > this->size()) {
    return Status::InvalidArgument(
        fmt::format("tree size {} is past the log's size {}", size, this->size()));
  }
  return ledger::InclusionProof(index, size,
                                [this](uint64_t b, uint64_t e) { return RangeHash(b, e); });
}

Result<std::vector<Hash>> LogTree::ConsistencyProof(uint64_t size1, uint64_t size2) const {
  if (size2 > size()) {
    return Status::InvalidArgument(
        fmt::format("tree size {} is past the log's size {}", size2, size()));
  }
  return ledger::ConsistencyProof(size1, size2,
                                  [this](uint64_t b, uint64_t e) { return RangeHash(b, e); });
}

}  // namespace vigil::ledger
