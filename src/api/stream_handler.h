// GET /v1/stream?q=&tenant= — live tail as server-sent events.
//
// Each matching event is sent as `id: <seq>`, `event: event`, `data: <event
// JSON>`; a comment line keeps idle connections alive. The tail starts at the
// newest event, or after `Last-Event-ID` (the reconnect header of
// EventSource) or `after_seq`, so a client that reconnects misses nothing.
//
// On a store holding several nodes' logs (ClickHouse, docs/scale-out.md)
// the tail follows each node's log (Store::LogEnds, asked every second,
// and at once when this node appends), and an event's id is every node's
// position after it, `node:next,…`, which Last-Event-ID gives back;
// `after_seq` then names a seq of this node's log.
#pragma once

#include "api/api_deps.h"
#include "api/request_context.h"
#include "net/http_types.h"

namespace vigil::api {

net::HttpResponse Stream(const ApiDeps& deps, RequestContext& ctx);

}  // namespace vigil::api
