#include "store/segment/segment_reader.h"

#include "store/segment/block_reader.h"
#include "store/segment/checksum.h"
#include "store/segment/segment_footer.h"

namespace vigil {

Result<std::unique_ptr<SegmentReader>> SegmentReader::Open(FileSystem* fs,
                                                           const std::string& path) {
  using segment::Prefixed;
  using segment::ReadExactly;
  ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file, fs->OpenReadable(path));
  const uint64_t size = file->Size();
  if (size < segment::kMinFileSize) {
    return Status::Corruption(path + ": file of " + std::to_string(size) +
                              " bytes is too small to be a segment (at least " +
                              std::to_string(segment::kMinFileSize) + ")");
  }
  std::string bytes;
  Status s = ReadExactly(*file, 0, segment::kHeaderSize, &bytes);
  if (s.ok()) s = segment::CheckHeader(bytes);
  if (!s.ok()) return Prefixed(s, path);

  s = ReadExactly(*file, size - segment::kTrailerSize, segment::kTrailerSize, &bytes);
  if (!s.ok()) return Prefixed(s, path);
  Result<segment::SegmentTrailer> trailer = segment::DecodeTrailer(bytes, size);
  if (!trailer.ok()) return Prefixed(trailer.status(), path);

  s = ReadExactly(*file, trailer->footer_offset, trailer->footer_size, &bytes);
  if (!s.ok()) return Prefixed(s, path);
  const uint32_t crc = segment::Crc32(bytes);
  if (crc != trailer->footer_crc) {
    return Status::Corruption(path + ": footer checksum mismatch at offset " +
                              std::to_string(trailer->footer_offset) + " (stored " +
                              segment::Hex32(trailer->footer_crc) + ", computed " +
                              segment::Hex32(crc) + ")");
  }
  Result<SegmentInfo> info = segment::DecodeFooter(bytes, trailer->footer_offset);
  if (!info.ok()) return Prefixed(info.status(), path);
  info->format_version = trailer->format_version;
  info->file_bytes = size;
  return std::unique_ptr<SegmentReader>(
      new SegmentReader(path, std::move(file), std::move(info).value()));
}

}  // namespace vigil
