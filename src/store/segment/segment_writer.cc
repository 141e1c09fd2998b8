#include "store/segment/segment_writer.h"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "core/event_fields.h"
#include "store/segment/block_compression.h"
#include "store/segment/checksum.h"
#include "store/segment/double_column.h"
#include "store/segment/integer_column.h"
#include "store/segment/resource_column.h"
#include "store/segment/segment_footer.h"
#include "store/segment/status_column.h"
#include "store/segment/string_column.h"

namespace vigil {
namespace {

using segment::ColumnEncoding;

Status CheckInput(std::span<const Event> events, const SegmentWriteOptions& options) {
  if (options.rows_per_group == 0) {
    return Status::InvalidArgument("options.rows_per_group: must be at least 1");
  }
  if (events.empty()) return Status::InvalidArgument("a segment needs at least one event");
  if (events.size() > segment::kMaxRows) {
    return Status::ResourceExhausted(std::to_string(events.size()) +
                                     " events exceed the segment limit of " +
                                     std::to_string(segment::kMaxRows));
  }
  const uint64_t first = events[0].seq;
  if (first > UINT64_MAX - (events.size() - 1)) {
    return Status::InvalidArgument("seqs starting at " + std::to_string(first) + " overflow");
  }
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].seq != first + i) {
      return Status::InvalidArgument("events[" + std::to_string(i) + "].seq: " +
                                     std::to_string(events[i].seq) + ", expected " +
                                     std::to_string(first + i) + " (seqs must be contiguous)");
    }
    if (events[i].status != EventStatus::kSuccess && events[i].status != EventStatus::kError) {
      return Status::InvalidArgument("events[" + std::to_string(i) + "].status: unknown value " +
                                     std::to_string(static_cast<unsigned>(events[i].status)));
    }
  }
  return Status::Ok();
}

// One row group's values, column by column, gathered in a single pass over
// the events (each Event is read once, while it is in cache).
struct GroupColumns {
  std::vector<int64_t> seq, time, received_at;
  std::vector<EventStatus> status;
  std::vector<std::optional<double>> duration, lat, lon;
  std::vector<std::span<const ResourceRef>> resources;
  std::array<std::vector<std::string_view>, kStringFieldCount> strings;  // by StringField

  void Gather(std::span<const Event> events) {
    const size_t n = events.size();
    for (auto* v : {&seq, &time, &received_at}) v->resize(n);
    status.resize(n);
    for (auto* v : {&duration, &lat, &lon}) v->resize(n);
    resources.resize(n);
    for (std::vector<std::string_view>& s : strings) s.resize(n);
    const std::span<const StringFieldInfo> fields = AllStringFields();
    for (size_t i = 0; i < n; ++i) {
      const Event& e = events[i];
      seq[i] = static_cast<int64_t>(e.seq);
      time[i] = e.time_ms;
      received_at[i] = e.received_at_ms;
      status[i] = e.status;
      duration[i] = e.context.duration_ms;
      lat[i] = e.geo.lat;
      lon[i] = e.geo.lon;
      resources[i] = e.resources;
      for (const StringFieldInfo& f : fields) {
        strings[static_cast<size_t>(f.field)][i] = GetField(e, f.field);
      }
    }
  }

  // Encodes one column into *raw; returns its encoding.
  ColumnEncoding Encode(SegmentColumn column, std::string* raw) const {
    switch (column) {
      case SegmentColumn::kSeq: segment::EncodeDeltaColumn(seq, raw); break;
      case SegmentColumn::kTime: segment::EncodeDeltaColumn(time, raw); break;
      case SegmentColumn::kReceivedAt: segment::EncodeDeltaColumn(received_at, raw); break;
      case SegmentColumn::kStatus:
        segment::EncodeStatusColumn(status, raw);
        return ColumnEncoding::kByte;
      case SegmentColumn::kDurationMs: return segment::EncodeOptionalDoubleColumn(duration, raw);
      case SegmentColumn::kGeoLat: return segment::EncodeOptionalDoubleColumn(lat, raw);
      case SegmentColumn::kGeoLon: return segment::EncodeOptionalDoubleColumn(lon, raw);
      case SegmentColumn::kResources:
        segment::EncodeResourceColumn(resources, raw);
        return ColumnEncoding::kResourceList;
      default: {
        const StringField f = *StringFieldForColumn(column);
        return segment::EncodeStringColumn(strings[static_cast<size_t>(f)], raw);
      }
    }
    return ColumnEncoding::kDeltaVarint;
  }
};

