#include "store/segment/segment_cursor.h"

#include <algorithm>
#include <optional>

#include "core/event_fields.h"
#include "store/segment/block_reader.h"
#include "store/segment/column_block_decoder.h"
#include "store/segment/integer_column.h"
#include "store/segment/segment_reader.h"
#include "store/segment/string_column.h"

namespace vigil {
namespace {

std::string Num(uint64_t v) { return std::to_string(v); }

// Resets column c's field of e to its default (strings keep their capacity).
void ResetColumn(SegmentColumn c, Event* e) {
  switch (c) {
    case SegmentColumn::kSeq:
      e->seq = 0;
      break;
    case SegmentColumn::kTime:
      e->time_ms = 0;
      break;
    case SegmentColumn::kReceivedAt:
      e->received_at_ms = 0;
      break;
    case SegmentColumn::kStatus:
      e->status = EventStatus::kSuccess;
      break;
    case SegmentColumn::kDurationMs:
      e->context.duration_ms.reset();
      break;
    case SegmentColumn::kGeoLat:
      e->geo.lat.reset();
      break;
    case SegmentColumn::kGeoLon:
      e->geo.lon.reset();
      break;
    case SegmentColumn::kResources:
      e->resources.clear();
      break;
    default:
      MutableField(e, *StringFieldForColumn(c))->clear();
      break;
  }
}

}  // namespace

SegmentCursor::SegmentCursor(const SegmentReader* reader, const ColumnSet& columns)
    : reader_(reader), columns_(columns) {
  for (uint8_t id = 0; id < kSegmentColumnCount; ++id) {
    const SegmentColumn c = *ColumnById(id);
    if (columns_.Contains(c)) continue;
    if (std::optional<StringField> f = StringFieldForColumn(c)) {
      reset_strings_.push_back(*f);
    } else {
      reset_.push_back(c);
    }
  }
}

Status SegmentCursor::ReadRange(uint64_t begin, uint64_t end, std::vector<Event>* out) {
  const uint64_t rows = reader_->info().rows;
  if (begin > end || end > rows) {
    out->clear();
    return Status::InvalidArgument(reader_->path() + ": rows [" + Num(begin) + ", " + Num(end) +
                                   ") are not within the segment's " + Num(rows));
  }
  return Read(Selection{begin, end, nullptr}, out);
}

Status SegmentCursor::ReadRows(std::span<const uint32_t> rows, std::vector<Event>* out) {
  const uint64_t total = reader_->info().rows;
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] >= total) {
      out->clear();
      return Status::InvalidArgument(reader_->path() + ": rows[" + Num(k) + "] = " + Num(rows[k]) +
                                     " is past the last row " + Num(total - 1));
    }
    if (k > 0 && rows[k] <= rows[k - 1]) {
      out->clear();
      return Status::InvalidArgument(reader_->path() + ": rows[" + Num(k) + "] = " + Num(rows[k]) +
                                     " is not above rows[" + Num(k - 1) + "]");
    }
  }
  return Read(Selection{0, 0, &rows}, out);
}

Status SegmentCursor::Read(const Selection& selection, std::vector<Event>* out) {
  const SegmentInfo& info = reader_->info();
  const size_t n = static_cast<size_t>(selection.rows != nullptr ? selection.rows->size()
                                                                 : selection.end - selection.begin);
  // Reuse the caller's Events: reset what this read does not overwrite.
  const size_t reused = std::min(out->size(), n);
  out->resize(n);
  for (size_t k = 0; k < reused; ++k) {
    Event& e = (*out)[k];
    for (StringField f : reset_strings_) MutableField(&e, f)->clear();
    for (SegmentColumn c : reset_) ResetColumn(c, &e);
  }
  if (n == 0) return Status::Ok();

  Status s = LoadDictionaries();
  size_t filled = 0;
  std::vector<uint32_t> wanted;  // group-relative rows of a list selection
  size_t next = 0;               // into *selection.rows
  for (uint32_t g = 0; g < info.row_groups && s.ok() && filled < n; ++g) {
    const uint64_t group_begin = info.GroupFirstRow(g);
    const uint64_t group_end = group_begin + info.GroupRows(g);
    size_t first = 0;
    size_t stop = 0;
    const std::vector<uint32_t>* wanted_ptr = nullptr;
    if (selection.rows == nullptr) {
      if (selection.end <= group_begin || selection.begin >= group_end) continue;
      first = static_cast<size_t>(std::max(selection.begin, group_begin) - group_begin);
      stop = static_cast<size_t>(std::min(selection.end, group_end) - group_begin);
    } else {
      wanted.clear();
      while (next < selection.rows->size() && (*selection.rows)[next] < group_end) {
        wanted.push_back(static_cast<uint32_t>((*selection.rows)[next++] - group_begin));
      }
      if (wanted.empty()) continue;
      stop = wanted.back() + 1;
      wanted_ptr = &wanted;
    }
    s = ReadGroup(g, first, stop, wanted_ptr, out->data() + filled);
    filled += wanted_ptr != nullptr ? wanted.size() : stop - first;
  }
  if (!s.ok()) out->clear();
  return s;
}

