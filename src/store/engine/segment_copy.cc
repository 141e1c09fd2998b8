#include "store/engine/segment_copy.h"

#include <fmt/format.h>

#include <vector>

#include "store/engine/segment_index_file.h"

namespace vigil {

Result<OpenSegment> WriteSegmentCopy(FileSystem* fs, std::span<const OpenSegment* const> inputs,
                                     const std::string& path, const SegmentWriteOptions& options,
                                     bool archived) {
  if (inputs.empty()) return Status::Internal("WriteSegmentCopy: no segments to copy");
  const uint64_t first_seq = inputs.front()->info().first_seq;
  const uint64_t last_seq = inputs.back()->info().last_seq;
  std::vector<Event> events;
  std::vector<Event> part;
  for (const OpenSegment* input : inputs) {
    RETURN_IF_ERROR(input->reader->ReadEvents(ColumnSet::All(), &part));
    events.insert(events.end(), std::make_move_iterator(part.begin()),
                  std::make_move_iterator(part.end()));
  }
  const std::string tmp = path + ".tmp";
  if (fs->Exists(tmp)) RETURN_IF_ERROR(fs->RemoveFile(tmp));
  Result<SegmentInfo> written =
      WriteSegment(fs, tmp, std::span<const Event>(events.data(), events.size()), options);
  if (written.ok() && (written->first_seq != first_seq || written->last_seq != last_seq)) {
    written =
        Status::Internal(fmt::format("{}: written with seqs {}..{} instead of {}..{}", tmp,
                                     written->first_seq, written->last_seq, first_seq, last_seq));
  }
  Status s = written.status();
  if (s.ok()) s = fs->Rename(tmp, path);
  if (!s.ok()) {
    if (fs->Exists(tmp)) (void)fs->RemoveFile(tmp);
    return s;
  }
  // From here on a failure removes the copy again: left behind, it would
  // win over its inputs at the next open, even after a redaction rewrote
  // them.
  Result<OpenSegment> opened = [&]() -> Result<OpenSegment> {
    std::vector<const Event*> rows;
    rows.reserve(events.size());
    for (const Event& e : events) rows.push_back(&e);
    RETURN_IF_ERROR(WriteSegmentIndex(fs, path, rows, written->rows_per_group));
    RETURN_IF_ERROR(fs->SyncDir(ParentDir(path)));
    ASSIGN_OR_RETURN(std::unique_ptr<SegmentReader> reader, SegmentReader::Open(fs, path));
    ASSIGN_OR_RETURN(std::shared_ptr<const index::SegmentIndex> index,
                     OpenSegmentIndex(fs, *reader));
    return OpenSegment{path, std::move(reader), std::move(index), archived};
  }();
  if (!opened.ok()) {
    Status removed = RemoveSegmentFiles(fs, path);
    if (!removed.ok()) {
      return Status::IOError(fmt::format(
          "{}; and removing the incomplete copy failed too ({}): delete {} before the next "
          "start, or it replaces the segments it was copied from",
          opened.status().ToString(), removed.ToString(), path));
    }
  }
  return opened;
}

Status RemoveSegmentFiles(FileSystem* fs, const std::string& segment_path) {
  const std::string index_path = IndexPathFor(segment_path);
  if (fs->Exists(index_path)) RETURN_IF_ERROR(fs->RemoveFile(index_path));
  RETURN_IF_ERROR(fs->RemoveFile(segment_path));
  return fs->SyncDir(ParentDir(segment_path));
}

}  // namespace vigil
