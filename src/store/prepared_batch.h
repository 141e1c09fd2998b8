// PreparedBatch: events made ready to append — each sealed (a key for its
// personal fields, ledger/seal.h), serialized in canonical form (the bytes
// the WAL stores) and hashed as a Merkle leaf.
//
// Preparing is the CPU-heavy, order-independent part of an append. Callers
// may prepare batches on several threads (the HTTP handler prepares on its
// connection's thread, the ingest pipeline on its parse thread) and hand them
// to Store::Append in order; Append then only does the ordered part (seqs,
// WAL write, fsync, publish).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "ledger/merkle.h"

namespace vigil {

struct PreparedBatch {
  std::vector<Event> events;
  // Every event's canonical serialization (CanonicalEvent), in order, each
  // preceded by its length as a 4-byte little-endian integer: one buffer, no
  // per-event allocation, and already the layout of a WAL batch record's body
  // (engine/wal_batch.h), which the WAL then takes without copying events.
  std::string framed;
  std::vector<uint32_t> starts;  // starts[i]: where event i's canonical bytes begin in framed
  uint32_t framed_crc = 0;       // wal::Crc32 of framed, computed here off the ordered path
  // Each event's Merkle leaf hash (ledger/seal.h), computed with its
  // serialization; the store appends them to the ledger as it stores the events.
  std::vector<ledger::Hash> leaf_hashes;
  // Not OK when an event could not be hashed (a seal key that is not valid
  // base64 of 16 bytes); Append then refuses the batch with it.
  Status status;

  size_t size() const { return events.size(); }
  // Event i's canonical serialization (a view into framed).
  std::string_view canonical(size_t i) const;
  // The sum of the canonical sizes (framed without the length prefixes).
  size_t canonical_bytes() const { return framed.size() - 4 * starts.size(); }

  // Serializes every event. size_hint: expected canonical bytes in all (e.g.
  // the request body's size), to size the buffer once; 0 when unknown.
  // Thread-safe (touches only its arguments).
  static PreparedBatch From(std::vector<Event> events, size_t size_hint = 0);

  // Building in place, one event at a time, so that each event is serialized
  // right after it was filled in, while it is still in cache (the batch
  // parser does this): Reserve, then for each event emplace it into events,
  // fill it and call SerializeLast (or pop it back without calling it).
  void Reserve(size_t events_expected, size_t size_hint);
  // Seals, serializes and hashes events.back(). Precondition: every earlier
  // event is serialized and this one is not.
  void SerializeLast();

 private:
  void Serialize(Event& e);
};

}  // namespace vigil
