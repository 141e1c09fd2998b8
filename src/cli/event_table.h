// EventTable: events as an aligned text table for people (vigil query).
#pragma once

#include <string>
#include <vector>

#include "core/event.h"

namespace vigil::cli {

// Renders the events with columns TIME, TENANT, ACTION, STATUS, ACTOR,
// TARGET, IP, DESCRIPTION. When max_width > 0 the description is cut so each
// line fits; control characters in values are shown as spaces.
std::string RenderEventTable(const std::vector<Event>& events, size_t max_width);

}  // namespace vigil::cli
