// GET /v1/stream?q=&tenant= — live tail as server-sent events.
//
// Each matching event is sent as `id: <seq>`, `event: event`, `data: <event
// JSON>`; a comment line keeps idle connections alive. The tail starts at the
// newest event, or after `Last-Event-ID` (the reconnect header of
// EventSource) or `after_seq`, so a client that reconnects misses nothing.
#pragma once

#include "api/api_deps.h"
#include "api/request_context.h"
#include "net/http_types.h"

namespace vigil::api {

net::HttpResponse Stream(const ApiDeps& deps, RequestContext& ctx);

}  // namespace vigil::api
