// Handlers of /v1/events: ingest (POST), search (GET), one event (GET {id}).
#pragma once

#include "api/api_deps.h"
#include "api/request_context.h"
#include "net/http_types.h"

namespace vigil::api {

// POST /v1/events — one object, an array or NDJSON, gzip/zstd allowed.
// Atomic: 200 after every new event of the batch is durable, or an error and
// nothing stored (422 listing each bad event by index; 403 when an event
// names a tenant or environment the key is not bound to; 503 when storage is
// behind, retry after Retry-After).
net::HttpResponse PostEvents(const ApiDeps& deps, RequestContext& ctx);

// GET /v1/events?q=&from=&to=&limit=&cursor=&order=&tenant= — one page.
net::HttpResponse SearchEvents(const ApiDeps& deps, RequestContext& ctx);

// GET /v1/events/{id}[?tenant=] — the whole event, 404 outside the caller's
// scope, with a "ledger" member: its inclusion proof to the latest signed
// checkpoint (ledger_handlers.h AppendEventLedgerMember).
net::HttpResponse GetEvent(const ApiDeps& deps, RequestContext& ctx);

}  // namespace vigil::api
