#include "ledger/merkle.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/base64.h"

namespace vigil::ledger {
namespace {

bool IsPowerOfTwo(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

// PATH(m, D[begin:end]) of §2.1.3.1, appended deepest first.
Status AppendPath(uint64_t m, uint64_t begin, uint64_t end, const RangeHasher& hasher,
                  std::vector<Hash>* out) {
  const uint64_t n = end - begin;
  if (n == 1) return Status::Ok();  // PATH(0, {d(0)}) = {}
  const uint64_t k = SplitPoint(n);
  if (m < k) {
    RETURN_IF_ERROR(AppendPath(m, begin, begin + k, hasher, out));
    ASSIGN_OR_RETURN(Hash right, hasher(begin + k, end));
    out->push_back(right);
  } else {
    RETURN_IF_ERROR(AppendPath(m - k, begin + k, end, hasher, out));
    ASSIGN_OR_RETURN(Hash left, hasher(begin, begin + k));
    out->push_back(left);
  }
  return Status::Ok();
}

// SUBPROOF(m, D[begin:end], b) of §2.1.4.1, appended in the RFC's order.
Status AppendSubproof(uint64_t m, uint64_t begin, uint64_t end, bool b, const RangeHasher& hasher,
                      std::vector<Hash>* out) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!b) {
      ASSIGN_OR_RETURN(Hash whole, hasher(begin, end));
      out->push_back(whole);
    }
    return Status::Ok();
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    RETURN_IF_ERROR(AppendSubproof(m, begin, begin + k, b, hasher, out));
    ASSIGN_OR_RETURN(Hash right, hasher(begin + k, end));
    out->push_back(right);
  } else {
    RETURN_IF_ERROR(AppendSubproof(m - k, begin + k, end, false, hasher, out));
    ASSIGN_OR_RETURN(Hash left, hasher(begin, begin + k));
    out->push_back(left);
  }
  return Status::Ok();
}

// Right-shifts fn and sn together until LSB(fn) is set or fn is 0.
void ShiftUntilOddOrZero(uint64_t* fn, uint64_t* sn) {
  while (*fn != 0 && (*fn & 1) == 0) {
    *fn >>= 1;
    *sn >>= 1;
  }
}

ProofVerdict Invalid(std::string problem) { return ProofVerdict{std::move(problem)}; }

}  // namespace

std::string HashToBase64(const Hash& h) { return Base64Encode(HashBytes(h)); }

bool HashFromBase64(std::string_view text, Hash* out) {
  std::string bytes;
  if (!Base64Decode(text, &bytes) || bytes.size() != out->size()) return false;
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(out->data()));
  return true;
}

Hash LeafHash(std::string_view leaf_bytes) {
  Sha256Hasher h;
  h.Update(std::string_view("\x00", 1));
  h.Update(leaf_bytes);
  return h.Final();
}

Hash NodeHash(const Hash& left, const Hash& right) {
  char node[1 + 2 * sizeof(Hash)];  // 0x01 || left || right
  node[0] = 0x01;
  std::memcpy(node + 1, left.data(), left.size());
  std::memcpy(node + 1 + left.size(), right.data(), right.size());
  return Sha256(std::string_view(node, sizeof(node)));
}

Hash EmptyTreeHash() { return Sha256(""); }

uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size, const RangeHasher& hasher) {
  if (index >= size) {
    return Status::InvalidArgument(
        fmt::format("leaf index {} is not below the tree size {}", index, size));
  }
  std::vector<Hash> out;
  RETURN_IF_ERROR(AppendPath(index, 0, size, hasher, &out));
  return out;
}

Result<std::vector<Hash>> ConsistencyProof(uint64_t size1, uint64_t size2,
                                           const RangeHasher& hasher) {
  if (size1 > size2) {
    return Status::InvalidArgument(
        fmt::format("size1 {} is above size2 {}: a log only grows", size1, size2));
  }
  std::vector<Hash> out;
  if (size1 == 0 || size1 == size2) return out;
  RETURN_IF_ERROR(AppendSubproof(size1, 0, size2, true, hasher, &out));
  return out;
}

ProofVerdict VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                             std::span<const Hash> proof, const Hash& root) {
  // Step 1.
  if (index >= size) {
    return Invalid(fmt::format("leaf index {} is not below the tree size {}", index, size));
  }
  // Steps 2-4.
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) {
      return Invalid(fmt::format("the proof has more than the {} hashes a tree of {} needs",
                                 &p - proof.data(), size));
    }
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      ShiftUntilOddOrZero(&fn, &sn);
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  // Step 5.
  if (sn != 0) {
    return Invalid(fmt::format("the proof has {} hashes, too few for leaf {} in a tree of {}",
                               proof.size(), index, size));
  }
  if (r != root) return Invalid("the root computed from the proof differs from the given root");
  return {};
}

ProofVerdict VerifyConsistency(uint64_t size1, uint64_t size2, std::span<const Hash> proof,
                               const Hash& root1, const Hash& root2) {
  if (size1 > size2) {
    return Invalid(fmt::format("size1 {} is above size2 {}: a log only grows", size1, size2));
  }
  if (size1 == size2) {
    if (!proof.empty()) return Invalid("trees of equal size need an empty proof");
    if (root1 != root2) return Invalid("trees of equal size have different roots");
    return {};
  }
  if (size1 == 0) {
    if (!proof.empty()) return Invalid("a proof from the empty tree must be empty");
    if (root1 != EmptyTreeHash()) return Invalid("root1 is not the empty tree's hash");
    return {};
  }
  // Step 1.
  if (proof.empty()) return Invalid("the proof is empty");
  // Step 2: a first tree of 2^k leaves is itself a node of the second.
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  if (IsPowerOfTwo(size1)) path.push_back(root1);
  path.insert(path.end(), proof.begin(), proof.end());
  // Steps 3-4.
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  // Step 5.
  Hash fr = path[0];
  Hash sr = path[0];
  // Step 6.
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return Invalid("the proof has more hashes than the trees need");
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      ShiftUntilOddOrZero(&fn, &sn);
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  // Step 7.
  if (sn != 0) return Invalid("the proof has too few hashes for these sizes");
  if (fr != root1) return Invalid("the proof does not lead to root1");
  if (sr != root2) return Invalid("the proof does not lead to root2");
  return {};
}

Hash MemoryTree::RangeHash(uint64_t begin, uint64_t end) const {
  const uint64_t n = end - begin;
  if (n == 0) return EmptyTreeHash();
  if (n == 1) return leaves_[begin];
  const uint64_t k = SplitPoint(n);
  return NodeHash(RangeHash(begin, begin + k), RangeHash(begin + k, end));
}

Hash MemoryTree::RootAt(uint64_t size) const { return RangeHash(0, size); }

RangeHasher MemoryTree::Hasher() const {
  return [this](uint64_t begin, uint64_t end) -> Result<Hash> {
    if (begin >= end || end > leaves_.size()) {
      return Status::Internal(
          fmt::format("range [{}, {}) outside a tree of {} leaves", begin, end, leaves_.size()));
    }
    return RangeHash(begin, end);
  };
}

}  // namespace vigil::ledger
