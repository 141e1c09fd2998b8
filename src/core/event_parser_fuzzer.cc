// libFuzzer target for event JSON (the bytes every client sends): EventParser
// must never crash, must only ever fail with InvalidArgument, and whatever it
// accepts must serialize canonically to bytes that parse back (stored form)
// and serialize to the very same bytes. Build with the `fuzz` preset; run e.g.
//   build/fuzz/src/core/event_parser_fuzzer -max_len=4096 -max_total_time=60
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/clock.h"
#include "core/event_json.h"
#include "core/event_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static vigil::ManualClock clock(1'763'700'000'000);
  static vigil::UlidGenerator ids(&clock, 1);
  static vigil::EventParser parser;
  std::string_view json(reinterpret_cast<const char*>(data), size);
  vigil::ParseOptions opts;
  opts.ids = &ids;
  opts.receive_time_ms = clock.NowMs();
  opts.default_tenant = "fuzz";
  auto event = parser.Parse(json, opts, "line 1");
  if (!event.ok()) {
    if (!event.status().IsInvalidArgument()) std::abort();
    return 0;
  }
  const std::string canonical = vigil::CanonicalEvent(*event);
  vigil::ParseOptions stored;
  stored.stored_form = true;
  auto back = parser.Parse(canonical, stored);
  if (!back.ok()) {
    std::fprintf(stderr, "canonical form does not parse: %s\n%s\n",
                 back.status().ToString().c_str(), canonical.c_str());
    std::abort();
  }
  if (vigil::CanonicalEvent(*back) != canonical) {
    std::fprintf(stderr, "canonical form is not a fixed point:\n%s\n", canonical.c_str());
    std::abort();
  }
  return 0;
}
