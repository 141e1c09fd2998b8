#include "ledger/log_tree.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>

namespace vigil::ledger {
namespace {

Hash Leaf(uint64_t i) { return LeafHash("event " + std::to_string(i)); }

// A LogTree over leaves 0..n-1 whose loader reads `stored` (the store's
// events) and counts its calls; the MemoryTree over the same leaves is the
// reference.
struct Fixture {
  std::vector<Hash> stored;
  std::atomic<int> loads{0};
  LogTree tree{[this](uint64_t t) -> Result<std::vector<Hash>> {
    ++loads;
    return std::vector<Hash>(stored.begin() + t * kTileSize, stored.begin() + (t + 1) * kTileSize);
  }};
  MemoryTree reference;

  void Grow(uint64_t n) {
    while (stored.size() < n) {
      stored.push_back(Leaf(stored.size()));
      tree.Append(stored.back());
      reference.Append(stored.back());
    }
  }
};

TEST(LogTreeTest, RootsMatchTheReferenceAtEverySize) {
  Fixture f;
  EXPECT_EQ(*f.tree.RootAt(0), EmptyTreeHash());
  for (uint64_t n = 1; n <= 3 * kTileSize + 7; ++n) {
    f.Grow(n);
    ASSERT_EQ(f.tree.size(), n);
    ASSERT_EQ(*f.tree.RootAt(n), f.reference.Root()) << n;
  }
  EXPECT_EQ(f.tree.tile_count(), 3u);
  // Earlier sizes stay provable after the tree grew.
  for (uint64_t n : {uint64_t{1}, kTileSize - 1, kTileSize, kTileSize + 1, 2 * kTileSize - 1,
                     2 * kTileSize, 3 * kTileSize + 5}) {
    EXPECT_EQ(*f.tree.RootAt(n), f.reference.RootAt(n)) << n;
  }
}

// Proofs from a tree built leaf by leaf (its recent tiles cached) and from
// one recovered from tile roots (every complete tile loaded) match RFC 9162's.
TEST(LogTreeTest, ProofsMatchTheReference) {
  Fixture f;
  f.Grow(1100);
  Fixture recovered;
  recovered.stored = f.stored;
  for (uint64_t t = 0; t < f.tree.tile_count(); ++t) recovered.tree.AppendTile(f.tree.TileRoot(t));
  for (uint64_t i = f.tree.tile_count() * kTileSize; i < f.stored.size(); ++i) {
    recovered.tree.Append(f.stored[i]);
  }
  const auto ref = f.reference.Hasher();
  for (uint64_t size : {1u, 2u, 15u, 16u, 17u, 255u, 256u, 257u, 768u, 1000u, 1024u, 1100u}) {
    for (const LogTree* tree : {&f.tree, &recovered.tree}) {
      for (uint64_t index = 0; index < size; index += (size > 300 ? 37 : 1)) {
        Result<std::vector<Hash>> got = tree->InclusionProof(index, size);
        ASSERT_TRUE(got.ok()) << got.status().ToString();
        ASSERT_EQ(*got, *ledger::InclusionProof(index, size, ref)) << index << "/" << size;
        ASSERT_TRUE(
            VerifyInclusion(f.stored[index], index, size, *got, f.reference.RootAt(size)).valid());
      }
      for (uint64_t size1 = 0; size1 <= size; size1 += (size > 300 ? 53 : 1)) {
        Result<std::vector<Hash>> got = tree->ConsistencyProof(size1, size);
        ASSERT_TRUE(got.ok()) << got.status().ToString();
        ASSERT_EQ(*got, *ledger::ConsistencyProof(size1, size, ref)) << size1 << "→" << size;
      }
    }
  }
  EXPECT_GT(recovered.loads.load(), 0);
}

TEST(LogTreeTest, RecoveredFromTileRootsGivesTheSameTree) {
  Fixture f;
  f.Grow(3 * kTileSize + 10);
  Fixture g;
  g.stored = f.stored;
  for (uint64_t t = 0; t < f.tree.tile_count(); ++t) g.tree.AppendTile(f.tree.TileRoot(t));
  for (uint64_t i = 3 * kTileSize; i < f.stored.size(); ++i) g.tree.Append(f.stored[i]);
  EXPECT_EQ(*g.tree.RootAt(g.tree.size()), *f.tree.RootAt(f.tree.size()));
  const uint64_t size = 3 * kTileSize + 7;
  EXPECT_EQ(*g.tree.InclusionProof(5, size), *f.tree.InclusionProof(5, size));
  EXPECT_GT(g.loads.load(), 0) << "leaves of complete tiles come from the loader";
}

TEST(LogTreeTest, LoadedTilesAreCheckedAgainstTheirRoots) {
  Fixture f;
  f.Grow((LogTree::kCachedTiles + 4) * kTileSize);  // tile 1 is no longer cached
  const uint64_t altered = kTileSize + 3;           // the stored event of this seq was altered
  f.stored[altered] = Leaf(99999);
  Result<std::vector<Hash>> proof = f.tree.InclusionProof(altered, 4 * kTileSize);
  ASSERT_FALSE(proof.ok());
  EXPECT_TRUE(proof.status().IsCorruption());
  const std::string tile = fmt::format("tile 1 (seqs {}-{})", kTileSize, 2 * kTileSize - 1);
  EXPECT_NE(proof.status().message().find(tile), std::string::npos) << proof.status().ToString();
}

TEST(LogTreeTest, SizesPastTheEndAreRejected) {
  Fixture f;
  f.Grow(10);
  EXPECT_TRUE(f.tree.RootAt(11).status().IsInvalidArgument());
  EXPECT_TRUE(f.tree.InclusionProof(3, 11).status().IsInvalidArgument());
  EXPECT_TRUE(f.tree.InclusionProof(10, 10).status().IsInvalidArgument());
  EXPECT_TRUE(f.tree.ConsistencyProof(4, 11).status().IsInvalidArgument());
  EXPECT_TRUE(f.tree.ConsistencyProof(5, 4).status().IsInvalidArgument());
}

TEST(LogTreeTest, ProofsIntoCachedTilesDoNotReload) {
  Fixture f;
  f.Grow(2 * kTileSize);
  ASSERT_TRUE(f.tree.InclusionProof(3, 2 * kTileSize).ok());
  EXPECT_EQ(f.loads.load(), 0) << "tiles completed by Append are cached";
}

}  // namespace
}  // namespace vigil::ledger
