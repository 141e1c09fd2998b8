#include "cli/ledger_check.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>

#include "ledger/log_tree.h"
#include "ledger/seal.h"

namespace vigil::cli {

using ledger::Hash;
using ledger::kTileSize;

namespace {

constexpr uint64_t kMaxTileProblems = 10;  // listed one by one; more are only counted

}  // namespace

std::string TileSeqs(uint64_t t) {
  return fmt::format("tile {} (seqs {}-{})", t, t * kTileSize, t * kTileSize + kTileSize - 1);
}

LedgerCheck::LedgerCheck(std::vector<Hash> tile_roots, std::vector<CheckpointFile> checkpoints,
                         std::vector<DeletionRecord> deletions, std::string tiles_name)
    : tiles_name_(std::move(tiles_name)),
      tile_roots_(std::move(tile_roots)),
      checkpoints_(std::move(checkpoints)),
      deletions_(std::move(deletions)),
      announced_(deletions_.size(), false) {
  for (size_t i = 0; i < deletions_.size(); ++i) {
    by_announcement_[deletions_[i].authorized_by].push_back(i);
  }
  CheckCheckpointsAtSize();  // size 0
}

const DeletionRecord* LedgerCheck::DeletionOf(uint64_t seq) const {
  auto it = std::upper_bound(deletions_.begin(), deletions_.end(), seq,
                             [](uint64_t s, const DeletionRecord& r) { return s < r.seqs.first; });
  if (it == deletions_.begin()) return nullptr;
  --it;
  return seq <= it->seqs.last ? &*it : nullptr;
}

bool LedgerCheck::FillDeleted(uint64_t end) {
  while (tree_.size() < end) {
    const uint64_t seq = tree_.size();
    const DeletionRecord* r = DeletionOf(seq);
    if (r == nullptr) return false;
    // A tile deleted whole whose leaves were not kept: its recorded root.
    const uint64_t t = seq / kTileSize;
    if (seq % kTileSize == 0 && seq + kTileSize <= end && !r->kept_leaves.contains(seq)) {
      const DeletionRecord* last = DeletionOf(seq + kTileSize - 1);
      if (last != nullptr && !last->kept_leaves.contains(seq + kTileSize - 1)) {
        if (t >= tile_roots_.size()) {
          (void)Stop(fmt::format("{}: its events were deleted, but {} has no root for it",
                                 TileSeqs(t), tiles_name_));
          return false;
        }
        if (next_ < checkpoints_.size() && checkpoints_[next_].checkpoint.size > seq &&
            checkpoints_[next_].checkpoint.size < seq + kTileSize) {
          (void)Stop(fmt::format(
              "checkpoint {} (size {}) falls in {}, whose events were deleted "
              "without their leaf hashes",
              checkpoints_[next_].path, checkpoints_[next_].checkpoint.size, TileSeqs(t)));
          return false;
        }
        if (Status s = tree_.AppendTileRoot(tile_roots_[t]); !s.ok()) {
          (void)Stop(fmt::format("{}: {}", TileSeqs(t), s.message()));
          return false;
        }
        deleted_ += kTileSize;
        CheckCheckpointsAtSize();
        continue;
      }
    }
    auto kept = r->kept_leaves.find(seq);
    if (kept == r->kept_leaves.end()) {
      (void)Stop(
          fmt::format("seq {} was deleted (seqs {}-{}) without its leaf hash, which {} needs", seq,
                      r->seqs.first, r->seqs.last, TileSeqs(t)));
      return false;
    }
    ++deleted_;
    if (std::optional<Hash> tile_root = tree_.Append(kept->second)) CheckTile(*tile_root);
    CheckCheckpointsAtSize();
  }
  return true;
}

void LedgerCheck::CheckAnnouncement(const Event& e) {
  auto named = by_announcement_.find(e.seq);
  if (named == by_announcement_.end()) return;
  for (size_t i : named->second) {
    const DeletionRecord& r = deletions_[i];
    bool covered = false;
    if (e.tenant == "_system" && e.action == "audit.retention" && e.operation == "delete") {
      simdjson::dom::parser parser;
      simdjson::dom::element doc;
      simdjson::dom::array ranges;
      if (!parser.parse(e.metadata_json).get(doc) && !doc["deleted_seqs"].get_array().get(ranges)) {
        for (simdjson::dom::element range : ranges) {
          uint64_t first = 0;
          uint64_t last = 0;
          simdjson::dom::array pair;
          if (range.get_array().get(pair) || pair.size() != 2 ||
              pair.at(0).get_uint64().get(first) || pair.at(1).get_uint64().get(last)) {
            continue;
          }
          covered |= first <= r.seqs.first && r.seqs.last <= last;
        }
      }
    }
    announced_[i] = covered;
  }
}

Status LedgerCheck::Visit(const Event& e) {
  if (e.seq > tree_.size() && !FillDeleted(e.seq)) {
    if (stopped_) return Status::Unavailable("verification stopped");
  }
  if (e.seq != tree_.size()) {
    const std::string after =
        tree_.size() == 0 ? "first" : fmt::format("after seq {}", tree_.size() - 1);
    if (e.seq < tree_.size()) return Stop(fmt::format("seq {} comes again {}", e.seq, after));
    const std::string missing =
        e.seq == tree_.size() + 1
            ? fmt::format("event {} is missing", tree_.size())
            : fmt::format("events {}-{} are missing", tree_.size(), e.seq - 1);
    return Stop(fmt::format("seq {} comes {}: {}", e.seq, after, missing));
  }
  Result<Hash> leaf = ledger::EventLeafHash(e);
  if (!leaf.ok()) {
    return Stop(
        fmt::format("seq {}: the event has no leaf hash: {}", e.seq, leaf.status().message()));
  }
  if (std::optional<Hash> tile_root = tree_.Append(*leaf)) CheckTile(*tile_root);
  CheckCheckpointsAtSize();
  CheckAnnouncement(e);
  return Status::Ok();
}

void LedgerCheck::Finish() {
  if (stopped_) return;
  for (size_t i = 0; i < deletions_.size(); ++i) {
    const DeletionRecord& r = deletions_[i];
    if (announced_[i] || DeletionOf(r.authorized_by) != nullptr) continue;
    problems_.push_back(fmt::format(
        "seqs {}-{} were deleted, but seq {}, which should announce it, is not an audit.retention "
        "delete event in _system whose deleted_seqs cover them: events were removed by hand",
        r.seqs.first, r.seqs.last, r.authorized_by));
  }
  for (; next_ < checkpoints_.size(); ++next_) {
    const CheckpointFile& f = checkpoints_[next_];
    problems_.push_back(fmt::format(
        "the log was truncated: checkpoint {} is of size {} but the store holds {} events", f.path,
        f.checkpoint.size, tree_.size()));
  }
  if (tile_roots_.size() > tree_.size() / kTileSize) {
    problems_.push_back(
        fmt::format("{} holds {} tile roots (seqs 0-{}) but the store holds {} events", tiles_name_,
                    tile_roots_.size(), tile_roots_.size() * kTileSize - 1, tree_.size()));
  }
  if (tile_problems_ > kMaxTileProblems) {
    problems_.push_back(fmt::format("{} more tiles differ from their recorded roots",
                                    tile_problems_ - kMaxTileProblems));
  }
}

Status LedgerCheck::Stop(std::string problem) {
  problems_.push_back(std::move(problem));
  stopped_ = true;
  return Status::Unavailable("verification stopped");
}

void LedgerCheck::CheckTile(const Hash& root) {
  const uint64_t t = tree_.size() / kTileSize - 1;
  if (t >= tile_roots_.size()) return;  // not recorded yet (its events are still in the WAL)
  ++tiles_checked_;
  if (root == tile_roots_[t]) return;
  if (!first_bad_tile_) first_bad_tile_ = t;
  if (++tile_problems_ <= kMaxTileProblems) {
    problems_.push_back(
        fmt::format("{}: the stored events do not hash to the recorded tile root", TileSeqs(t)));
  }
}

void LedgerCheck::CheckCheckpointsAtSize() {
  for (; next_ < checkpoints_.size() && checkpoints_[next_].checkpoint.size == tree_.size();
       ++next_) {
    CheckCheckpoint(checkpoints_[next_]);
  }
}

void LedgerCheck::CheckCheckpoint(const CheckpointFile& f) {
  const uint64_t size = f.checkpoint.size;
  if (tree_.Root() != f.checkpoint.root) {
    problems_.push_back(fmt::format("checkpoint {} (size {}): root mismatch; {}", f.path, size,
                                    WhereTheChangeIs(size)));
    return;
  }
  if (last_good_) {
    const ledger::Checkpoint& older = last_good_->checkpoint;
    Result<std::vector<Hash>> proof = tree_.ConsistencyProof();
    const ledger::ProofVerdict verdict =
        proof.ok()
            ? ledger::VerifyConsistency(older.size, size, *proof, older.root, f.checkpoint.root)
            : ledger::ProofVerdict{proof.status().ToString()};
    if (!verdict.valid()) {
      problems_.push_back(fmt::format(
          "checkpoints {} (size {}) and {} (size {}): the consistency proof does not verify: {}",
          last_good_->path, older.size, f.path, size, verdict.problem));
    }
  }
  tree_.Mark();
  last_good_ = f;
  ++verified_;
}

std::string LedgerCheck::WhereTheChangeIs(uint64_t size) const {
  std::string out;
  if (first_bad_tile_ && *first_bad_tile_ * kTileSize < size) {
    out = "the first differing tile is " + TileSeqs(*first_bad_tile_);
  } else {
    const uint64_t covered = std::min<uint64_t>(tile_roots_.size(), size / kTileSize) * kTileSize;
    out = covered == 0 ? "no recorded tile root covers these events"
                       : fmt::format("every recorded tile root up to seq {} matches", covered - 1);
    out += covered < size ? fmt::format(
                                ", so events {}-{} changed (past the last recorded tile) or {} "
                                "was rewritten with the events",
                                covered, size - 1, tiles_name_)
                          : fmt::format(", so {} was rewritten with the events", tiles_name_);
  }
  if (last_good_ && last_good_->checkpoint.size > 0) {
    out += fmt::format("; checkpoint {} (size {}) matches, so the change is in seqs {}-{}",
                       last_good_->path, last_good_->checkpoint.size, last_good_->checkpoint.size,
                       size - 1);
  }
  return out;
}

}  // namespace vigil::cli
