#include "store/segment/integer_column.h"

namespace vigil::segment {

void EncodeDeltaColumn(std::span<const int64_t> values, std::string* raw) {
  raw->clear();
  raw->reserve(values.size() + 16);
  uint64_t prev = 0;
  for (int64_t v : values) {
    const uint64_t u = static_cast<uint64_t>(v);
    PutVarint64(raw, ZigZagEncode(static_cast<int64_t>(u - prev)));
    prev = u;
  }
}

Status DeltaBlockDecoder::Open(std::string_view raw, size_t rows) {
  if (raw.size() < rows) {  // every value takes a byte
    return Status::Corruption(std::to_string(raw.size()) + " raw bytes cannot hold " +
                              std::to_string(rows) + " values");
  }
  reader_ = ByteReader(raw);
  prev_ = 0;
  error_ = Status::Ok();
  return Status::Ok();
}

bool DeltaBlockDecoder::Fail() {
  error_ = Status::Corruption("bad varint at raw byte " + std::to_string(reader_.position()));
  return false;
}

Status DeltaBlockDecoder::Finish() const {
  if (!reader_.done()) {
    return Status::Corruption("trailing bytes after the values at raw byte " +
                              std::to_string(reader_.position()));
  }
  return Status::Ok();
}

Status DecodeDeltaColumn(std::string_view raw, size_t rows, std::vector<int64_t>* values) {
  DeltaBlockDecoder d;
  RETURN_IF_ERROR(d.Open(raw, rows));
  values->resize(rows);
  for (int64_t& v : *values) {
    if (!d.Next(&v)) return d.error();
  }
  return d.Finish();
}

}  // namespace vigil::segment
