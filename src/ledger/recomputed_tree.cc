#include "ledger/recomputed_tree.h"

#include <fmt/format.h>

#include <bit>
#include <span>

namespace vigil::ledger {

using ledger::Hash;
using ledger::kTileSize;

std::optional<Hash> RecomputedTree::Append(const Hash& leaf_hash) {
  tile_.push_back(leaf_hash);
  if (tile_.size() < kTileSize) return std::nullopt;
  const Hash root = ledger::HashLeaves(tile_);
  CompleteTile(root);
  return root;
}

Status RecomputedTree::AppendTileRoot(const Hash& root) {
  if (!tile_.empty()) {
    return Status::Internal(fmt::format("a tile root appended at size {}, inside a tile", size()));
  }
  if (mark_size_ % kTileSize != 0 && tiles_ == mark_size_ / kTileSize) {
    return Status::Internal(fmt::format(
        "a tile root appended for the tile of the marked size {}, whose leaves the consistency "
        "proof needs",
        mark_size_));
  }
  CompleteTile(root);
  return Status::Ok();
}

void RecomputedTree::CompleteTile(const Hash& root) {
  const uint64_t begin = tiles_ * kTileSize;
  Push(&stack_, {begin, kTileSize, root});
  if (begin >= mark_size_) Push(&since_mark_, {begin, kTileSize, root});
  if (tiles_ == mark_size_ / kTileSize) mark_tile_ = tile_;
  tile_.clear();
  ++tiles_;
}

void RecomputedTree::Push(std::vector<Subtree>* stack, const Subtree& s) {
  stack->push_back(s);
  while (stack->size() >= 2) {
    const Subtree right = stack->back();
    Subtree& left = (*stack)[stack->size() - 2];
    if (left.size != right.size || left.begin % (2 * left.size) != 0) break;
    left = {left.begin, 2 * left.size, ledger::NodeHash(left.root, right.root)};
    stack->pop_back();
  }
}

Hash RecomputedTree::Root() const {
  if (size() == 0) return ledger::EmptyTreeHash();
  // MTH folds the perfect subtrees from the right: the largest is the left
  // child of the root, the rest its right child, and so on down.
  std::optional<Hash> right;
  if (!tile_.empty()) right = ledger::HashLeaves(tile_);
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
    right = right ? ledger::NodeHash(it->root, *right) : it->root;
  }
  return *right;
}

void RecomputedTree::Mark() {
  mark_size_ = size();
  mark_stack_ = stack_;
  mark_tile_.clear();
  since_mark_.clear();
}

const std::vector<Hash>* RecomputedTree::KeptTile(uint64_t t) const {
  if (t == tiles_) return &tile_;
  if (t == mark_size_ / kTileSize && mark_tile_.size() == kTileSize) return &mark_tile_;
  return nullptr;
}

Result<Hash> RecomputedTree::RangeHash(uint64_t begin, uint64_t end) const {
  const uint64_t n = end - begin;
  const uint64_t tile = begin / kTileSize;
  if ((end - 1) / kTileSize == tile) {
    const std::vector<Hash>* leaves = KeptTile(tile);
    const uint64_t first = tile * kTileSize;
    if (leaves != nullptr && end - first <= leaves->size()) {
      return ledger::HashLeaves(std::span<const Hash>(*leaves).subspan(begin - first, n));
    }
  }
  if (n >= kTileSize && std::has_single_bit(n) && begin % n == 0) {
    for (const std::vector<Subtree>* kept : {&mark_stack_, &since_mark_, &stack_}) {
      for (const Subtree& s : *kept) {
        if (s.begin == begin && s.size == n) return s.root;
      }
    }
  } else if ((end - 1) / kTileSize != tile) {
    const uint64_t k = ledger::SplitPoint(n);
    ASSIGN_OR_RETURN(Hash left, RangeHash(begin, begin + k));
    ASSIGN_OR_RETURN(Hash right, RangeHash(begin + k, end));
    return ledger::NodeHash(left, right);
  }
  return Status::Internal(fmt::format(
      "the recomputed tree keeps no hash of seqs {}-{} (consistency proof from size {} to {})",
      begin, end - 1, mark_size_, size()));
}

Result<std::vector<Hash>> RecomputedTree::ConsistencyProof() const {
  return ledger::ConsistencyProof(mark_size_, size(),
                                  [this](uint64_t b, uint64_t e) { return RangeHash(b, e); });
}

}  // namespace vigil::ledger
