#include "ledger/recomputed_tree.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "ledger/log_tree.h"
#include "ledger/merkle.h"

namespace vigil::ledger {
namespace {

using ledger::Hash;
using ledger::kTileSize;

// Twenty complete tiles (a subtree four levels above the tiles and more) and a part.
constexpr uint64_t kLeaves = 20 * kTileSize + kTileSize / 2 + 3;

std::vector<Hash> Leaves() {
  std::vector<Hash> out;
  for (uint64_t i = 0; i < kLeaves; ++i)
    out.push_back(ledger::LeafHash("leaf " + std::to_string(i)));
  return out;
}

// The reference: the store's LogTree holding every leaf (its cache keeps all
// tiles, so it never calls the loader), itself tested against MemoryTree.
std::unique_ptr<ledger::LogTree> ReferenceTree(const std::vector<Hash>& leaves) {
  auto tree = std::make_unique<ledger::LogTree>([](uint64_t) -> Result<std::vector<Hash>> {
    return Status::Internal("the reference tree lost a tile");
  });
  for (const Hash& h : leaves) tree->Append(h);
  return tree;
}

TEST(RecomputedTreeTest, RootsAndTileRootsAtEverySize) {
  const std::vector<Hash> leaves = Leaves();
  const ledger::MemoryTree memory(leaves);
  RecomputedTree tree;
  EXPECT_EQ(tree.Root(), ledger::EmptyTreeHash());
  for (uint64_t i = 0; i < kLeaves; ++i) {
    const std::optional<Hash> tile_root = tree.Append(leaves[i]);
    ASSERT_EQ(tree.size(), i + 1);
    ASSERT_EQ(tree.Root(), memory.RootAt(i + 1)) << "size " << i + 1;
    if ((i + 1) % kTileSize == 0) {
      ASSERT_TRUE(tile_root.has_value()) << i;
      EXPECT_EQ(*tile_root, memory.RangeHash(i + 1 - kTileSize, i + 1));
    } else {
      ASSERT_FALSE(tile_root.has_value()) << i;
    }
  }
}

// For every mark m, the sizes n near the mark or a tile border (and a
// sample of the others): the proof verifies against the two roots and
// equals RFC 9162's (the reference's).
TEST(RecomputedTreeTest, ConsistencyProofsFromEveryMark) {
  const std::vector<Hash> leaves = Leaves();
  const std::unique_ptr<ledger::LogTree> reference = ReferenceTree(leaves);
  RecomputedTree base;
  size_t checked = 0;
  for (uint64_t m = 0; m <= kLeaves; ++m) {
    RecomputedTree tree = base;
    tree.Mark();
    ASSERT_EQ(tree.marked_size(), m);
    const Hash root1 = tree.Root();
    for (uint64_t n = m; n <= kLeaves; ++n) {
      const bool near_mark =
          n - m <= 3 || (n - m) % kTileSize <= 1 || (n - m) % kTileSize == kTileSize - 1;
      const bool near_border = n % kTileSize <= 1 || n % kTileSize == kTileSize - 1;
      if (near_mark || near_border || n == kLeaves || (m % 31 == 0 && n % 29 == 0)) {
        Result<std::vector<Hash>> proof = tree.ConsistencyProof();
        ASSERT_TRUE(proof.ok()) << m << " " << n << ": " << proof.status().ToString();
        if ((m + n) % 4 == 0) {  // the reference's own cost: a quarter suffices
          Result<std::vector<Hash>> expected = reference->ConsistencyProof(m, n);
          ASSERT_TRUE(expected.ok()) << expected.status().ToString();
          ASSERT_EQ(*proof, *expected) << "m " << m << " n " << n;
        }
        ASSERT_TRUE(ledger::VerifyConsistency(m, n, *proof, root1, tree.Root()).valid());
        ++checked;
      }
      if (n < kLeaves) (void)tree.Append(leaves[n]);
    }
    if (m < kLeaves) (void)base.Append(leaves[m]);
  }
  EXPECT_GT(checked, 15'000u) << checked;
}

// Tiles appended by their roots (events deleted by retention) give the same
// roots and consistency proofs as their leaves, as long as a mark inside a
// tile has that tile's leaves; a root inside a tile or over a marked tile is
// refused.
TEST(RecomputedTreeTest, TilesAppendedByTheirRoots) {
  const std::vector<Hash> leaves = Leaves();
  const ledger::MemoryTree memory(leaves);
  const std::unique_ptr<ledger::LogTree> reference = ReferenceTree(leaves);
  for (uint64_t m : {uint64_t{0}, kTileSize, 3 * kTileSize + 5, 8 * kTileSize}) {
    RecomputedTree tree;
    for (uint64_t t = 0; t * kTileSize < kLeaves; ++t) {
      if (tree.size() == m) tree.Mark();
      const uint64_t begin = t * kTileSize;
      // Tiles 1, 2, 5-9 and 12 by root, but the marked size's own tile.
      const bool by_root = (t == 1 || t == 2 || (t >= 5 && t <= 9) || t == 12) &&
                           begin + kTileSize <= kLeaves &&
                           (m % kTileSize == 0 || t != m / kTileSize);
      if (by_root) {
        ASSERT_TRUE(tree.AppendTileRoot(memory.RangeHash(begin, begin + kTileSize)).ok());
        if (tree.size() == m) tree.Mark();
        continue;
      }
      for (uint64_t i = begin; i < std::min(kLeaves, begin + kTileSize); ++i) {
        if (tree.size() == m) tree.Mark();
        (void)tree.Append(leaves[i]);
      }
    }
    ASSERT_EQ(tree.size(), kLeaves);
    EXPECT_EQ(tree.Root(), memory.RootAt(kLeaves));
    Result<std::vector<Hash>> proof = tree.ConsistencyProof();
    ASSERT_TRUE(proof.ok()) << "mark " << m << ": " << proof.status().ToString();
    EXPECT_EQ(*proof, *reference->ConsistencyProof(m, kLeaves)) << "mark " << m;
  }
  RecomputedTree tree;
  (void)tree.Append(leaves[0]);
  EXPECT_EQ(tree.AppendTileRoot(Hash{}).code(), StatusCode::kInternal);
  RecomputedTree marked;
  for (uint64_t i = 0; i < 3; ++i) (void)marked.Append(leaves[i]);
  marked.Mark();
  for (uint64_t i = 3; i < kTileSize; ++i) (void)marked.Append(leaves[i]);
  EXPECT_TRUE(marked.AppendTileRoot(memory.RangeHash(kTileSize, 2 * kTileSize)).ok());
}

// A mark moves: the proof is always from the latest mark, whatever came before.
TEST(RecomputedTreeTest, MarksInSequenceLikeCheckpoints) {
  const std::vector<Hash> leaves = Leaves();
  const std::unique_ptr<ledger::LogTree> reference = ReferenceTree(leaves);
  RecomputedTree tree;
  const std::vector<uint64_t> checkpoints = {0,
                                             1,
                                             kTileSize - 1,
                                             kTileSize,
                                             kTileSize + 5,
                                             3 * kTileSize - 2,
                                             16 * kTileSize,
                                             16 * kTileSize + 1,
                                             kLeaves};
  uint64_t previous = 0;
  for (uint64_t size : checkpoints) {
    while (tree.size() < size) (void)tree.Append(leaves[tree.size()]);
    Result<std::vector<Hash>> proof = tree.ConsistencyProof();
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_EQ(*proof, *reference->ConsistencyProof(previous, size)) << previous << " " << size;
    tree.Mark();
    previous = size;
  }
}

}  // namespace
}  // namespace vigil::ledger
