#include "store/engine/segment_index_file.h"

#include <fmt/format.h>

#include <vector>

#include "store/index/segment_index_builder.h"

namespace vigil {
namespace {

Status WriteIndexBytes(FileSystem* fs, const std::string& path, std::string_view bytes) {
  const std::string tmp = path + ".tmp";
  {
    ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> f, fs->OpenWritable(tmp, true));
    Status s = f->Append(bytes);
    if (s.ok()) s = f->Sync();
    Status closed = f->Close();
    if (s.ok()) s = closed;
    if (!s.ok()) {
      (void)fs->RemoveFile(tmp);
      return s;
    }
  }
  return fs->Rename(tmp, path);
}

}  // namespace

std::string IndexPathFor(std::string_view segment_path) {
  std::string out(segment_path);
  if (out.ends_with(".vseg")) out.resize(out.size() - 5);
  return out + ".vidx";
}

Status WriteSegmentIndex(FileSystem* fs, const std::string& segment_path,
                         std::span<const Event* const> rows, uint32_t rows_per_group) {
  index::SegmentIndexBuilder builder(rows_per_group);
  for (const Event* e : rows) builder.Add(*e);
  return WriteIndexBytes(fs, IndexPathFor(segment_path), builder.Finish());
}

Status WriteSegmentIndexBytes(FileSystem* fs, const std::string& segment_path,
                              std::string_view bytes) {
  return WriteIndexBytes(fs, IndexPathFor(segment_path), bytes);
}

Result<std::shared_ptr<const index::SegmentIndex>> OpenSegmentIndex(FileSystem* fs,
                                                                    const SegmentReader& segment) {
  const std::string path = IndexPathFor(segment.path());
  ASSIGN_OR_RETURN(std::shared_ptr<const MappedFile> mapped, fs->MapFile(path));
  const std::string_view bytes = mapped->bytes();
  Result<index::SegmentIndex> ix = index::SegmentIndex::Parse(mapped, bytes);
  if (!ix.ok()) return ix.status().WithPrefix(path);
  // The checksum pass read every page; let the kernel drop them until a
  // query touches them again.
  mapped->DropResident();
  const SegmentInfo& info = segment.info();
  if (ix->rows() != info.rows || ix->rows_per_group() != info.rows_per_group) {
    return Status::Corruption(fmt::format(
        "{}: indexes {} rows in groups of {}, but its segment holds {} rows in groups of {}", path,
        ix->rows(), ix->rows_per_group(), info.rows, info.rows_per_group));
  }
  return std::make_shared<const index::SegmentIndex>(std::move(ix).value());
}

Result<std::shared_ptr<const index::SegmentIndex>> LoadSegmentIndex(
    FileSystem* fs, const SegmentReader& segment,
    const std::function<void(const std::string&)>& warn) {
  Result<std::shared_ptr<const index::SegmentIndex>> opened = OpenSegmentIndex(fs, segment);
  if (opened.ok()) return opened;
  if (opened.status().code() == StatusCode::kCorruption) {
    if (warn) warn(opened.status().message() + "; rebuilding it from the segment");
  } else if (opened.status().code() != StatusCode::kNotFound) {
    return opened.status();
  }
  const SegmentInfo& info = segment.info();
  index::SegmentIndexBuilder builder(info.rows_per_group);
  std::unique_ptr<SegmentCursor> cursor = segment.NewCursor(ColumnSet::All());
  std::vector<Event> rows;
  for (uint32_t g = 0; g < info.row_groups; ++g) {
    const uint64_t first = info.GroupFirstRow(g);
    RETURN_IF_ERROR(cursor->ReadRange(first, first + info.GroupRows(g), &rows));
    for (const Event& e : rows) builder.Add(e);
  }
  const std::string path = IndexPathFor(segment.path());
  RETURN_IF_ERROR(WriteIndexBytes(fs, path, builder.Finish()));
  RETURN_IF_ERROR(fs->SyncDir(ParentDir(path)));
  return OpenSegmentIndex(fs, segment);
}

}  // namespace vigil
