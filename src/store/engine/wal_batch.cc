#include "store/engine/wal_batch.h"

#include <fmt/format.h>

#include <cstring>

namespace vigil {
namespace {

void PutU32(uint32_t v, std::string* out) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  out->append(b, 4);
}

void PutU64(uint64_t v, std::string* out) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  out->append(b, 8);
}

uint64_t GetLe(std::string_view s, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(s[pos + static_cast<size_t>(i)]);
  }
  return v;
}

}  // namespace

void AppendWalBatchHeader(uint64_t first_seq, uint32_t count, std::string* out) {
  out->push_back(static_cast<char>(kWalBatchType));
  PutU64(first_seq, out);
  PutU32(count, out);
}

void AppendWalBatchEvent(std::string_view canonical_json, std::string* out) {
  PutU32(static_cast<uint32_t>(canonical_json.size()), out);
  out->append(canonical_json);
}

Result<WalBatchView> DecodeWalBatch(std::string_view payload) {
  constexpr size_t kHeader = 1 + 8 + 4;
  if (payload.size() < kHeader) {
    return Status::Corruption(
        fmt::format("batch payload of {} bytes is shorter than its header", payload.size()));
  }
  if (static_cast<uint8_t>(payload[0]) != kWalBatchType) {
    return Status::Corruption(fmt::format("unknown batch payload type {}",
                                          static_cast<unsigned>(static_cast<uint8_t>(payload[0]))));
  }
  WalBatchView view;
  view.first_seq = GetLe(payload, 1, 8);
  uint64_t count = GetLe(payload, 9, 4);
  size_t pos = kHeader;
  view.events.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    if (pos + 4 > payload.size()) {
      return Status::Corruption(fmt::format("batch payload ends inside event {} of {}", i, count));
    }
    uint64_t len = GetLe(payload, pos, 4);
    pos += 4;
    if (len > payload.size() - pos) {
      return Status::Corruption(
          fmt::format("event {} of the batch claims {} bytes past the payload's end", i, len));
    }
    view.events.push_back(payload.substr(pos, len));
    pos += len;
  }
  if (pos != payload.size()) {
    return Status::Corruption(fmt::format("{} unexpected bytes after the batch's {} events",
                                          payload.size() - pos, count));
  }
  return view;
}

}  // namespace vigil
