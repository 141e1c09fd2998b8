#include "store/prepared_batch.h"

#include "core/event_json.h"

namespace vigil {

PreparedBatch PreparedBatch::From(std::vector<Event> events) {
  PreparedBatch b;
  b.canonical.reserve(events.size());
  for (const Event& e : events) {
    b.canonical.push_back(CanonicalEvent(e));
    b.canonical_bytes += b.canonical.back().size();
  }
  b.events = std::move(events);
  return b;
}

}  // namespace vigil
