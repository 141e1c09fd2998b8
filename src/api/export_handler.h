// GET /v1/export?q=&from=&to=&format=csv|ndjson — every matching event,
// streamed in ledger (seq) order in constant memory, whatever the period
// (no default time window: "download logs of any period").
#pragma once

#include "api/api_deps.h"
#include "api/request_context.h"
#include "net/http_types.h"

namespace vigil::api {

net::HttpResponse Export(const ApiDeps& deps, RequestContext& ctx);

}  // namespace vigil::api
