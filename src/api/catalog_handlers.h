// Handlers of /v1/catalog: a tenant's event catalog (docs/catalog.md), which
// feeds the UI's grouped event-type filter, and its settings.
#pragma once

#include "api/api_deps.h"
#include "api/request_context.h"
#include "enrich/catalog_registry.h"
#include "net/http_types.h"

namespace vigil::api {

// GET /v1/catalog[?tenant=T] (read scope) — the tenant's catalog: 200
// {"tenant","catalog","title","strict","custom","categories":[{"name",
// "types":[{"action","operation","description"}]}],"definition":{…}}.
// A tenant-bound key or viewer token reads its own tenant only (403).
net::HttpResponse GetCatalog(const ApiDeps& deps, enrich::CatalogRegistry* registry,
                             RequestContext& ctx);

// PUT /v1/catalog {"tenant","catalog","definition","strict"} (admin scope)
// — moves the tenant to a shipped catalog ("catalog") or installs its own
// ("definition": the JSON form of GET's "definition"), and sets strict mode;
// durable before the 200, which answers as GET does. Recorded as
// audit.catalog.update in _system. Errors name the member: unknown shipped
// catalog, both catalog and definition, a definition the loader refuses.
net::HttpResponse PutCatalog(const ApiDeps& deps, enrich::CatalogRegistry* registry,
                             RequestContext& ctx);

}  // namespace vigil::api
