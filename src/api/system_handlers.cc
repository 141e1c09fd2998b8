#include "api/system_handlers.h"

#include "api/http/server_metrics.h"
#include "api/json_response.h"
#include "core/json_writer.h"

namespace vigil::api {

net::HttpResponse Healthz(const ApiDeps& deps, RequestContext&) {
  Status health = deps.store->Health();
  if (!health.ok()) return ErrorResponse(ApiError(ApiErrorCode::kUnavailable, health.ToString()));
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("status");
  w.String("ok");
  w.Key("events");
  w.Uint(deps.store->EndSeq());
  w.EndObject();
  return JsonResponse(std::move(out));
}

net::HttpResponse Metrics(const ApiDeps& deps, RequestContext&) {
  net::HttpResponse r;
  r.headers.Add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  r.headers.Add("Cache-Control", "no-store");
  if (deps.metrics != nullptr) r.body = deps.metrics->Render();
  return r;
}

net::HttpResponse OpenApi(const std::string& document) {
  net::HttpResponse r = JsonResponse(document);
  r.headers.Add("Access-Control-Allow-Origin", "*");
  return r;
}

}  // namespace vigil::api
