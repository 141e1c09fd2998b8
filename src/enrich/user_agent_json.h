// The JSON object `vigil ua` prints per agent (and the API will return):
// {"ua":{"family","major","minor","patch"},"os":{"family","major","minor",
// "patch","patch_minor"},"device":{"family","brand","model"},"class":…,
// "engine":…,"webview":…}, absent values as null, members in that order.
#pragma once

#include <string>

#include "enrich/user_agent.h"

namespace vigil::enrich {

void AppendUserAgentJson(const UserAgentInfo& info, std::string* out);

}  // namespace vigil::enrich
