// ParsedEvents: `vigil gen` events as the server stores them before
// enrichment — generated as JSON, then parsed (ids from the given
// generator, received at the generator's end time). For benchmarks and tools
// that need Events rather than NDJSON. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/event_parser.h"
#include "core/status.h"
#include "core/ulid.h"
#include "gen/event_generator.h"
#include "gen/generator_options.h"

namespace vigil {

class ParsedEvents {
 public:
  // ids must outlive this object.
  ParsedEvents(const GeneratorOptions& options, UlidGenerator* ids);

  // Event `index` of the generator; its JSON stays in json() until the next call.
  Result<Event> Get(uint64_t index);
  const std::string& json() const { return json_; }

 private:
  EventGenerator generator_;
  EventParser parser_;
  ParseOptions parse_options_;
  std::string json_;
};

// Events 0 … count-1 of `vigil gen` (the given seed, client ids, the last
// one near end_ms) parsed, with seq = index: the input of the benchmarks
// that write segments or indexes. The first event that fails to parse fails
// the call.
Result<std::vector<Event>> GenerateParsedEvents(uint64_t count, uint64_t seed, int64_t end_ms);

}  // namespace vigil
