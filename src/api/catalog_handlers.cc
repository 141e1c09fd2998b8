#include "api/catalog_handlers.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>

#include "api/json_response.h"
#include "api/self_audit.h"
#include "api/settings_sync.h"
#include "core/json_writer.h"

namespace vigil::api {
namespace {

// The tenant a request is about: the named one, else the caller's own.
Result<std::string> TenantOf(std::string_view named, const RequestContext& ctx,
                             std::string_view where) {
  std::string tenant(named.empty() ? std::string_view(ctx.principal.tenant) : named);
  if (tenant.empty()) {
    return Status::InvalidArgument(fmt::format("{}: required (whose catalog)", where));
  }
  if (!ctx.principal.tenant.empty() && tenant != ctx.principal.tenant) {
    return Status::PermissionDenied(
        fmt::format("{}: this credential is bound to tenant '{}'", where, ctx.principal.tenant));
  }
  return tenant;
}

std::string CatalogJson(std::string_view tenant, const enrich::TenantCatalog& tc) {
  const enrich::EventCatalog& c = *tc.catalog;
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("tenant");
  w.String(tenant);
  w.Key("catalog");
  w.String(c.name());
  w.Key("title");
  w.String(c.title());
  w.Key("strict");
  w.Bool(tc.strict);
  w.Key("custom");
  w.Bool(tc.custom);
  w.Key("categories");
  w.BeginArray();
  for (const enrich::EventCategory& g : c.Groups()) {
    w.BeginObject();
    w.Key("name");
    w.String(g.name);
    w.Key("types");
    w.BeginArray();
    for (const enrich::EventType* t : g.types) {
      w.BeginObject();
      w.Key("action");
      w.String(t->action);
      w.Key("operation");
      w.String(t->operation);
      w.Key("description");
      w.String(t->description);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("definition");
  w.Raw(c.ToJson(/*with_gen=*/false));
  w.EndObject();
  return out;
}

}  // namespace

net::HttpResponse GetCatalog(const ApiDeps&, enrich::CatalogRegistry* registry,
                             RequestContext& ctx) {
  Result<std::string> tenant = TenantOf(ctx.http.Param("tenant").value_or(""), ctx, "tenant");
  if (!tenant.ok()) return ErrorResponse(tenant.status());
  return JsonResponse(CatalogJson(*tenant, registry->ForTenant(*tenant)));
}

net::HttpResponse PutCatalog(const ApiDeps& deps, enrich::CatalogRegistry* registry,
                             RequestContext& ctx) {
  const nlohmann::json body =
      nlohmann::json::parse(ctx.http.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object())
    return ErrorResponse(Status::InvalidArgument("body: expected a JSON object"));
  enrich::TenantCatalogChange change;
  std::string named_tenant;
  for (const auto& [key, v] : body.items()) {
    const std::string where = "body." + key;
    if (key == "tenant" || key == "catalog") {
      if (!v.is_string())
        return ErrorResponse(Status::InvalidArgument(where + ": expected a string"));
      (key == "tenant" ? named_tenant : change.shipped.emplace()) = v.get<std::string>();
    } else if (key == "strict") {
      if (!v.is_boolean())
        return ErrorResponse(Status::InvalidArgument(where + ": expected true or false"));
      change.strict = v.get<bool>();
    } else if (key == "definition") {
      if (!v.is_object())
        return ErrorResponse(Status::InvalidArgument(where + ": expected an object"));
      Result<enrich::EventCatalog> c = enrich::EventCatalog::FromJson(v.dump(), "body.definition");
      if (!c.ok()) return ErrorResponse(Status::InvalidArgument(c.status().message()));
      change.custom = std::move(c).value();
    } else {
      return ErrorResponse(Status::InvalidArgument(
          where + ": unknown field; expected tenant, catalog, definition or strict"));
    }
  }
  if (!change.shipped && !change.custom && !change.strict) {
    return ErrorResponse(
        Status::InvalidArgument("body: nothing to change; give catalog, definition or strict"));
  }
  Result<std::string> tenant = TenantOf(named_tenant, ctx, "body.tenant");
  if (!tenant.ok()) return ErrorResponse(tenant.status());
  Result<enrich::TenantCatalog> done = registry->Set(*tenant, std::move(change));
  if (!done.ok()) return ErrorResponse(done.status());
  if (deps.settings != nullptr) deps.settings->Wake();

  std::string meta;
  {
    JsonWriter w(&meta);
    w.BeginObject();
    w.Key("catalog");
    w.String(done->catalog->name());
    w.Key("custom");
    w.Bool(done->custom);
    w.Key("strict");
    w.Bool(done->strict);
    w.Key("tenant");
    w.String(*tenant);
    w.EndObject();
  }
  deps.audit->Record(
      ctx, {.tenant = std::string(kSystemTenant),
            .action = "audit.catalog.update",
            .operation = "update",
            .description = fmt::format("Set tenant {}'s event catalog to \"{}\"{}", *tenant,
                                       done->catalog->name(), done->strict ? " (strict)" : ""),
            .metadata_json = std::move(meta),
            .target_type = "tenant",
            .target_id = *tenant});
  return JsonResponse(CatalogJson(*tenant, *done));
}

}  // namespace vigil::api
