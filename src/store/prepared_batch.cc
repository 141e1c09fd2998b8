#include "store/prepared_batch.h"

#include "core/event_json.h"
#include "ledger/seal.h"
#include "store/wal/wal_codec.h"

namespace vigil {

std::string_view PreparedBatch::canonical(size_t i) const {
  const size_t begin = starts[i];
  const size_t end = i + 1 < starts.size() ? starts[i + 1] - 4 : framed.size();
  return std::string_view(framed).substr(begin, end - begin);
}

void PreparedBatch::Reserve(size_t events_expected, size_t size_hint) {
  // A canonical event is the client's JSON plus the server's fields (id,
  // received_at): a little over the hint, or ~1 KiB per event without one.
  constexpr size_t kServerFieldsBytes = 140;  // id, received_at, seal
  constexpr size_t kBytesPerEventWithoutHint = 1024;
  events.reserve(events_expected);
  starts.reserve(events_expected);
  leaf_hashes.reserve(events_expected);
  framed.reserve(size_hint != 0 ? size_hint + events_expected * (4 + kServerFieldsBytes)
                                : events_expected * kBytesPerEventWithoutHint);
}

void PreparedBatch::Serialize(Event& e) {
  ledger::SealEvent(&e);
  const size_t length_at = framed.size();
  framed.append(4, '\0');
  starts.push_back(static_cast<uint32_t>(framed.size()));
  thread_local SealedCuts cuts;
  AppendCanonicalEvent(e, &framed, &cuts);
  const auto n = static_cast<uint32_t>(framed.size() - starts.back());
  for (int k = 0; k < 4; ++k) framed[length_at + k] = static_cast<char>((n >> (8 * k)) & 0xFF);
  const std::string_view canonical = std::string_view(framed).substr(starts.back(), n);
  framed_crc = wal::Crc32(std::string_view(framed).substr(length_at, 4 + n), framed_crc);
  // The leaf is cut out of the canonical bytes just written (still in cache).
  Result<ledger::Hash> leaf = ledger::EventLeafHash(e, canonical, cuts);
  if (leaf.ok()) {
    leaf_hashes.push_back(*leaf);
  } else {
    leaf_hashes.emplace_back();
    if (status.ok()) status = leaf.status();
  }
}

void PreparedBatch::SerializeLast() { Serialize(events.back()); }

PreparedBatch PreparedBatch::From(std::vector<Event> events, size_t size_hint) {
  PreparedBatch b;
  b.Reserve(events.size(), size_hint);
  for (Event& e : events) b.Serialize(e);
  b.events = std::move(events);
  return b;
}

}  // namespace vigil
