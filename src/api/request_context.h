// RequestContext: what a handler knows about the request it serves — the
// parsed HTTP request, who is calling (after authentication), and the ids
// and times used for audit records.
#pragma once

#include <cstdint>
#include <string>

#include "api/auth/principal.h"
#include "net/http_types.h"

namespace vigil::api {

struct RequestContext {
  const net::HttpRequest& http;
  Principal principal;
  std::string request_id;  // X-Request-Id when sent (≤ 128 printable bytes), else generated
  std::string route;       // the route pattern, e.g. "/v1/events/{id}"
  std::string path_id;     // the {id} segment of the path, percent-decoded, when the route has one
  int64_t now_ms = 0;      // receive time
};

}  // namespace vigil::api
