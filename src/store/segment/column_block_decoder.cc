#include "store/segment/column_block_decoder.h"

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/event_fields.h"
#include "store/segment/double_column.h"
#include "store/segment/integer_column.h"
#include "store/segment/resource_column.h"
#include "store/segment/status_column.h"
#include "store/segment/string_column.h"

namespace vigil::segment {
namespace {

class StringDecoder final : public ColumnBlockDecoder {
 public:
  StringDecoder(std::string raw, StringField field)
      : ColumnBlockDecoder(std::move(raw)), field_(field) {}
  Status Open(ColumnEncoding encoding, size_t rows,
              const std::vector<std::string_view>* dictionary) {
    return d_.Open(encoding, raw_, rows, dictionary);
  }
  bool Fill(Event* e) override {
    std::string_view v;
    if (!d_.Next(&v)) return false;
    MutableField(e, field_)->assign(v);
    return true;
  }
  bool Skip() override {
    std::string_view v;
    return d_.Next(&v);
  }
  Status Finish() const override { return d_.Finish(); }
  Status error() const override { return d_.error(); }

 private:
  StringField field_;
  StringBlockDecoder d_;
};

// seq, time and received_at. The seq column must hold first_seq + i in row i.
class IntegerDecoder final : public ColumnBlockDecoder {
 public:
  IntegerDecoder(std::string raw, SegmentColumn column, uint64_t first_seq)
      : ColumnBlockDecoder(std::move(raw)), column_(column), next_seq_(first_seq) {}
  Status Open(size_t rows) { return d_.Open(raw_, rows); }
  bool Fill(Event* e) override {
    int64_t v = 0;
    if (!Next(&v)) return false;
    switch (column_) {
      case SegmentColumn::kSeq:
        e->seq = static_cast<uint64_t>(v);
        break;
      case SegmentColumn::kTime:
        e->time_ms = v;
        break;
      default:
        e->received_at_ms = v;
        break;
    }
    return true;
  }
  bool Skip() override {
    int64_t v = 0;
    return Next(&v);
  }
  Status Finish() const override { return d_.Finish(); }
  Status error() const override { return error_.ok() ? d_.error() : error_; }

 private:
  bool Next(int64_t* v) {
    if (!d_.Next(v)) return false;
    if (column_ == SegmentColumn::kSeq && static_cast<uint64_t>(*v) != next_seq_++) {
      error_ = Status::Corruption("seq " + std::to_string(static_cast<uint64_t>(*v)) +
                                  " where the footer implies " + std::to_string(next_seq_ - 1));
      return false;
    }
    return true;
  }

  SegmentColumn column_;
  uint64_t next_seq_;
  DeltaBlockDecoder d_;
  Status error_;
};

class StatusDecoder final : public ColumnBlockDecoder {
 public:
  explicit StatusDecoder(std::string raw) : ColumnBlockDecoder(std::move(raw)) {}
  Status Open(size_t rows) { return CheckStatusBlock(raw_, rows); }
  bool Fill(Event* e) override {
    e->status = static_cast<EventStatus>(raw_[next_++]);  // checked by Open
    return true;
  }
  bool Skip() override {
    ++next_;
    return true;
  }
  Status Finish() const override { return Status::Ok(); }
  Status error() const override { return Status::Ok(); }

 private:
  size_t next_ = 0;
};

class DoubleDecoder final : public ColumnBlockDecoder {
 public:
  DoubleDecoder(std::string raw, SegmentColumn column)
      : ColumnBlockDecoder(std::move(raw)), column_(column) {}
  Status Open(ColumnEncoding encoding, size_t rows) { return d_.Open(encoding, raw_, rows); }
  bool Fill(Event* e) override {
    std::optional<double>* field = column_ == SegmentColumn::kDurationMs ? &e->context.duration_ms
                                   : column_ == SegmentColumn::kGeoLat   ? &e->geo.lat
                                                                         : &e->geo.lon;
    return d_.Next(field);
  }
  bool Skip() override {
    std::optional<double> v;
    return d_.Next(&v);
  }
  Status Finish() const override { return d_.Finish(); }
  Status error() const override { return d_.error(); }

 private:
  SegmentColumn column_;
  OptionalDoubleBlockDecoder d_;
};

class ResourceDecoder final : public ColumnBlockDecoder {
 public:
  explicit ResourceDecoder(std::string raw) : ColumnBlockDecoder(std::move(raw)) {}
  Status Open(size_t rows) { return d_.Open(raw_, rows); }
  bool Fill(Event* e) override {
    d_.Next(&e->resources);
    return true;
  }
  bool Skip() override {
    d_.Skip();
    return true;
  }
  Status Finish() const override { return Status::Ok(); }  // Open checked the whole block
  Status error() const override { return Status::Ok(); }

 private:
  ResourceBlockDecoder d_;
};

}  // namespace

Result<std::unique_ptr<ColumnBlockDecoder>> ColumnBlockDecoder::Open(
    const SegmentColumnBlock& block, std::string raw, size_t rows, uint64_t first_seq,
    const std::vector<std::string_view>* dictionary) {
  switch (ColumnType(block.column)) {
    case SegmentColumnType::kUint64:
    case SegmentColumnType::kInt64: {
      auto d = std::make_unique<IntegerDecoder>(std::move(raw), block.column, first_seq);
      RETURN_IF_ERROR(d->Open(rows));
      return std::unique_ptr<ColumnBlockDecoder>(std::move(d));
    }
    case SegmentColumnType::kStatus: {
      auto d = std::make_unique<StatusDecoder>(std::move(raw));
      RETURN_IF_ERROR(d->Open(rows));
      return std::unique_ptr<ColumnBlockDecoder>(std::move(d));
    }
    case SegmentColumnType::kOptionalDouble: {
      auto d = std::make_unique<DoubleDecoder>(std::move(raw), block.column);
      RETURN_IF_ERROR(d->Open(block.encoding, rows));
      return std::unique_ptr<ColumnBlockDecoder>(std::move(d));
    }
    case SegmentColumnType::kResources: {
      auto d = std::make_unique<ResourceDecoder>(std::move(raw));
      RETURN_IF_ERROR(d->Open(rows));
      return std::unique_ptr<ColumnBlockDecoder>(std::move(d));
    }
    case SegmentColumnType::kString: {
      auto d = std::make_unique<StringDecoder>(std::move(raw), *StringFieldForColumn(block.column));
      RETURN_IF_ERROR(d->Open(block.encoding, rows, dictionary));
      return std::unique_ptr<ColumnBlockDecoder>(std::move(d));
    }
  }
  return Status::Internal("unhandled column type");
}

}  // namespace vigil::segment
