// Spool: a node's bounded local write-ahead log of batches acknowledged
// while ClickHouse was unreachable, forwarded in seq order when it returns
// (docs/scale-out.md "While ClickHouse is unreachable").
//
// Files `spool-<first seq, 20 digits>.wal` in one directory, each a WAL file
// (store/wal, docs/format/wal.md) of records holding one BatchRows each
// (batch_rows.h). A file is removed once every batch in it has reached
// ClickHouse. The batches waiting are also held in memory, so the spool's
// bound (max_bytes, counted on disk) bounds its memory too.
//
// Thread-safe: the store adds batches under its write lock while its
// forwarder reads and pops the oldest.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/clickhouse/batch_rows.h"
#include "store/fs/file_system.h"
#include "store/wal/wal_writer.h"

namespace vigil::clickhouse {

struct SpoolOptions {
  FileSystem* fs = nullptr;  // not owned
  std::string dir;
  uint64_t max_bytes = 256ull << 20;  // Add refuses a batch past this
  uint64_t file_bytes = 16ull << 20;  // a new file is started past this
};

class Spool {
 public:
  // Opens (creating) the directory and reads its files. Batches ending at or
  // before committed_end reached ClickHouse before a crash let the spool
  // remove them: they are dropped (and their files removed). The rest must
  // continue the log from committed_end without a gap, else Corruption.
  static Result<std::unique_ptr<Spool>> Open(SpoolOptions options, uint64_t committed_end);
  ~Spool();

  // Appends one batch durably (fsync) before returning. Requires
  // rows.first_seq == end_seq() when the spool is not empty. Unavailable
  // when the spool would grow past max_bytes: nothing is written. After a
  // write or fsync failed, every Add fails (Unavailable) until a restart.
  Status Add(const BatchRows& rows);

  // The oldest batch waiting, or null when none is.
  std::shared_ptr<const BatchRows> Front() const;
  // Forgets the oldest batch (it reached ClickHouse) and removes the files
  // left holding only forwarded batches.
  Status PopFront();
  // Every batch waiting, oldest first.
  std::vector<std::shared_ptr<const BatchRows>> Pending() const;

  bool empty() const;
  uint64_t bytes() const;  // on disk, every file
  uint64_t max_bytes() const { return options_.max_bytes; }

 private:
  struct File {
    std::string path;
    uint64_t end_seq = 0;  // end of its last batch
    uint64_t bytes = 0;
  };
  explicit Spool(SpoolOptions options) : options_(std::move(options)) {}
  Status ReadFile(const std::string& path, uint64_t committed_end, uint64_t* expect);
  Status RemoveForwarded();  // requires mu_

  const SpoolOptions options_;
  mutable std::mutex mu_;
  std::deque<std::shared_ptr<const BatchRows>> pending_;
  std::deque<File> files_;
  std::unique_ptr<WalWriter> writer_;  // on files_.back(), or null
  uint64_t forwarded_end_ = 0;         // batches ending here or before are gone
  Status failure_;                     // a failed write: sticky, every later Add returns it
};

}  // namespace vigil::clickhouse
