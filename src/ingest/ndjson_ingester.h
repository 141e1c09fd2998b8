// NdjsonIngester: NDJSON input → validated events → the Store, in batches.
//
// Two stages run concurrently: a parser thread reads lines and parses them
// with EventParser into batches; the calling thread appends each batch
// (durable when Append returns). Lines that fail validation are reported
// through on_reject with their line number and reason and are not stored;
// the other lines of their batch are. Blank lines are rejected too (an NDJSON
// line must hold one JSON object).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "core/ulid.h"
#include "store/store.h"

namespace vigil {

class EventEnricher;

struct IngestOptions {
  const Clock* clock = nullptr;  // receive time; nullptr: SystemClock
  UlidGenerator* ids = nullptr;  // ids for events without one; required
  std::string default_tenant;    // for events without a tenant
  std::string default_environment = "production";
  size_t batch_events = 10'000;  // events per Append (≤ kMaxBatchEvents)
  // The enrich step; null: events are stored as sent. Must outlive the call.
  const EventEnricher* enricher = nullptr;
  // Called from the calling thread.
  std::function<void(uint64_t line, const std::string& reason)> on_reject;
  // Called after each batch is durable: events stored so far, input bytes read so far.
  std::function<void(uint64_t stored, uint64_t bytes_read)> on_progress;
};

struct IngestSummary {
  uint64_t lines = 0;
  uint64_t stored = 0;      // new events stored
  uint64_t duplicates = 0;  // events whose (tenant, id) was already stored
  uint64_t rejected = 0;
  uint64_t bytes = 0;  // input bytes
};

// Reads NDJSON from fd until end of input. Returns the summary, or the first
// error that stopped ingestion (read error, storage error); events of batches
// acknowledged before such an error are stored.
Result<IngestSummary> IngestNdjson(int fd, Store* store, const IngestOptions& options);

}  // namespace vigil
