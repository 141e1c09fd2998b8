// The Merkle tree of RFC 9162 §2.1 (Certificate Transparency v2), exactly:
// SHA-256, leaf hash = HASH(0x00 || leaf bytes), node hash =
// HASH(0x01 || left || right), a tree of n > 1 leaves split at k, the largest
// power of two strictly below n; the empty tree's hash is HASH(). Inclusion
// and consistency proofs are built as §2.1.3.1 and §2.1.4.1 define them and
// checked with the algorithms of §2.1.3.2 and §2.1.4.2, step for step.
// docs/format/ledger.md states the same for auditors.
//
// Proof building asks a RangeHasher for MTH(D[begin:end]) of the ranges the
// RFC's recursion visits, so the same code serves a tree held in memory
// (MemoryTree, tests and offline checks) and one on disk (subtree roots
// stored, the rest recomputed). All functions are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "crypto/sha256.h"

namespace vigil::ledger {

using Hash = Sha256Digest;

// A hash's 32 bytes viewed as characters (to hash or encode them).
inline std::string_view HashBytes(const Hash& h) {
  return std::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}
// The text form of a hash: standard base64 with padding, 44 characters.
std::string HashToBase64(const Hash& h);
// The hash whose text form is `text` (strict base64 of exactly 32 bytes).
bool HashFromBase64(std::string_view text, Hash* out);

Hash LeafHash(std::string_view leaf_bytes);
Hash NodeHash(const Hash& left, const Hash& right);
Hash EmptyTreeHash();

// The largest power of two strictly below n. Precondition: n >= 2.
uint64_t SplitPoint(uint64_t n);

// MTH(D[begin:end]) for 0 <= begin < end <= the tree's size. An error (the
// stored data behind the range could not be read) aborts the proof.
using RangeHasher = std::function<Result<Hash>(uint64_t begin, uint64_t end)>;

// PATH(index, D[0:size]) of §2.1.3.1, deepest sibling first.
// InvalidArgument unless index < size.
Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size, const RangeHasher& hasher);

// PROOF(size1, D[0:size2]) of §2.1.4.1. Empty when size1 == size2 or size1 == 0
// (the empty tree is a prefix of every tree). InvalidArgument when size1 > size2.
Result<std::vector<Hash>> ConsistencyProof(uint64_t size1, uint64_t size2,
                                           const RangeHasher& hasher);

// The outcome of a proof check: valid, or what failed.
struct ProofVerdict {
  std::string problem;  // empty when valid
  bool valid() const { return problem.empty(); }
};

// §2.1.3.2: leaf_hash is at index in the tree of this size whose hash is root.
ProofVerdict VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                             std::span<const Hash> proof, const Hash& root);

// §2.1.4.2, plus the cases the algorithm leaves to the caller: size1 == size2
// (valid with an empty proof and equal roots), size1 == 0 (valid with an
// empty proof when root1 is the empty tree's hash) and size1 > size2 (invalid).
ProofVerdict VerifyConsistency(uint64_t size1, uint64_t size2, std::span<const Hash> proof,
                               const Hash& root1, const Hash& root2);

// A tree held in memory as its leaf hashes. Range hashes are recomputed
// (O(end - begin)): meant for tests, small trees and offline checks.
class MemoryTree {
 public:
  MemoryTree() = default;
  explicit MemoryTree(std::vector<Hash> leaf_hashes) : leaves_(std::move(leaf_hashes)) {}

  void Append(const Hash& leaf_hash) { leaves_.push_back(leaf_hash); }
  uint64_t size() const { return leaves_.size(); }
  const std::vector<Hash>& leaves() const { return leaves_; }

  // MTH(D[0:size]); size <= this->size().
  Hash RootAt(uint64_t size) const;
  Hash Root() const { return RootAt(size()); }
  // MTH(D[begin:end]).
  Hash RangeHash(uint64_t begin, uint64_t end) const;
  RangeHasher Hasher() const;

 private:
  std::vector<Hash> leaves_;
};

}  // namespace vigil::ledger
