#include "store/segment/double_column.h"

#include <bit>
#include <cmath>

#include "store/segment/coding.h"

namespace vigil::segment {
namespace {

constexpr int kMaxDecimalScale = 15;
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

constexpr double Pow10(int k) {
  double p = 1;
  for (int i = 0; i < k; ++i) p *= 10;
  return p;
}

size_t BitmapSize(size_t rows) { return (rows + 7) / 8; }

// Appends the presence bitmap of values to raw.
void AppendBitmap(std::span<const std::optional<double>> values, std::string* raw) {
  const size_t start = raw->size();
  raw->append(BitmapSize(values.size()), '\0');
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i])
      (*raw)[start + i / 8] = static_cast<char>((*raw)[start + i / 8] | (1 << (i % 8)));
  }
}

// The smallest scale at which every present value is exactly n / 10^scale,
// or -1.
int DecimalScale(std::span<const std::optional<double>> values) {
  for (int k = 0; k <= kMaxDecimalScale; ++k) {
    const double m = Pow10(k);
    bool ok = true;
    for (const std::optional<double>& v : values) {
      if (!v) continue;
      const double s = *v * m;
      if (!(std::fabs(s) <= kMaxExactInteger)) {  // also false for NaN
        ok = false;
        break;
      }
      const double back = static_cast<double>(std::llround(s)) / m;
      if (std::bit_cast<uint64_t>(back) != std::bit_cast<uint64_t>(*v)) {
        ok = false;
        break;
      }
    }
    if (ok) return k;
  }
  return -1;
}

}  // namespace

void EncodePlainDoubles(std::span<const std::optional<double>> values, std::string* raw) {
  raw->clear();
  AppendBitmap(values, raw);
  for (const std::optional<double>& v : values) {
    if (v) PutFixed64(raw, std::bit_cast<uint64_t>(*v));
  }
}

ColumnEncoding EncodeOptionalDoubleColumn(std::span<const std::optional<double>> values,
                                          std::string* raw) {
  const int scale = DecimalScale(values);
  if (scale < 0) {
    EncodePlainDoubles(values, raw);
    return ColumnEncoding::kPlainDouble;
  }
  raw->clear();
  AppendBitmap(values, raw);
  raw->push_back(static_cast<char>(scale));
  const double m = Pow10(scale);
  for (const std::optional<double>& v : values) {
    if (v) PutVarint64(raw, ZigZagEncode(std::llround(*v * m)));
  }
  return ColumnEncoding::kDecimalDouble;
}

Status OptionalDoubleBlockDecoder::Open(ColumnEncoding encoding, std::string_view raw,
                                        size_t rows) {
  error_ = Status::Ok();
  row_ = 0;
  const size_t bitmap_size = BitmapSize(rows);
  if (raw.size() < bitmap_size) {
    return Status::Corruption(std::to_string(raw.size()) +
                              " raw bytes cannot hold the presence bitmap of " +
                              std::to_string(rows) + " rows");
  }
  bitmap_ = raw.substr(0, bitmap_size);
  present_ = 0;
  for (char c : bitmap_) present_ += static_cast<size_t>(std::popcount(static_cast<uint8_t>(c)));
  if (rows % 8 != 0 && (static_cast<uint8_t>(bitmap_.back()) >> (rows % 8)) != 0) {
    return Status::Corruption("presence bits set past the last row");
  }
  const std::string_view rest = raw.substr(bitmap_size);
  switch (encoding) {
    case ColumnEncoding::kPlainDouble:
      decimal_ = false;
      if (rest.size() != 8 * present_) {
        return Status::Corruption(std::to_string(rest.size()) + " value bytes for " +
                                  std::to_string(present_) + " present values");
      }
      plain_ = rest.data();
      return Status::Ok();
    case ColumnEncoding::kDecimalDouble: {
      decimal_ = true;
      if (rest.empty() || static_cast<uint8_t>(rest[0]) > kMaxDecimalScale) {
        return Status::Corruption("missing or bad decimal scale at raw byte " +
                                  std::to_string(bitmap_size));
      }
      divisor_ = Pow10(static_cast<uint8_t>(rest[0]));
      values_start_ = bitmap_size + 1;
      values_ = ByteReader(rest.substr(1));
      if (values_.remaining() < present_) {  // every value takes a byte
        return Status::Corruption(std::to_string(present_) + " present values do not fit in " +
                                  std::to_string(values_.remaining()) + " bytes");
      }
      return Status::Ok();
    }
    default:
      return Status::Corruption("encoding " + std::to_string(static_cast<unsigned>(encoding)) +
                                " is not a double encoding");
  }
}

bool OptionalDoubleBlockDecoder::Next(std::optional<double>* value) {
  const size_t i = row_++;
  if (((static_cast<uint8_t>(bitmap_[i / 8]) >> (i % 8)) & 1) == 0) {
    value->reset();
    return true;
  }
  if (decimal_) {
    uint64_t z = 0;
    if (!values_.ReadVarint64(&z)) {
      error_ = Status::Corruption("bad varint at raw byte " +
                                  std::to_string(values_start_ + values_.position()));
      return false;
    }
    *value = static_cast<double>(ZigZagDecode(z)) / divisor_;
    return true;
  }
  *value = std::bit_cast<double>(DecodeFixed64(plain_));
  plain_ += 8;
  return true;
}

Status OptionalDoubleBlockDecoder::Finish() const {
  if (decimal_ && !values_.done()) {
    return Status::Corruption("trailing bytes after the values at raw byte " +
                              std::to_string(values_start_ + values_.position()));
  }
  return Status::Ok();
}

Status DecodeOptionalDoubleColumn(ColumnEncoding encoding, std::string_view raw, size_t rows,
                                  std::vector<std::optional<double>>* values) {
  OptionalDoubleBlockDecoder d;
  RETURN_IF_ERROR(d.Open(encoding, raw, rows));
  values->resize(rows);
  for (std::optional<double>& v : *values) {
    if (!d.Next(&v)) return d.error();
  }
  return d.Finish();
}

}  // namespace vigil::segment
