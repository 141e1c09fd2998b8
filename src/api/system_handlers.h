// Handlers that need no credentials: health, metrics, the OpenAPI document.
#pragma once

#include <string>

#include "api/api_deps.h"
#include "api/request_context.h"
#include "net/http_types.h"

namespace vigil::api {

// GET /healthz — 200 {"status":"ok",…} while the store serves; 503 otherwise.
net::HttpResponse Healthz(const ApiDeps& deps, RequestContext& ctx);

// GET /metrics — Prometheus text format.
net::HttpResponse Metrics(const ApiDeps& deps, RequestContext& ctx);

// GET /v1/openapi.json — the API description (docs/openapi.json, built in).
net::HttpResponse OpenApi(const std::string& document);

}  // namespace vigil::api
