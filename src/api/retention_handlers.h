// Handlers of the retention endpoints (admin scope; docs/retention.md):
//   GET  /v1/admin/retention       the policy in effect
//   POST /v1/admin/retention/runs  a retention run now (operator keys only:
//                                  it moves every tenant's segments)
// Both answer 404 when the server runs without a RetentionRunner (unit tests).
#pragma once

#include "api/api_deps.h"
#include "api/request_context.h"
#include "net/http_types.h"

namespace vigil::api {

// {"online_ms","tenants":{name: ms},"interval_ms"}; a tenant-bound admin
// sees {"tenant","online_ms"} of its own tenant only.
net::HttpResponse GetRetention(const ApiDeps& deps, RequestContext& ctx);

// 200 {"segments_archived","events_archived","bytes_before","bytes_after"};
// recorded as audit.retention in _system when it moved anything; 403 for
// a tenant-bound key.
net::HttpResponse RunRetentionNow(const ApiDeps& deps, RequestContext& ctx);

}  // namespace vigil::api
