// EventBatchParser: a request body → the events of one atomic batch.
//
// A body is one JSON object (one event), a JSON array of objects, or NDJSON
// (one object per line; a final newline is optional; blank lines are errors).
// Every event is validated; the batch is usable only when no event failed, so
// the caller stores all of it or none. Errors name the event:
// "events[3].actor.email: longer than 4096 bytes (got 5000)" for arrays and
// single objects, "line 4: …" for NDJSON.
//
// Not thread-safe (owns an EventParser); use one per thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/event_parser.h"
#include "core/status.h"
#include "store/prepared_batch.h"

namespace vigil {

class EventEnricher;

enum class BatchFormat { kJson, kNdjson };

struct BatchError {
  size_t index = 0;     // 0-based position of the event in the body
  std::string message;  // names the event, the field and the problem
};

struct ParsedBatch {
  // The events in body order, each serialized as it was parsed (ready for
  // Store::Append); only meaningful when errors is empty.
  PreparedBatch prepared;
  std::vector<BatchError> errors;  // at most kMaxReportedErrors, in body order
  size_t error_count = 0;          // all of them
};

inline constexpr size_t kMaxReportedErrors = 100;

class EventBatchParser {
 public:
  // Parses the whole body. InvalidArgument when the body as a whole is not
  // a batch (not an object, array or NDJSON; more than kMaxBatchEvents
  // events; empty); per-event problems are reported in ParsedBatch::errors.
  // With an enricher, each valid event is enriched before it is serialized
  // (an event the enricher refuses is an error like any other); the
  // enricher must outlive the call.
  Result<ParsedBatch> Parse(std::string_view body, BatchFormat format, const ParseOptions& options,
                            const EventEnricher* enricher = nullptr);

 private:
  Status ParseArray(std::string_view body, const ParseOptions& options, ParsedBatch* out);
  Status ParseNdjson(std::string_view body, const ParseOptions& options, ParsedBatch* out);
  void ParseOne(std::string_view json, std::string_view where, size_t index,
                const ParseOptions& options, ParsedBatch* out);

  EventParser parser_;
  const EventEnricher* enricher_ = nullptr;  // for the current Parse call
};

}  // namespace vigil