Status SegmentCursor::ReadIntegers(SegmentColumn c, uint32_t group, std::vector<int64_t>* out) {
  const SegmentInfo& info = reader_->info();
  out->clear();
  if (group >= info.row_groups) {
    return Status::InvalidArgument(reader_->path() + ": row group " + Num(group) +
                                   " is past the last " + Num(info.row_groups - 1));
  }
  const SegmentColumnBlock& b = info.block(group, c);
  if (b.encoding != segment::ColumnEncoding::kDeltaVarint) {
    return Status::InvalidArgument(segment::BlockName(reader_->path(), b) +
                                   ": not an integer column");
  }
  RETURN_IF_ERROR(
      segment::ReadBlock(*reader_->file_, reader_->path(), b, &decompressor_, &stored_, &raw_));
  Status s = segment::DecodeDeltaColumn(raw_, static_cast<size_t>(info.GroupRows(group)), out);
  if (!s.ok()) out->clear();
  return segment::Prefixed(s, segment::BlockName(reader_->path(), b));
}

Status SegmentCursor::LoadDictionaries() {
  if (dictionaries_loaded_) return Status::Ok();
  for (const SegmentColumnBlock& b : reader_->info().dictionaries) {
    if (!columns_.Contains(b.column) || b.encoding != segment::ColumnEncoding::kStringDictionary ||
        dictionaries_[ColumnId(b.column)] != nullptr) {
      continue;
    }
    ASSIGN_OR_RETURN(dictionaries_[ColumnId(b.column)], reader_->LoadDictionary(b));
  }
  dictionaries_loaded_ = true;
  return Status::Ok();
}

Result<std::shared_ptr<const SegmentDictionary>> SegmentReader::LoadDictionary(
    const SegmentColumnBlock& b) const {
  {
    std::lock_guard lock(dictionaries_mu_);
    if (dictionaries_[ColumnId(b.column)] != nullptr) return dictionaries_[ColumnId(b.column)];
  }
  // Decoded without the lock: two first readers may both decode; one wins.
  auto d = std::make_shared<SegmentDictionary>();
  segment::BlockDecompressor decompressor;
  std::string stored;
  RETURN_IF_ERROR(segment::ReadBlock(*file_, path_, b, &decompressor, &stored, &d->raw));
  RETURN_IF_ERROR(
      segment::Prefixed(segment::DecodeStringDictionary(d->raw, info_.rows, &d->entries),
                        segment::BlockName(path_, b)));
  std::lock_guard lock(dictionaries_mu_);
  std::shared_ptr<const SegmentDictionary>& slot = dictionaries_[ColumnId(b.column)];
  if (slot == nullptr) slot = std::move(d);
  return slot;
}

Status SegmentCursor::ReadGroup(uint32_t group, size_t first, size_t stop,
                                const std::vector<uint32_t>* wanted, Event* dest) {
  const SegmentInfo& info = reader_->info();
  const std::string& path = reader_->path();
  const uint64_t first_row = info.GroupFirstRow(group);
  const size_t group_rows = static_cast<size_t>(info.GroupRows(group));

  std::vector<std::unique_ptr<segment::ColumnBlockDecoder>> decoders;
  std::vector<const SegmentColumnBlock*> blocks;
  for (uint8_t id = 0; id < kSegmentColumnCount; ++id) {
    const SegmentColumnBlock& b = info.blocks[group * kSegmentColumnCount + id];
    if (!columns_.Contains(b.column)) continue;
    std::string raw;
    RETURN_IF_ERROR(segment::ReadBlock(*reader_->file_, path, b, &decompressor_, &stored_, &raw));
    const SegmentDictionary* dictionary = dictionaries_[id].get();
    Result<std::unique_ptr<segment::ColumnBlockDecoder>> d =
        segment::ColumnBlockDecoder::Open(b, std::move(raw), group_rows, info.first_seq + first_row,
                                          dictionary == nullptr ? nullptr : &dictionary->entries);
    if (!d.ok()) return segment::Prefixed(d.status(), segment::BlockName(path, b));
    decoders.push_back(std::move(d).value());
    blocks.push_back(&b);
  }

  auto fail = [&](size_t k, size_t row) {
    return decoders[k]->error().WithPrefix(segment::BlockName(path, *blocks[k]) + ", row " +
                                           Num(first_row + row));
  };
  size_t next = 0;  // into *wanted
  for (size_t row = 0; row < stop; ++row) {
    const bool fill = wanted == nullptr ? row >= first : (*wanted)[next] == row;
    if (fill) {
      Event& e = *dest++;
      ++next;
      for (size_t k = 0; k < decoders.size(); ++k) {
        if (!decoders[k]->Fill(&e)) return fail(k, row);
      }
    } else {
      for (size_t k = 0; k < decoders.size(); ++k) {
        if (!decoders[k]->Skip()) return fail(k, row);
      }
    }
  }
  if (stop == group_rows) {  // decoded to the end: the blocks must end there too
    for (size_t k = 0; k < decoders.size(); ++k) {
      Status s = decoders[k]->Finish();
      if (!s.ok()) return s.WithPrefix(segment::BlockName(path, *blocks[k]));
    }
  }
  return Status::Ok();
}

}  // namespace vigil
