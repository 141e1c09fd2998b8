// Reading a segment file (docs/format/segment.md): its footer at Open, then
// any subset of its columns, for all rows or a few.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "store/fs/file_system.h"
#include "store/segment/column_set.h"
#include "store/segment/segment_info.h"

namespace vigil {

// An open segment file. Immutable after Open: every method is const and safe
// to call from many threads at once. Owns its file handle; fs must outlive
// the reader. The file must not change while open (segments are immutable;
// a file replaced or truncated underneath gives Corruption or IOError).
//
// Errors: IOError when the file system fails (passed through, naming the
// path); Corruption, with a message naming the file and what is wrong (and
// for a block, its column, row group and offset), whenever the bytes break a
// rule of the format; InvalidArgument for bad arguments. On any error *out is
// left empty.
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

  // Replaces *out with info().rows events, row i in out[i], with the given
  // columns filled and every other field left default. Reads, checksums,
  // decompresses and fully decodes each requested block, checking that it
  // holds exactly the values the directory promises.
  Status ReadEvents(const ColumnSet& columns, std::vector<Event>* out) const;

  // Like ReadEvents, for the rows with the given indexes (strictly ascending,
  // each < info().rows; else InvalidArgument): out[k] is row rows[k]. Reads
  // only the row groups holding those rows, and decodes each up to its last
  // selected row (one page of results).
  Status ReadRows(const ColumnSet& columns, std::span<const uint32_t> rows,
                  std::vector<Event>* out) const;

 private:
  SegmentReader(std::string path, std::unique_ptr<RandomAccessFile> file, SegmentInfo info)
      : path_(std::move(path)), file_(std::move(file)), info_(std::move(info)) {}

  // rows == nullptr: every row.
  Status Read(const ColumnSet& columns, const std::span<const uint32_t>* rows,
              std::vector<Event>* out) const;
  // Fills out with rows [begin, end) of group g that the selection picks.
  Status ReadGroup(const ColumnSet& columns, uint32_t group, std::span<const uint32_t> selected,
                   bool all, std::vector<Event>* out) const;

  const std::string path_;
  const std::unique_ptr<RandomAccessFile> file_;
  const SegmentInfo info_;
};

}  // namespace vigil
