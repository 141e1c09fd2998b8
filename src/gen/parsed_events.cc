#include "gen/parsed_events.h"

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

}  // namespace vigil
