#include "store/engine/ledger_log.h"

#include <fmt/format.h>

#include <cstring>

#include "ledger/seal.h"
#include "store/wal/wal_codec.h"

namespace vigil {
namespace {

void PutU32(std::string* out, uint32_t v) {
  for (int k = 0; k < 4; ++k) out->push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
}

uint32_t GetU32(std::string_view in) {
  uint32_t v = 0;
  for (int k = 0; k < 4; ++k) v |= static_cast<uint32_t>(static_cast<uint8_t>(in[k])) << (8 * k);
  return v;
}

std::string Header(uint32_t tile_height = ledger::kTileHeight) {
  std::string h(kTilesMagic);
  PutU32(&h, kTilesFormatVersion);
  PutU32(&h, tile_height);
  return h;
}

// A whole header of this format version for tiles of another height (an
// earlier release's): its roots are of no use, the file is rebuilt.
bool IsOtherTileHeight(std::string_view data) {
  if (data.size() < kTilesHeaderSize) return false;
  const std::string_view header = data.substr(0, kTilesHeaderSize);
  return header.substr(0, kTilesHeaderSize - 4) == Header().substr(0, kTilesHeaderSize - 4) &&
         header != Header();
}

}  // namespace

Result<std::vector<ledger::Hash>> ParseTilesFile(std::string_view data, const std::string& path,
                                                 size_t* whole_bytes) {
  std::vector<ledger::Hash> roots;
  if (whole_bytes != nullptr) *whole_bytes = 0;
  if (data.empty()) return roots;
  if (data.size() < kTilesHeaderSize || data.substr(0, kTilesHeaderSize) != Header()) {
    return Status::Corruption(fmt::format("{}: not a version {} tiles file of {}-leaf tiles", path,
                                          kTilesFormatVersion, ledger::kTileSize));
  }
  const size_t count = (data.size() - kTilesHeaderSize) / kTileRecordSize;
  for (size_t t = 0; t < count; ++t) {
    const std::string_view rec =
        data.substr(kTilesHeaderSize + t * kTileRecordSize, kTileRecordSize);
    if (GetU32(rec.substr(32)) != wal::Crc32(rec.substr(0, 32))) {
      return Status::Corruption(fmt::format("{}: tile {} (seqs {}-{}): checksum mismatch", path, t,
                                            t * ledger::kTileSize,
                                            (t + 1) * ledger::kTileSize - 1));
    }
    ledger::Hash& root = roots.emplace_back();
    std::memcpy(root.data(), rec.data(), root.size());
  }
  if (whole_bytes != nullptr) *whole_bytes = kTilesHeaderSize + count * kTileRecordSize;
  return roots;
}

Result<std::vector<ledger::Hash>> LeafHashes(const std::vector<Event>& events) {
  std::vector<ledger::Hash> out;
  out.reserve(events.size());
  for (const Event& e : events) {
    Result<ledger::Hash> h = ledger::EventLeafHash(e);
    if (!h.ok()) return h.status().WithPrefix(fmt::format("seq {}", e.seq));
    out.push_back(*h);
  }
  return out;
}

LedgerLog::LedgerLog(FileSystem* fs, std::string tiles_path, EventReader reader,
                     const DeletionLog* deletions)
    : fs_(fs),
      path_(std::move(tiles_path)),
      reader_(std::move(reader)),
      deletions_(deletions),
      tree_([this](uint64_t tile) { return LoadTile(tile); }) {}

LedgerLog::~LedgerLog() {
  if (file_) (void)file_->Close();
}

Result<std::vector<ledger::Hash>> LedgerLog::LoadTile(uint64_t tile) {
  return ReadLeaves(tile * ledger::kTileSize, (tile + 1) * ledger::kTileSize);
}

Result<std::vector<ledger::Hash>> LedgerLog::ReadLeaves(uint64_t first, uint64_t end) {
  std::vector<ledger::Hash> leaves;
  auto rehash = [&](uint64_t from, uint64_t to) -> Status {
    if (from >= to) return Status::Ok();
    std::vector<Event> events;
    RETURN_IF_ERROR(reader_(from, to, &events));
    ASSIGN_OR_RETURN(std::vector<ledger::Hash> hashes, LeafHashes(events));
    leaves.insert(leaves.end(), hashes.begin(), hashes.end());
    return Status::Ok();
  };
  uint64_t seq = first;
  for (const SeqRange& gone : deletions_->DeletedWithin(first, end)) {
    RETURN_IF_ERROR(rehash(seq, gone.first));
    for (uint64_t s = gone.first; s <= gone.last; ++s) {
      std::optional<ledger::Hash> kept = deletions_->KeptLeaf(s);
      if (!kept) {
        return Status::NotFound(fmt::format(
            "the leaf hashes of seqs {}-{} are not kept since their events were deleted by "
            "retention ({}); a proof that needs them cannot be made",
            gone.first, gone.last, deletions_->path()));
      }
      leaves.push_back(*kept);
    }
    seq = gone.last + 1;
  }
  RETURN_IF_ERROR(rehash(seq, end));
  return leaves;
}

Status LedgerLog::Open(uint64_t segments_end, uint64_t end_seq) {
  uint64_t stored = 0;
  std::string data;
  if (fs_->Exists(path_)) {
    ASSIGN_OR_RETURN(data, fs_->ReadFile(path_));
  }
  // Absent, or a crash while it was being created left a prefix of its header,
  // or it holds tiles of another height: (re)built from the events — which
  // cannot be done once events were deleted.
  const bool create =
      (data.size() < kTilesHeaderSize && Header().starts_with(data)) || IsOtherTileHeight(data);
  if (create && !deletions_->empty()) {
    return Status::Corruption(fmt::format(
        "{}: missing or unusable, and events were deleted by retention ({}): the tree's roots "
        "cannot be recomputed without it; restore it from a backup",
        path_, deletions_->path()));
  }
  if (!create) {
    size_t whole = 0;
    ASSIGN_OR_RETURN(std::vector<ledger::Hash> roots, ParseTilesFile(data, path_, &whole));
    stored = roots.size();
    if (stored * ledger::kTileSize > segments_end) {
      return Status::Corruption(
          fmt::format("{}: holds {} tile roots (seqs 0-{}) but the segments end at seq {}", path_,
                      stored, stored * ledger::kTileSize - 1, segments_end));
    }
    for (const ledger::Hash& root : roots) tree_.AppendTile(root);
    if (data.size() != whole) RETURN_IF_ERROR(fs_->Truncate(path_, whole));  // torn last record
  }
  persisted_tiles_ = stored;
  // Rehash the events after the stored tiles, a segment row group's worth
  // at a time (every read decompresses whole groups).
  constexpr uint64_t kChunk = 4096;
  for (uint64_t seq = stored * ledger::kTileSize; seq < end_seq;) {
    const uint64_t stop = std::min(end_seq, (seq / kChunk + 1) * kChunk);
    ASSIGN_OR_RETURN(std::vector<ledger::Hash> leaves, ReadLeaves(seq, stop));
    for (const ledger::Hash& h : leaves) tree_.Append(h);
    seq = stop;
  }
  RETURN_IF_ERROR(OpenFileForAppend(create));
  return PersistTiles(segments_end);
}

Status LedgerLog::OpenFileForAppend(bool create) {
  ASSIGN_OR_RETURN(file_, fs_->OpenWritable(path_, /*truncate=*/create));
  if (create) {
    RETURN_IF_ERROR(file_->Append(Header()));
    RETURN_IF_ERROR(file_->Sync());
    RETURN_IF_ERROR(fs_->SyncDir(ParentDir(path_)));
  }
  return Status::Ok();
}

Status LedgerLog::PersistTiles(uint64_t segments_end) {
  const uint64_t complete = std::min(segments_end / ledger::kTileSize, tree_.tile_count());
  if (complete <= persisted_tiles_) return Status::Ok();
  std::string records;
  for (uint64_t t = persisted_tiles_; t < complete; ++t) {
    const ledger::Hash root = tree_.TileRoot(t);
    records.append(ledger::HashBytes(root));
    PutU32(&records, wal::Crc32(ledger::HashBytes(root)));
  }
  RETURN_IF_ERROR(file_->Append(records));
  RETURN_IF_ERROR(file_->Sync());
  persisted_tiles_ = complete;
  return Status::Ok();
}

}  // namespace vigil
