// POST /v1/export/links and GET /v1/export/links/{id}: single-use download
// links for exports (export_links.h), so that a browser saves an export of
// any size the way it saves any file — streamed to disk by the browser
// itself, never gathered in a page's memory.
#pragma once

#include "api/api_deps.h"
#include "api/auth/authenticator.h"
#include "api/export_links.h"
#include "api/request_context.h"
#include "net/http_types.h"

namespace vigil::api {

// POST /v1/export/links?<the parameters of GET /v1/export>: checks them as
// the export would (400 naming the bad one), then answers 201 with
//   {"url":"/v1/export/links/dl_…","expires_at":"<RFC 3339>"}
net::HttpResponse CreateExportLink(const ApiDeps& deps, ExportLinks* links, RequestContext& ctx);

// GET (or HEAD) /v1/export/links/{id}, without credentials: uses the link up
// (HEAD leaves it) and answers what GET /v1/export with its parameters and
// its minter's credential answers now — 401 when that credential no longer
// authenticates, 403 when it lost the export scope, 404 for an unknown,
// used or expired link.
net::HttpResponse UseExportLink(const ApiDeps& deps, ExportLinks* links, const Authenticator& auth,
                                RequestContext& ctx);

}  // namespace vigil::api
