// Reading a segment file (docs/format/segment.md): its footer at Open, then
// any subset of its columns, for all rows, a range or a list of rows.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "store/fs/file_system.h"
#include "store/segment/column_set.h"
#include "store/segment/segment_cursor.h"
#include "store/segment/segment_info.h"

namespace vigil {

// An open segment file. Immutable after Open: every method is const and safe
// to call from many threads at once. Owns its file handle; fs must outlive
// the reader. The file must not change while open (segments are immutable;
// a file replaced or truncated underneath gives Corruption or IOError).
//
// Reads fill a caller's vector of Events as SegmentCursor describes: fields
// of the requested columns are set, every other field is left default, and
// Events already in the vector are reused.
//
// Errors: the file system's own (IOError, NotFound for a missing file),
// passed through and naming the path; Corruption, with a message naming the
// file and what is wrong (and for a block, its column, row group and offset),
// whenever the bytes break a rule of the format; InvalidArgument for bad
// arguments. On any error *out is left empty.
class SegmentReader {
 public:
  // Opens path and reads and validates header, trailer and footer: magic,
  // version, checksums, and every bound of the block directory. Reads no
  // block.
  static Result<std::unique_ptr<SegmentReader>> Open(FileSystem* fs, const std::string& path);

  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;

  const std::string& path() const { return path_; }
  const SegmentInfo& info() const { return info_; }

  // Makes *out the info().rows events, row i in out[i]. Reads, checksums,
  // decompresses and fully decodes each requested block (and the dictionaries
  // of requested string columns), checking that it holds exactly the values
  // the directory promises.
  Status ReadEvents(const ColumnSet& columns, std::vector<Event>* out) const {
    return NewCursor(columns)->ReadRange(0, info_.rows, out);
  }

  // Rows [begin, end); see SegmentCursor::ReadRange.
  Status ReadRange(const ColumnSet& columns, uint64_t begin, uint64_t end,
                   std::vector<Event>* out) const {
    return NewCursor(columns)->ReadRange(begin, end, out);
  }

  // The rows with the given indexes; see SegmentCursor::ReadRows.
  Status ReadRows(const ColumnSet& columns, std::span<const uint32_t> rows,
                  std::vector<Event>* out) const {
    return NewCursor(columns)->ReadRows(rows, out);
  }

  // A cursor for repeated reads of `columns` (see SegmentCursor). It must
  // not outlive this reader.
  std::unique_ptr<SegmentCursor> NewCursor(const ColumnSet& columns) const {
    return std::unique_ptr<SegmentCursor>(new SegmentCursor(this, columns));
  }

 private:
  friend class SegmentCursor;

  SegmentReader(std::string path, std::unique_ptr<RandomAccessFile> file, SegmentInfo info)
      : path_(std::move(path)), file_(std::move(file)), info_(std::move(info)) {}

  // The decoded dictionary of block b (a dictionary slot), read and checked
  // on first use and then shared by every cursor: a segment's dictionaries
  // cover all its rows, so decoding them per read cost more than the read
  // (a page or a ledger tile touches a few hundred rows). Thread-safe.
  Result<std::shared_ptr<const SegmentDictionary>> LoadDictionary(
      const SegmentColumnBlock& b) const;

  const std::string path_;
  const std::unique_ptr<RandomAccessFile> file_;
  const SegmentInfo info_;
  mutable std::mutex dictionaries_mu_;
  mutable std::array<std::shared_ptr<const SegmentDictionary>, kSegmentColumnCount> dictionaries_;
};

}  // namespace vigil
