#include "ledger/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::ledger {
namespace {

Hash FromHex(std::string_view hex) {
  Hash h{};
  EXPECT_EQ(hex.size(), 64u);
  for (size_t i = 0; i < 32; ++i) {
    h[i] = static_cast<uint8_t>(std::stoi(std::string(hex.substr(2 * i, 2)), nullptr, 16));
  }
  return h;
}

std::vector<Hash> FromHex(std::initializer_list<std::string_view> hexes) {
  std::vector<Hash> out;
  for (std::string_view h : hexes) out.push_back(FromHex(h));
  return out;
}

// The leaves of the Certificate Transparency reference tests. The expected
// hashes below were computed independently (Python hashlib) from RFC 9162's
// definitions of MTH, PATH and SUBPROOF, and agree with the published CT
// test vectors.
const std::vector<std::string> kLeaves = {
    std::string(),
    std::string("\x00", 1),
    "\x10",
    "\x20\x21",
    "\x30\x31",
    "\x40\x41\x42\x43",
    "\x50\x51\x52\x53\x54\x55\x56\x57",
    "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};

MemoryTree ReferenceTree(size_t n) {
  MemoryTree t;
  for (size_t i = 0; i < n; ++i) t.Append(LeafHash(kLeaves[i]));
  return t;
}

// A tree of n leaves "leaf i".
MemoryTree CountingTree(size_t n) {
  MemoryTree t;
  for (size_t i = 0; i < n; ++i) t.Append(LeafHash("leaf " + std::to_string(i)));
  return t;
}

TEST(MerkleTest, EmptyTreeAndPrefixes) {
  EXPECT_EQ(EmptyTreeHash(),
            FromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  EXPECT_EQ(MemoryTree().Root(), EmptyTreeHash());
  // Leaf and node hashes carry their domain-separation prefix.
  EXPECT_EQ(LeafHash("abc"), Sha256(std::string("\x00", 1) + "abc"));
  const Hash a = LeafHash("a"), b = LeafHash("b");
  std::string node("\x01", 1);
  node.append(reinterpret_cast<const char*>(a.data()), 32);
  node.append(reinterpret_cast<const char*>(b.data()), 32);
  EXPECT_EQ(NodeHash(a, b), Sha256(node));
}

TEST(MerkleTest, SplitPointIsTheLargestPowerOfTwoBelow) {
  EXPECT_EQ(SplitPoint(2), 1u);
  EXPECT_EQ(SplitPoint(3), 2u);
  EXPECT_EQ(SplitPoint(4), 2u);
  EXPECT_EQ(SplitPoint(5), 4u);
  EXPECT_EQ(SplitPoint(8), 4u);
  EXPECT_EQ(SplitPoint(9), 8u);
  EXPECT_EQ(SplitPoint(uint64_t{1} << 40), uint64_t{1} << 39);
}

TEST(MerkleTest, KnownRoots) {
  const std::vector<Hash> roots = FromHex({
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  });
  const MemoryTree t = ReferenceTree(8);
  for (size_t n = 1; n <= 8; ++n) EXPECT_EQ(t.RootAt(n), roots[n - 1]) << n;
  // A single leaf's tree hash is its leaf hash.
  EXPECT_EQ(t.RootAt(1), LeafHash(""));
}

TEST(MerkleTest, KnownInclusionProofs) {
  const MemoryTree t = ReferenceTree(8);
  struct Case {
    uint64_t index, size;
    std::vector<Hash> proof;
  };
  const std::vector<Case> cases = {
      {0, 8,
       FromHex({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {5, 8,
       FromHex({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 3, FromHex({"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"})},
      {1, 5,
       FromHex({"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
      {0, 1, {}},
  };
  for (const Case& c : cases) {
    Result<std::vector<Hash>> proof = InclusionProof(c.index, c.size, t.Hasher());
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_EQ(*proof, c.proof) << c.index << " in " << c.size;
    EXPECT_TRUE(
        VerifyInclusion(t.leaves()[c.index], c.index, c.size, c.proof, t.RootAt(c.size)).valid());
  }
}

TEST(MerkleTest, KnownConsistencyProofs) {
  const MemoryTree t = ReferenceTree(8);
  struct Case {
    uint64_t size1, size2;
    std::vector<Hash> proof;
  };
  const std::vector<Case> cases = {
      {1, 8,
       FromHex({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {6, 8,
       FromHex({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 5,
       FromHex({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
      {3, 7,
       FromHex({"0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
                "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e"})},
      {4, 8, FromHex({"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
  };
  for (const Case& c : cases) {
    Result<std::vector<Hash>> proof = ConsistencyProof(c.size1, c.size2, t.Hasher());
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_EQ(*proof, c.proof) << c.size1 << " -> " << c.size2;
    EXPECT_TRUE(
        VerifyConsistency(c.size1, c.size2, c.proof, t.RootAt(c.size1), t.RootAt(c.size2)).valid());
  }
}

// Every inclusion proof of every tree up to 40 leaves verifies, and changing
// any part of it (a proof hash, the leaf, the index, the root, the proof's
// length) makes it fail. (The sizes are not bound by the proof itself: a
// proof may also fit another size with the same root. A signed checkpoint
// binds size and root together.)
TEST(MerkleTest, EveryInclusionProofVerifiesAndEveryTamperingFails) {
  const MemoryTree t = CountingTree(40);
  for (uint64_t size = 1; size <= 40; ++size) {
    const Hash root = t.RootAt(size);
    for (uint64_t index = 0; index < size; ++index) {
      Result<std::vector<Hash>> proof = InclusionProof(index, size, t.Hasher());
      ASSERT_TRUE(proof.ok());
      const Hash& leaf = t.leaves()[index];
      ASSERT_TRUE(VerifyInclusion(leaf, index, size, *proof, root).valid())
          << index << " in " << size << ": "
          << VerifyInclusion(leaf, index, size, *proof, root).problem;
      for (size_t k = 0; k < proof->size(); ++k) {
        std::vector<Hash> bad = *proof;
        bad[k][k % 32] ^= 1;
        EXPECT_FALSE(VerifyInclusion(leaf, index, size, bad, root).valid());
      }
      EXPECT_FALSE(VerifyInclusion(LeafHash("other"), index, size, *proof, root).valid());
      if (size > 1) {
        EXPECT_FALSE(VerifyInclusion(leaf, (index + 1) % size, size, *proof, root).valid());
      }
      EXPECT_FALSE(VerifyInclusion(leaf, index, size, *proof, t.RootAt(size - 1)).valid());
      std::vector<Hash> longer = *proof;
      longer.push_back(root);
      EXPECT_FALSE(VerifyInclusion(leaf, index, size, longer, root).valid());
      if (!proof->empty()) {
        std::vector<Hash> shorter(proof->begin(), proof->end() - 1);
        EXPECT_FALSE(VerifyInclusion(leaf, index, size, shorter, root).valid());
      }
    }
  }
}

TEST(MerkleTest, EveryConsistencyProofVerifiesAndEveryTamperingFails) {
  const MemoryTree t = CountingTree(40);
  for (uint64_t size2 = 1; size2 <= 40; ++size2) {
    const Hash root2 = t.RootAt(size2);
    for (uint64_t size1 = 1; size1 < size2; ++size1) {
      const Hash root1 = t.RootAt(size1);
      Result<std::vector<Hash>> proof = ConsistencyProof(size1, size2, t.Hasher());
      ASSERT_TRUE(proof.ok());
      ASSERT_TRUE(VerifyConsistency(size1, size2, *proof, root1, root2).valid())
          << size1 << " -> " << size2 << ": "
          << VerifyConsistency(size1, size2, *proof, root1, root2).problem;
      for (size_t k = 0; k < proof->size(); ++k) {
        std::vector<Hash> bad = *proof;
        bad[k][(k + 7) % 32] ^= 0x80;
        EXPECT_FALSE(VerifyConsistency(size1, size2, bad, root1, root2).valid());
      }
      EXPECT_FALSE(VerifyConsistency(size1, size2, *proof, root2, root2).valid());
      EXPECT_FALSE(VerifyConsistency(size1, size2, *proof, root1, root1).valid());
      std::vector<Hash> longer = *proof;
      longer.push_back(root2);
      EXPECT_FALSE(VerifyConsistency(size1, size2, longer, root1, root2).valid());
      std::vector<Hash> shorter(proof->begin(), proof->end() - 1);
      EXPECT_FALSE(VerifyConsistency(size1, size2, shorter, root1, root2).valid());
    }
  }
}

TEST(MerkleTest, EdgeCases) {
  const MemoryTree t = CountingTree(5);
  const Hash leaf = t.leaves()[0];
  // Index at or past the size.
  EXPECT_FALSE(InclusionProof(5, 5, t.Hasher()).ok());
  EXPECT_FALSE(InclusionProof(0, 0, t.Hasher()).ok());
  ProofVerdict v = VerifyInclusion(leaf, 5, 5, {}, t.Root());
  EXPECT_EQ(v.problem, "leaf index 5 is not below the tree size 5");
  EXPECT_FALSE(VerifyInclusion(leaf, 0, 0, {}, EmptyTreeHash()).valid());
  // A one-leaf tree: the empty proof, and the root is the leaf hash.
  EXPECT_TRUE(VerifyInclusion(leaf, 0, 1, {}, leaf).valid());
  EXPECT_FALSE(VerifyInclusion(leaf, 0, 2, {}, t.RootAt(2)).valid());

  // Equal sizes: empty proof, equal roots.
  EXPECT_TRUE(ConsistencyProof(5, 5, t.Hasher())->empty());
  EXPECT_TRUE(VerifyConsistency(5, 5, {}, t.Root(), t.Root()).valid());
  EXPECT_FALSE(VerifyConsistency(5, 5, {}, t.Root(), t.RootAt(4)).valid());
  const std::vector<Hash> one = {leaf};
  EXPECT_FALSE(VerifyConsistency(5, 5, one, t.Root(), t.Root()).valid());
  // From the empty tree: empty proof, root1 must be the empty tree's hash.
  EXPECT_TRUE(ConsistencyProof(0, 5, t.Hasher())->empty());
  EXPECT_TRUE(VerifyConsistency(0, 5, {}, EmptyTreeHash(), t.Root()).valid());
  EXPECT_TRUE(VerifyConsistency(0, 0, {}, EmptyTreeHash(), EmptyTreeHash()).valid());
  EXPECT_FALSE(VerifyConsistency(0, 5, {}, leaf, t.Root()).valid());
  EXPECT_FALSE(VerifyConsistency(0, 5, one, EmptyTreeHash(), t.Root()).valid());
  // A smaller second tree, and an empty proof between different sizes.
  EXPECT_FALSE(ConsistencyProof(5, 4, t.Hasher()).ok());
  EXPECT_EQ(VerifyConsistency(5, 4, {}, t.Root(), t.RootAt(4)).problem,
            "size1 5 is above size2 4: a log only grows");
  EXPECT_EQ(VerifyConsistency(2, 5, {}, t.RootAt(2), t.Root()).problem, "the proof is empty");
}

TEST(MerkleTest, ReadErrorsAbortTheProof) {
  const RangeHasher failing = [](uint64_t, uint64_t) -> Result<Hash> {
    return Status::IOError("tile 3: unreadable");
  };
  EXPECT_EQ(InclusionProof(3, 10, failing).status().message(), "tile 3: unreadable");
  EXPECT_EQ(ConsistencyProof(3, 10, failing).status().message(), "tile 3: unreadable");
}

}  // namespace
}  // namespace vigil::ledger
