#include "gen/parsed_events.h"

#include "core/clock.h"

namespace vigil {

ParsedEvents::ParsedEvents(const GeneratorOptions& options, UlidGenerator* ids)
    : generator_(options) {
  parse_options_.ids = ids;
  parse_options_.receive_time_ms = options.end_ms;
}

Result<Event> ParsedEvents::Get(uint64_t index) {
  json_.clear();
  generator_.Generate(index, &json_);
  return parser_.Parse(json_, parse_options_);
}

Result<std::vector<Event>> GenerateParsedEvents(uint64_t count, uint64_t seed, int64_t end_ms) {
  GeneratorOptions gen;
  gen.seed = seed;
  gen.end_ms = end_ms;
  gen.count = count;
  gen.with_ids = true;
  ManualClock clock(end_ms);
  UlidGenerator ids(&clock, seed);
  ParsedEvents generated(gen, &ids);
  std::vector<Event> events;
  events.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(Event e, generated.Get(i));
    e.seq = i;
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace vigil
