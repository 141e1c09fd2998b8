// DataDir: the files of a data directory and their names
// (docs/format/data-dir.md):
//
//   DIR/LOCK                          flock'd while a process has the store open
//   DIR/FORMAT                        "vigil data directory\nlayout 1\n"
//   DIR/wal/NNNNNNNNNNNN.wal          WAL files, numbered in creation order
//   DIR/segments/FFFFFFFFFFFFFFFFFFFF-LLLLLLLLLLLLLLLLLLLL.vseg
//                                     a segment of seqs F..L (20 decimal digits each)
//   DIR/archive/F-L.vseg              a segment moved to the archive tier (retention)
//   DIR/ledger/tiles                  roots of the Merkle tree's complete tiles
//   *.tmp                             unfinished writes; removed on open
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/fs/file_system.h"

namespace vigil {

inline constexpr int kDataDirLayoutVersion = 1;

struct SegmentFile {
  std::string path;
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  bool archived = false;  // in DIR/archive
};

struct WalFile {
  std::string path;
  uint64_t number = 0;
};

class DataDir {
 public:
  // fs must outlive the DataDir. Cheap to construct; touches nothing.
  DataDir(FileSystem* fs, std::string dir) : fs_(fs), dir_(std::move(dir)) {}

  // Creates the directory tree when missing, takes the lock, checks or
  // writes FORMAT, and removes *.tmp files. The lock is held as long as the
  // returned object lives.
  // Without create_if_missing, a missing directory is kNotFound.
  Result<std::unique_ptr<FileLock>> Prepare(bool create_if_missing = true);

  // Segment files of both tiers sorted by first seq (an online one before
  // an archived one of the same seqs: a move a crash interrupted);
  // Corruption for names that do not parse.
  Result<std::vector<SegmentFile>> ListSegments();
  // WAL files sorted by number.
  Result<std::vector<WalFile>> ListWals();

  std::string WalPath(uint64_t number) const;
  std::string SegmentPath(uint64_t first_seq, uint64_t last_seq) const;
  // The path of the same segment in the archive tier.
  std::string ArchivedSegmentPath(uint64_t first_seq, uint64_t last_seq) const;
  std::string segments_dir() const { return JoinPath(dir_, "segments"); }
  std::string archive_dir() const { return JoinPath(dir_, "archive"); }
  std::string wal_dir() const { return JoinPath(dir_, "wal"); }
  std::string ledger_dir() const { return JoinPath(dir_, "ledger"); }
  // The roots of the Merkle tree's complete tiles (ledger_log.h).
  std::string TilesPath() const { return JoinPath(ledger_dir(), "tiles"); }
  std::string DeletionsPath() const { return JoinPath(ledger_dir(), "deletions"); }
  std::string CheckpointsDir() const { return JoinPath(ledger_dir(), "checkpoints"); }

 private:
  Status ListSegmentsIn(const std::string& dir, bool archived, std::vector<SegmentFile>* out);

  FileSystem* fs_;
  std::string dir_;
};

}  // namespace vigil
