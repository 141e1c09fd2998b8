#include "store/segment/segment_writer.h"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "core/event_fields.h"
#include "store/segment/block_compression.h"
#include "store/segment/checksum.h"
#include "store/segment/coding.h"
#include "store/segment/double_column.h"
#include "store/segment/integer_column.h"
#include "store/segment/resource_column.h"
#include "store/segment/segment_footer.h"
#include "store/segment/status_column.h"
#include "store/segment/string_column.h"
#include "store/segment/string_dictionary_builder.h"

namespace vigil {
namespace {

using segment::ColumnEncoding;

Status CheckInput(std::span<const Event* const> events, const SegmentWriteOptions& options) {
  if (options.rows_per_group == 0) {
    return Status::InvalidArgument("options.rows_per_group: must be at least 1");
  }
  if (events.empty()) return Status::InvalidArgument("a segment needs at least one event");
  if (events.size() > segment::kMaxRows) {
    return Status::ResourceExhausted(std::to_string(events.size()) +
                                     " events exceed the segment limit of " +
                                     std::to_string(segment::kMaxRows));
  }
  const uint64_t first = events[0]->seq;
  if (first > UINT64_MAX - (events.size() - 1)) {
    return Status::InvalidArgument("seqs starting at " + std::to_string(first) + " overflow");
  }
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i]->seq != first + i) {
      return Status::InvalidArgument("events[" + std::to_string(i) +
                                     "].seq: " + std::to_string(events[i]->seq) + ", expected " +
                                     std::to_string(first + i) + " (seqs must be contiguous)");
    }
    if (events[i]->status != EventStatus::kSuccess && events[i]->status != EventStatus::kError) {
      return Status::InvalidArgument("events[" + std::to_string(i) + "].status: unknown value " +
                                     std::to_string(static_cast<unsigned>(events[i]->status)));
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

  void Gather(std::span<const Event* const> events) {
    const size_t n = events.size();
    for (auto* v : {&seq, &time, &received_at}) v->resize(n);
    status.resize(n);
    for (auto* v : {&duration, &lat, &lon}) v->resize(n);
    resources.resize(n);
    for (std::vector<std::string_view>& s : strings) s.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const Event& e = *events[i];
      seq[i] = static_cast<int64_t>(e.seq);
      time[i] = e.time_ms;
      received_at[i] = e.received_at_ms;
      status[i] = e.status;
      duration[i] = e.context.duration_ms;
      lat[i] = e.geo.lat;
      lon[i] = e.geo.lon;
      resources[i] = e.resources;
      for (const StringFieldInfo& f : AllStringFields()) {
        strings[static_cast<size_t>(f.field)][i] = GetField(e, f.field);
      }
    }
  }

  const std::vector<std::string_view>& Strings(SegmentColumn c) const {
    return strings[static_cast<size_t>(*StringFieldForColumn(c))];
  }
};

// Pass 1: decides which string columns get a dictionary, and builds them.
class Dictionaries {
 public:
  Dictionaries(const SegmentInfo& info, std::span<const Event* const> events) {
    struct Active {
      StringField field;
      segment::StringDictionaryBuilder* builder;
    };
    std::vector<Active> active;
    for (const StringFieldInfo& f : AllStringFields()) {
      auto& b = builders_[ColumnId(ColumnForStringField(f.field))];
      b = std::make_unique<segment::StringDictionaryBuilder>();
      active.push_back({f.field, b.get()});
    }
    for (uint32_t g = 0; g < info.row_groups && !active.empty(); ++g) {
      for (const Event* e : events.subspan(info.GroupFirstRow(g), info.GroupRows(g))) {
        for (const Active& a : active) a.builder->Add(GetField(*e, a.field));
      }
      for (const Active& a : active) a.builder->Checkpoint();
      std::erase_if(active, [](const Active& a) { return a.builder->abandoned(); });
    }
    for (std::unique_ptr<segment::StringDictionaryBuilder>& b : builders_) {
      if (b != nullptr && !b->Finish()) b.reset();
    }
  }

  // The column's dictionary, or null when it is stored plain.
  const segment::StringDictionaryBuilder* get(SegmentColumn c) const {
    return builders_[ColumnId(c)].get();
  }

