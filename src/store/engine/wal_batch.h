// The payload of one WAL record: one atomic batch of events, seqs
// first_seq .. first_seq + count - 1 (docs/format/data-dir.md, "WAL payload").
//
//   u8   type = 1 (event batch)
//   u64  first_seq         little endian
//   u32  count             little endian
//   count × { u32 length, length bytes: the event's canonical JSON }
//
// The canonical JSON is the stored form of core/event_json.h, so replay
// parses it with EventParser in stored mode.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace vigil {

inline constexpr uint8_t kWalBatchType = 1;

// Appends the header of a batch payload; then call AppendWalBatchEvent count times.
void AppendWalBatchHeader(uint64_t first_seq, uint32_t count, std::string* out);
void AppendWalBatchEvent(std::string_view canonical_json, std::string* out);

struct WalBatchView {
  uint64_t first_seq = 0;
  std::vector<std::string_view> events;  // point into the payload
};

// Splits a payload; Corruption when the framing is inconsistent.
Result<WalBatchView> DecodeWalBatch(std::string_view payload);

}  // namespace vigil
