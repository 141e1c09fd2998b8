#include "api/retention_handlers.h"

#include "api/json_response.h"
#include "api/retention_runner.h"
#include "core/json_writer.h"

namespace vigil::api {
namespace {

net::HttpResponse NoRetention() {
  return ErrorResponse(ApiError(ApiErrorCode::kNotFound, "this server has no retention policy"));
}

}  // namespace

net::HttpResponse GetRetention(const ApiDeps& deps, RequestContext& ctx) {
  if (deps.retention_runner == nullptr) return NoRetention();
  const RetentionPolicy& policy = deps.retention_runner->policy();
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  if (!ctx.principal.is_operator()) {
    w.Key("tenant");
    w.String(ctx.principal.tenant);
    w.Key("online_ms");
    w.Int(policy.OnlineMs(ctx.principal.tenant));
    w.Key("delete_after_ms");
    w.Int(policy.DeleteAfterMs(ctx.principal.tenant));
    w.EndObject();
    return JsonResponse(std::move(out));
  }
  w.Key("online_ms");
  w.Int(policy.online_ms);
  w.Key("tenants");
  w.BeginObject();
  for (const auto& [tenant, ms] : policy.online_ms_by_tenant) {
    w.Key(tenant);
    w.Int(ms);
  }
  w.EndObject();
  w.Key("delete_after_ms");
  w.Int(policy.delete_after_ms);
  w.Key("delete_after_tenants");
  w.BeginObject();
  for (const auto& [tenant, ms] : policy.delete_after_ms_by_tenant) {
    w.Key(tenant);
    w.Int(ms);
  }
  w.EndObject();
  w.Key("interval_ms");
  w.Int(deps.retention_runner->interval().count());
  w.EndObject();
  return JsonResponse(std::move(out));
}

net::HttpResponse RunRetentionNow(const ApiDeps& deps, RequestContext& ctx) {
  if (deps.retention_runner == nullptr) return NoRetention();
  if (!ctx.principal.is_operator()) {
    return ErrorResponse(Status::PermissionDenied(
        "retention runs move every tenant's data: they need an admin key not bound to a tenant"));
  }
  Result<RetentionResult> r = deps.retention_runner->RunNow(AuditCaller::From(ctx));
  if (!r.ok()) return ErrorResponse(r.status());
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  WriteRetentionResultMembers(*r, &w);
  w.EndObject();
  return JsonResponse(std::move(out));
}

}  // namespace vigil::api
