// LedgerLog: the store's Merkle tree (ledger/log_tree.h) bound to its events.
//
//  - Leaf hashes arrive with each committed batch (computed when the batch
//    was prepared, before its WAL record was written) and are appended in
//    seq order.
//  - Once a flush has put events into segments, the roots of the tiles
//    complete below the segments' end are appended to DIR/ledger/tiles and
//    synced (format: docs/format/ledger.md "Tiles file").
//  - On open, the stored tile roots are taken as they are and the events
//    after the last stored tile are rehashed (at most one memtable's worth
//    plus the rest of a tile). `vigil verify` rechecks the stored roots.
//  - A proof that reaches into an older tile rehashes that tile's 16 events
//    through `EventReader` and checks them against the tile's stored root.
//    Events deleted by the delete-after policy (deletion_log.h) give the leaf
//    hashes their deletion record kept; a tile that needs one it did not keep
//    fails the proof with NotFound.
//
// Thread-safety: Append and PersistTiles are called by one thread at a time
// (the group-commit leader, the flush thread); tree() reads from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "ledger/log_tree.h"
#include "store/engine/deletion_log.h"
#include "store/fs/file_system.h"

namespace vigil {

inline constexpr std::string_view kTilesMagic{"VGTILES\n", 8};
inline constexpr uint32_t kTilesFormatVersion = 1;
inline constexpr size_t kTilesHeaderSize = 16;  // magic, version u32, tile height u32
inline constexpr size_t kTileRecordSize = 36;   // root (32 bytes), crc32 of the root (u32 LE)

class LedgerLog {
 public:
  // Appends the full events of seqs [first, end) to *out, in seq order
  // (never asked for deleted seqs).
  using EventReader = std::function<Status(uint64_t first, uint64_t end, std::vector<Event>* out)>;

  // deletions must outlive this object.
  LedgerLog(FileSystem* fs, std::string tiles_path, EventReader reader,
            const DeletionLog* deletions);
  ~LedgerLog();

  // Builds the tree for a store holding seqs [0, end_seq), of which
  // [0, segments_end) are in segments: the stored tile roots (a torn last
  // record is cut off), then the leaves of every later event. Corruption
  // when the tiles file is damaged or holds tiles past segments_end.
  Status Open(uint64_t segments_end, uint64_t end_seq);

  // Appends the next leaf (the event of seq == tree().size()).
  void Append(const ledger::Hash& leaf_hash) { tree_.Append(leaf_hash); }

  // Writes the roots of the tiles complete below segments_end that are not
  // stored yet, then syncs the file.
  Status PersistTiles(uint64_t segments_end);

  const ledger::LogTree& tree() const { return tree_; }
  // Tiles whose roots are stored.
  uint64_t persisted_tiles() const { return persisted_tiles_.load(); }

  // The leaf hashes of seqs [first, end): rehashed from the stored events,
  // and for deleted ones the kept leaf (NotFound naming the seqs if not kept).
  Result<std::vector<ledger::Hash>> ReadLeaves(uint64_t first, uint64_t end);

 private:
  Result<std::vector<ledger::Hash>> LoadTile(uint64_t tile);
  Status OpenFileForAppend(bool create);

  FileSystem* fs_;
  const std::string path_;
  EventReader reader_;
  const DeletionLog* deletions_;
  ledger::LogTree tree_;
  std::unique_ptr<WritableFile> file_;
  std::atomic<uint64_t> persisted_tiles_{0};  // written by one thread, read by any
};

// The tile roots of a tiles file's bytes (format in docs/format/ledger.md).
// A torn last record (a crash while appending) is left out, and *whole_bytes
// (when not null) says where the whole records end. Corruption naming `path`
// for a bad header or a record whose checksum fails. Empty data: no tiles.
Result<std::vector<ledger::Hash>> ParseTilesFile(std::string_view data, const std::string& path,
                                                 size_t* whole_bytes = nullptr);

// The leaf hashes of events, in order (ledger/seal.h EventLeafHash); the
// first event that cannot be hashed fails the call, naming its seq.
Result<std::vector<ledger::Hash>> LeafHashes(const std::vector<Event>& events);

}  // namespace vigil
