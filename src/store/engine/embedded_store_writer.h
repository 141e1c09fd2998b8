// EmbeddedStore::Writer: one caller in the group-commit queue (private to
// the embedded_store*.cc files).
#pragma once

#include <condition_variable>
#include <vector>

#include "store/engine/embedded_store.h"
#include "store/engine/segment_redaction.h"

namespace vigil {

// One caller of Append waiting in the group-commit queue.
struct EmbeddedStore::Writer {
  PreparedBatch* batch = nullptr;  // nullptr: a flush request (see Flush)
  // With batch == nullptr: a redaction request (see RedactActor) and its outcome.
  const RedactionTarget* redaction = nullptr;
  RedactionResult redacted;
  std::vector<AppendAck> acks;
  std::vector<size_t> to_store;  // indexes of events that are not duplicates
  std::vector<uint64_t> hashes;  // IdIndex::Hash of each event's key
  Status status;
  bool done = false;
  std::condition_variable cv;
};

}  // namespace vigil
