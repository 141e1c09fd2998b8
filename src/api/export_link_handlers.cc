#include "api/export_link_handlers.h"

#include <fmt/format.h>

#include "api/export_handler.h"
#include "api/json_response.h"
#include "core/json_writer.h"
#include "core/timestamp.h"

namespace vigil::api {

net::HttpResponse CreateExportLink(const ApiDeps& deps, ExportLinks* links, RequestContext& ctx) {
  Result<ExportParams> params = ParseExportParams(deps, ctx);
  if (!params.ok()) return ErrorResponse(params.status());
  ExportLinks::Grant grant;
  // Present: the route is authenticated.
  grant.authorization = std::string(ctx.http.headers.Find("Authorization").value_or(""));
  grant.query = ctx.http.query;
  Result<std::string> id = links->Create(std::move(grant), ctx.now_ms);
  if (!id.ok()) return ErrorResponse(id.status());
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("url");
  w.String(fmt::format("/v1/export/links/{}", *id));
  w.Key("expires_at");
  w.String(FormatRfc3339(ctx.now_ms + ExportLinks::kTtlMs));
  w.EndObject();
  net::HttpResponse r = JsonResponse(std::move(out), 201);
  r.headers.Add("Cache-Control", "no-store");
  return r;
}

net::HttpResponse UseExportLink(const ApiDeps& deps, ExportLinks* links, const Authenticator& auth,
                                RequestContext& ctx) {
  const bool head = ctx.http.method == "HEAD";
  Result<ExportLinks::Grant> grant =
      head ? links->Peek(ctx.path_id, ctx.now_ms) : links->Take(ctx.path_id, ctx.now_ms);
  if (!grant.ok()) return ErrorResponse(grant.status());
  Result<Principal> principal = auth.Authenticate(grant->authorization, ctx.now_ms);
  if (!principal.ok()) {
    return ErrorResponse(Status::Unauthenticated(
        fmt::format("the credential this download link was made with no longer holds: {}",
                    principal.status().message())));
  }
  if (!principal->Has(Scope::kExport)) {
    return ErrorResponse(Status::PermissionDenied(
        "the credential this download link was made with no longer has the export scope"));
  }
  // The export as its minter asked for it, seen as coming from this request.
  net::HttpRequest request;
  request.method = ctx.http.method;
  request.target = "/v1/export";
  request.path = "/v1/export";
  request.segments = {"v1", "export"};
  request.query = std::move(grant->query);
  request.headers = ctx.http.headers;
  request.remote_address = ctx.http.remote_address;
  request.tls = ctx.http.tls;
  RequestContext export_ctx{.http = request};
  export_ctx.principal = std::move(*principal);
  export_ctx.request_id = ctx.request_id;
  export_ctx.route = "/v1/export";
  export_ctx.now_ms = ctx.now_ms;
  return Export(deps, export_ctx);  // copies what its stream needs
}

}  // namespace vigil::api