 private:
  std::array<std::unique_ptr<segment::StringDictionaryBuilder>, kSegmentColumnCount> builders_;
};

// Encodes one column of a group into *raw; returns its encoding.
ColumnEncoding EncodeGroupColumn(SegmentColumn column, const GroupColumns& values,
                                 const Dictionaries& dictionaries, size_t first_row,
                                 std::vector<uint32_t>* codes, std::string* raw) {
  switch (column) {
    case SegmentColumn::kSeq:
      segment::EncodeDeltaColumn(values.seq, raw);
      return ColumnEncoding::kDeltaVarint;
    case SegmentColumn::kTime:
      segment::EncodeDeltaColumn(values.time, raw);
      return ColumnEncoding::kDeltaVarint;
    case SegmentColumn::kReceivedAt:
      segment::EncodeDeltaColumn(values.received_at, raw);
      return ColumnEncoding::kDeltaVarint;
    case SegmentColumn::kStatus:
      segment::EncodeStatusColumn(values.status, raw);
      return ColumnEncoding::kByte;
    case SegmentColumn::kDurationMs:
      return segment::EncodeOptionalDoubleColumn(values.duration, raw);
    case SegmentColumn::kGeoLat:
      return segment::EncodeOptionalDoubleColumn(values.lat, raw);
    case SegmentColumn::kGeoLon:
      return segment::EncodeOptionalDoubleColumn(values.lon, raw);
    case SegmentColumn::kResources:
      segment::EncodeResourceColumn(values.resources, raw);
      return ColumnEncoding::kResourceList;
    default:
      break;
  }
  const std::vector<std::string_view>& strings = values.Strings(column);
  if (const segment::StringDictionaryBuilder* d = dictionaries.get(column)) {
    d->Codes(first_row, strings.size(), codes);
    segment::EncodeDictionaryCodes(*codes, raw);
    return ColumnEncoding::kDictionaryCodes;
  }
  raw->clear();
  segment::AppendPlainStrings(strings, raw);
  return ColumnEncoding::kPlainString;
}

