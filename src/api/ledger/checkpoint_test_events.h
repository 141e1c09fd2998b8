// Events for the CheckpointLog tests: e<first> … of tenant acme, each with
// a personal value (so each is sealed).
#pragma once

#include <string>
#include <vector>

#include "core/event.h"

namespace vigil::api::test {

inline std::vector<Event> CheckpointTestEvents(int first, int n) {
  std::vector<Event> out;
  for (int i = first; i < first + n; ++i) {
    Event e;
    e.id = "e" + std::to_string(i);
    e.tenant = "acme";
    e.action = "app.update";
    e.time_ms = 1'000'000 + i;
    e.received_at_ms = e.time_ms;
    e.actor.email = "ada@example.com";
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace vigil::api::test