// Everything in the footer but the directory.
SegmentInfo Summarize(std::span<const Event> events, uint32_t rows_per_group) {
  SegmentInfo info;
  info.format_version = segment::kFormatVersion;
  info.rows = events.size();
  info.first_seq = events.front().seq;
  info.last_seq = events.back().seq;
  info.rows_per_group = rows_per_group;
  info.row_groups = static_cast<uint32_t>((events.size() + rows_per_group - 1) / rows_per_group);
  info.min_time_ms = info.max_time_ms = events[0].time_ms;
  info.min_received_at_ms = info.max_received_at_ms = events[0].received_at_ms;
  std::set<std::string_view> tenants;
  std::string_view last_tenant;
  for (const Event& e : events) {
    info.min_time_ms = std::min(info.min_time_ms, e.time_ms);
    info.max_time_ms = std::max(info.max_time_ms, e.time_ms);
    info.min_received_at_ms = std::min(info.min_received_at_ms, e.received_at_ms);
    info.max_received_at_ms = std::max(info.max_received_at_ms, e.received_at_ms);
    if (tenants.empty() || e.tenant != last_tenant) {
      tenants.insert(e.tenant);
      last_tenant = e.tenant;
    }
  }
  info.tenants.assign(tenants.begin(), tenants.end());
  return info;
}

// Writes the whole file through `file`; info gets the directory and file size.
Status WriteFile(WritableFile* file, std::span<const Event> events,
                 const SegmentWriteOptions& options, SegmentInfo* info) {
  RETURN_IF_ERROR(file->Append(segment::EncodeHeader()));
  uint64_t offset = segment::kHeaderSize;
  GroupColumns columns;
  std::string raw;
  std::string stored;
  info->blocks.clear();
  info->blocks.reserve(size_t{info->row_groups} * kSegmentColumnCount);
  for (uint32_t g = 0; g < info->row_groups; ++g) {
    columns.Gather(events.subspan(info->GroupFirstRow(g), info->GroupRows(g)));
    for (uint8_t id = 0; id < kSegmentColumnCount; ++id) {
      SegmentColumnBlock b;
      b.group = g;
      b.column = *ColumnById(id);
      b.encoding = columns.Encode(b.column, &raw);
      if (raw.size() > segment::kMaxRawBlockSize) {
        return Status::ResourceExhausted("column " + std::string(ColumnName(b.column)) + ": " +
                                         std::to_string(raw.size()) +
                                         " bytes in one row group exceed the block limit of " +
                                         std::to_string(segment::kMaxRawBlockSize));
      }
      ASSIGN_OR_RETURN(b.compression, segment::CompressBlock(raw, options.zstd_level, &stored));
      b.crc = segment::Crc32(stored);
      b.offset = offset;
      b.stored_size = stored.size();
      b.raw_size = raw.size();
      RETURN_IF_ERROR(file->Append(stored));
      offset += stored.size();
      info->blocks.push_back(b);
    }
  }
  const std::string footer = segment::EncodeFooter(*info);
  if (footer.size() > segment::kMaxFooterSize) {
    return Status::ResourceExhausted("footer of " + std::to_string(footer.size()) +
                                     " bytes exceeds the limit of " +
                                     std::to_string(segment::kMaxFooterSize) +
                                     " (too many row groups or tenants)");
  }
  segment::SegmentTrailer trailer;
  trailer.footer_offset = offset;
  trailer.footer_size = static_cast<uint32_t>(footer.size());
  trailer.footer_crc = segment::Crc32(footer);
  RETURN_IF_ERROR(file->Append(footer));
  RETURN_IF_ERROR(file->Append(segment::EncodeTrailer(trailer)));
  info->file_bytes = offset + footer.size() + segment::kTrailerSize;
  RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

}  // namespace

Result<SegmentInfo> WriteSegment(FileSystem* fs, const std::string& path,
                                 std::span<const Event> events,
                                 const SegmentWriteOptions& options) {
  Status s = CheckInput(events, options);
  if (!s.ok()) return s.WithPrefix(path);
  if (fs->Exists(path)) return Status::FailedPrecondition(path + ": segment file already exists");

  SegmentInfo info = Summarize(events, options.rows_per_group);
  ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, fs->OpenWritable(path, false));
  s = WriteFile(file.get(), events, options, &info);
  if (!s.ok()) {
    (void)file->Close();
    (void)fs->RemoveFile(path);
    return s.IsIOError() ? s : s.WithPrefix(path);  // IOErrors name the path already
  }
  return info;
}

}  // namespace vigil
