// DeletionLog: DIR/ledger/deletions, the record of every segment deleted by
// the delete-after policy (docs/retention.md "Delete-after"; format in
// docs/format/ledger.md "Deletions file").
//
// Deleting events must not break the ledger: the tree keeps every leaf, so
// each record keeps what proofs of the remaining events still need of the
// deleted ones. The roots of complete 16-leaf tiles are in the tiles file
// already; a record adds the leaf hashes of its deleted events that lie in a
// tile it deletes only in part (the rest of the tile is still stored, or was
// deleted by another record) or in the tile of a signed checkpoint's size
// (a consistency proof from that checkpoint needs them). Each record also
// names the seq of the `audit.retention` event that announced the deletion
// before it happened, so `vigil verify` can tell a deletion by policy from
// events removed by hand.
//
// A record is appended and synced before its segment's files are deleted;
// a torn last record (a crash while appending it) is cut off on open, its
// segment still being whole.
//
// Thread-safe: Append (one thread at a time, under the store's maintenance
// lock) and the readers may run concurrently.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ledger/merkle.h"
#include "store/fs/file_system.h"
#include "store/retention_policy.h"

namespace vigil {

inline constexpr std::string_view kDeletionsMagic{"VGDELS\n\0", 8};
inline constexpr uint32_t kDeletionsFormatVersion = 1;
inline constexpr size_t kDeletionsHeaderSize = 16;  // magic, version u32, reserved u32 (0)

struct DeletionRecord {
  SeqRange seqs;               // the deleted segment's seqs
  uint64_t authorized_by = 0;  // seq of the audit.retention event announcing it
  // Leaf hashes kept of deleted events, by seq (each within seqs).
  std::map<uint64_t, ledger::Hash> kept_leaves;
};

// The record's bytes (a whole record: length, payload, crc) and their parse.
std::string EncodeDeletionRecord(const DeletionRecord& record);
// The records of a deletions file's bytes. A torn last record is left out,
// and *whole_bytes (when not null) says where the whole records end.
// Corruption naming `path` for a bad header, a record whose checksum fails,
// or records that overlap or are out of seq order. Empty data: no records.
Result<std::vector<DeletionRecord>> ParseDeletionsFile(std::string_view data,
                                                       const std::string& path,
                                                       size_t* whole_bytes = nullptr);

class DeletionLog {
 public:
  DeletionLog(FileSystem* fs, std::string path) : fs_(fs), path_(std::move(path)) {}

  // Reads the file when it exists (cutting off a torn last record).
  Status Open();
  // Appends the record and syncs it (creating the file on first use).
  // Precondition: its seqs lie after those of every earlier record or
  // before them without overlap.
  Status Append(DeletionRecord record);

  bool empty() const;
  // The records, in seq order.
  std::vector<DeletionRecord> records() const;
  // Whether seq was deleted.
  bool IsDeleted(uint64_t seq) const;
  // The deleted ranges within [first, end), merged, in order.
  std::vector<SeqRange> DeletedWithin(uint64_t first, uint64_t end) const;
  // The kept leaf hash of a deleted seq, if any.
  std::optional<ledger::Hash> KeptLeaf(uint64_t seq) const;
  // Events deleted in all.
  uint64_t deleted_events() const;

  const std::string& path() const { return path_; }

 private:
  const DeletionRecord* FindLocked(uint64_t seq) const;

  FileSystem* fs_;
  const std::string path_;
  mutable std::mutex mu_;
  std::map<uint64_t, DeletionRecord> by_first_;  // guarded by mu_
  std::unique_ptr<WritableFile> file_;           // guarded by mu_; opened on first Append
};

}  // namespace vigil
