// ReadWal: reads a WAL file's records in order and recovers it after a crash
// (docs/format/wal.md, "Recovery").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/fs/file_system.h"

namespace vigil {

// What ReadWal found.
struct WalReadStats {
  uint64_t records = 0;      // valid records passed to on_record
  uint64_t valid_bytes = 0;  // offset just after the last valid record (header included)
  // The file ends in a torn tail: a partial or damaged record with no valid
  // record after it (or the file is shorter than its header).
  bool torn_tail = false;
  // Bytes after valid_bytes: cut off when repairing, else only counted.
  uint64_t dropped_bytes = 0;
  // What is wrong at valid_bytes when torn_tail, e.g.
  // "bad payload checksum in record at offset 4096"; empty otherwise.
  std::string torn_tail_problem;
};

// Called with each valid record's payload and the file offset of its record
// header. The payload view is valid only during the call. A non-OK return
// stops ReadWal, which returns that status unchanged (and repairs nothing).
using WalRecordCallback = std::function<Status(std::string_view payload, uint64_t offset)>;

// Reads the WAL file at path and calls on_record for each valid record, in
// file order.
//
// Recovery rule. Reading stops at the first bad spot, at offset X: an
// incomplete record header, a wrong record magic, a bad header checksum, a
// length above the maximum or beyond the end of the file, or a bad payload
// checksum. The rest of the file is then scanned, byte by byte, for a valid
// record (record magic, valid header checksum, valid payload checksum).
//  * If one exists, at Y, the damage is in the middle: ReadWal returns
//    Corruption "<path>: <problem> at offset X (valid records follow at
//    offset Y)", never skipping the damage, and changes nothing.
//  * Otherwise the file ends in a torn tail (a write cut short by a crash): the
//    records before X are the file's contents. stats reports the tail; with
//    repair_torn_tail the file is truncated to X durably
//    (FileSystem::Truncate) before ReadWal returns OK.
// A file shorter than its header (a crash during creation) is a torn tail at
// offset 0: repairing cuts it to 0 bytes. A bad file header (magic, version,
// header checksum) is Corruption. Records before the bad spot have already
// been passed to on_record when ReadWal returns Corruption: the caller must
// discard what it built from them.
//
// I/O errors are IOError. Memory: one read buffer of max(1 MiB, largest
// record). Thread-safe (no shared state); the file must not be written
// meanwhile. stats may be null.
Status ReadWal(FileSystem* fs, const std::string& path, bool repair_torn_tail,
               const WalRecordCallback& on_record, WalReadStats* stats);

}  // namespace vigil
