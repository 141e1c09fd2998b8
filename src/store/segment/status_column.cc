#include "store/segment/status_column.h"

#include <cstdint>

namespace vigil::segment {

void EncodeStatusColumn(std::span<const EventStatus> values, std::string* raw) {
  raw->clear();
  raw->reserve(values.size());
  for (EventStatus s : values) raw->push_back(static_cast<char>(s));
}

Status CheckStatusBlock(std::string_view raw, size_t rows) {
  if (raw.size() != rows) {
    return Status::Corruption(std::to_string(raw.size()) + " raw bytes for " +
                              std::to_string(rows) + " rows");
  }
  for (size_t i = 0; i < rows; ++i) {
    const uint8_t b = static_cast<uint8_t>(raw[i]);
    if (b > static_cast<uint8_t>(EventStatus::kError)) {
      return Status::Corruption("row " + std::to_string(i) + " has unknown status " +
                                std::to_string(b));
    }
  }
  return Status::Ok();
}

}  // namespace vigil::segment
