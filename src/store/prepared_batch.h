// PreparedBatch: events made ready to append — each with its canonical
// serialization (the bytes the WAL stores and, later, the ledger hashes).
//
// Preparing is the CPU-heavy, order-independent part of an append. Callers
// may prepare batches on several threads (the ingest pipeline prepares on its
// parse thread) and hand them to Store::Append in order; Append then only
// does the ordered part (seqs, WAL write, fsync, publish).
#pragma once

#include <string>
#include <vector>

#include "core/event.h"

namespace vigil {

struct PreparedBatch {
  std::vector<Event> events;
  std::vector<std::string> canonical;  // canonical[i] is CanonicalEvent(events[i])
  size_t canonical_bytes = 0;          // sum of canonical[i].size()

  // Serializes every event. Thread-safe (touches only its argument).
  static PreparedBatch From(std::vector<Event> events);
};

}  // namespace vigil