// Everything in the footer but the directory.
SegmentInfo Summarize(std::span<const Event* const> events, uint32_t rows_per_group) {
  SegmentInfo info;
  info.format_version = segment::kFormatVersion;
  info.rows = events.size();
  info.first_seq = events.front()->seq;
  info.last_seq = events.back()->seq;
  info.rows_per_group = rows_per_group;
  info.row_groups = static_cast<uint32_t>((events.size() + rows_per_group - 1) / rows_per_group);
  info.min_time_ms = info.max_time_ms = events[0]->time_ms;
  info.min_received_at_ms = info.max_received_at_ms = events[0]->received_at_ms;
  std::set<std::string_view> tenants;
  std::string_view last_tenant;
  for (const Event* e_ptr : events) {
    const Event& e = *e_ptr;
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

// Appends blocks to a file, filling in their directory entries.
class BlockAppender {
 public:
  BlockAppender(const std::string& path, WritableFile* file, int zstd_level)
      : path_(path), file_(file), compressor_(zstd_level) {}

  uint64_t offset() const { return offset_; }

  Status AppendHeader() {
    RETURN_IF_ERROR(file_->Append(segment::EncodeHeader()));
    offset_ = segment::kHeaderSize;
    return Status::Ok();
  }

  // Compresses raw and appends it as block b (b.encoding, group and column set).
  Status Append(const std::string& raw, SegmentColumnBlock* b) {
    b->offset = offset_;
    b->raw_size = raw.size();
    if (b->encoding == ColumnEncoding::kNone) return Status::Ok();  // empty slot
    if (raw.size() > segment::kMaxRawBlockSize) {
      return Status::ResourceExhausted(path_ + ": column " + std::string(ColumnName(b->column)) +
                                       ": a block of " + std::to_string(raw.size()) +
                                       " bytes exceeds the limit of " +
                                       std::to_string(segment::kMaxRawBlockSize));
    }
    Result<segment::BlockCompression> c = compressor_.Compress(raw, &stored_);
    if (!c.ok()) return c.status().WithPrefix(path_);
    b->compression = *c;
    b->crc = segment::Crc32(stored_);
    b->stored_size = stored_.size();
    RETURN_IF_ERROR(file_->Append(stored_));
    offset_ += stored_.size();
    return Status::Ok();
  }

 private:
  const std::string& path_;
  WritableFile* file_;
  segment::BlockCompressor compressor_;
  uint64_t offset_ = 0;
  std::string stored_;
};

// Writes the whole file through `file`; info gets the directory and file size.
// Errors of the file system name the path already; the others name it here.
Status WriteFile(const std::string& path, WritableFile* file, std::span<const Event* const> events,
                 const SegmentWriteOptions& options, SegmentInfo* info) {
  const Dictionaries dictionaries(*info, events);
  BlockAppender out(path, file, options.zstd_level);
  RETURN_IF_ERROR(out.AppendHeader());
  std::string raw;
  info->dictionaries.clear();
  for (uint8_t id = 0; id < kSegmentColumnCount; ++id) {
    SegmentColumnBlock b;
    b.group = SegmentColumnBlock::kDictionarySlot;
    b.column = *ColumnById(id);
    b.encoding = ColumnEncoding::kNone;
    raw.clear();
    if (const segment::StringDictionaryBuilder* d = dictionaries.get(b.column)) {
      b.encoding = ColumnEncoding::kStringDictionary;
      segment::EncodeStringDictionary(d->entries(), &raw);
    }
    RETURN_IF_ERROR(out.Append(raw, &b));
    info->dictionaries.push_back(b);
  }

  GroupColumns values;
  std::vector<uint32_t> codes;
  info->blocks.clear();
  info->blocks.reserve(size_t{info->row_groups} * kSegmentColumnCount);
  for (uint32_t g = 0; g < info->row_groups; ++g) {
    const size_t first_row = static_cast<size_t>(info->GroupFirstRow(g));
    values.Gather(events.subspan(first_row, info->GroupRows(g)));
    for (uint8_t id = 0; id < kSegmentColumnCount; ++id) {
      SegmentColumnBlock b;
      b.group = g;
      b.column = *ColumnById(id);
      b.encoding = EncodeGroupColumn(b.column, values, dictionaries, first_row, &codes, &raw);
      RETURN_IF_ERROR(out.Append(raw, &b));
      info->blocks.push_back(b);
    }
  }

  const std::string footer = segment::EncodeFooter(*info);
  if (footer.size() > segment::kMaxFooterSize) {
    return Status::ResourceExhausted(
        path + ": footer of " + std::to_string(footer.size()) + " bytes exceeds the limit of " +
        std::to_string(segment::kMaxFooterSize) + " (too many row groups or tenants)");
  }
  segment::SegmentTrailer trailer;
  trailer.footer_offset = out.offset();
  trailer.footer_size = static_cast<uint32_t>(footer.size());
  trailer.footer_crc = segment::Crc32(footer);
  RETURN_IF_ERROR(file->Append(footer));
  RETURN_IF_ERROR(file->Append(segment::EncodeTrailer(trailer)));
  info->file_bytes = out.offset() + footer.size() + segment::kTrailerSize;
  RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

}  // namespace

Result<SegmentInfo> WriteSegment(FileSystem* fs, const std::string& path,
                                 std::span<const Event* const> events,
                                 const SegmentWriteOptions& options) {
  Status s = CheckInput(events, options);
  if (!s.ok()) return s.WithPrefix(path);
  if (fs->Exists(path)) return Status::FailedPrecondition(path + ": segment file already exists");

  SegmentInfo info = Summarize(events, options.rows_per_group);
  ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, fs->OpenWritable(path, false));
  s = WriteFile(path, file.get(), events, options, &info);
  if (!s.ok()) {
    (void)file->Close();
    (void)fs->RemoveFile(path);
    return s;
  }
  return info;
}

Result<SegmentInfo> WriteSegment(FileSystem* fs, const std::string& path,
                                 std::span<const Event> events,
                                 const SegmentWriteOptions& options) {
  std::vector<const Event*> rows(events.size());
  for (size_t i = 0; i < events.size(); ++i) rows[i] = &events[i];
  return WriteSegment(fs, path, std::span<const Event* const>(rows), options);
}

}  // namespace vigil
