// The traits uap-core does not give, derived from the string and the parsed
// ua/os/device: device class, rendering engine, in-app webview. Rules, in
// order (the first that applies wins), are documented in
// docs/enrichment.md "User agents".
#pragma once

#include <string_view>

#include "enrich/user_agent.h"

namespace vigil::enrich {

// Sets info->device_class, engine and webview from the string and the
// already parsed ua, os and device parts. Thread-safe.
void DeriveTraits(std::string_view user_agent, UserAgentInfo* info);

}  // namespace vigil::enrich
