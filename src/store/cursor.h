// Search cursors: the position after the last event of a page, as an opaque
// URL-safe token. Shared by every backend so a cursor means the same thing
// everywhere.
//
// A cursor encodes (order, time_ms, seq) of the last event returned; the next
// page holds the events strictly after it in the page order, which is
// (time, seq) descending for newest-first and ascending for oldest-first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/store.h"

namespace vigil {

struct CursorPosition {
  Order order = Order::kNewestFirst;
  int64_t time_ms = 0;
  uint64_t seq = 0;
};

std::string EncodeCursor(const CursorPosition& position);

// InvalidArgument ("cursor: …") for anything EncodeCursor did not produce, or
// for a cursor made for the other order.
Result<CursorPosition> DecodeCursor(std::string_view cursor, Order expected_order);

// True when (time_ms, seq) comes after the cursor position in its order.
inline bool IsAfter(const CursorPosition& c, int64_t time_ms, uint64_t seq) {
  if (c.order == Order::kNewestFirst) {
    return time_ms < c.time_ms || (time_ms == c.time_ms && seq < c.seq);
  }
  return time_ms > c.time_ms || (time_ms == c.time_ms && seq > c.seq);
}

}  // namespace vigil
