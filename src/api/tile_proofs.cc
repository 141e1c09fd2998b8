#include "api/tile_proofs.h"

#include <fmt/format.h>

namespace vigil::api {

using ledger::Hash;
constexpr uint64_t kTileHeight = TileProofs::kHeight;
constexpr uint64_t kTileSize = TileProofs::kLeaves;

Status TileProofs::Load(uint64_t tile, std::vector<Hash> leaves) {
  levels_.clear();
  if (leaves.size() != kTileSize || (tile + 1) * kTileSize > checkpoint_.size) {
    return Status::Internal(fmt::format("TileProofs::Load: tile {} of {} leaves in a tree of {}",
                                        tile, leaves.size(), checkpoint_.size));
  }
  std::vector<std::vector<Hash>> levels(kTileHeight + 1);
  levels[0] = std::move(leaves);
  for (uint64_t k = 1; k <= kTileHeight; ++k) {
    const std::vector<Hash>& below = levels[k - 1];
    levels[k].reserve(below.size() / 2);
    for (size_t i = 0; i + 1 < below.size(); i += 2) {
      levels[k].push_back(ledger::NodeHash(below[i], below[i + 1]));
    }
  }
  const uint64_t begin = tile * kTileSize;
  ASSIGN_OR_RETURN(std::vector<Hash> first, ledger_->InclusionProof(begin, checkpoint_.size));
  if (first.size() < kTileHeight) {
    return Status::Internal(fmt::format("the store's proof of seq {} in {} has {} hashes", begin,
                                        checkpoint_.size, first.size()));
  }
  tile_ = tile;
  levels_ = std::move(levels);
  above_.assign(first.begin() + kTileHeight, first.end());
  const ledger::ProofVerdict verdict = ledger::VerifyInclusion(
      levels_[0][0], begin, checkpoint_.size, Prove(begin), checkpoint_.root);
  if (!verdict.valid()) {
    levels_.clear();
    return Status::Corruption(fmt::format(
        "ledger: the events of tile {} (seqs {}-{}) do not hash to the root of the signed "
        "checkpoint of size {}: {}",
        tile, begin, begin + kTileSize - 1, checkpoint_.size, verdict.problem));
  }
  return Status::Ok();
}

std::vector<Hash> TileProofs::Prove(uint64_t seq) const {
  std::vector<Hash> proof;
  proof.reserve(kTileHeight + above_.size());
  const uint64_t index = seq - tile_ * kTileSize;
  for (uint64_t k = 0; k < kTileHeight; ++k) proof.push_back(levels_[k][(index >> k) ^ 1]);
  proof.insert(proof.end(), above_.begin(), above_.end());
  return proof;
}

}  // namespace vigil::api
