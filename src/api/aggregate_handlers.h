// Handlers of the aggregates the UI draws: GET /v1/histogram, GET /v1/facets.
#pragma once

#include "api/api_deps.h"
#include "api/request_context.h"
#include "net/http_types.h"

namespace vigil::api {

// GET /v1/histogram?q=&from=&to=&interval=auto|30s|5m|1h|1d|… — counts (and
// errors) per time bucket, every bucket of the range included.
net::HttpResponse GetHistogram(const ApiDeps& deps, RequestContext& ctx);

// GET /v1/facets?q=&from=&to=&fields=action,status,…&top=10 — top values with counts.
net::HttpResponse GetFacets(const ApiDeps& deps, RequestContext& ctx);

// Parses an interval: "auto" (0), or a number with a unit s, m, h, d, w.
Result<int64_t> ParseInterval(std::string_view text);

}  // namespace vigil::api
