#include "api/admin_handlers.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "api/auth/binding_rules.h"
#include "api/auth/scopes.h"
#include "api/json_response.h"
#include "api/settings_sync.h"
#include "core/json_writer.h"
#include "core/timestamp.h"

namespace vigil::api {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// A small JSON request body: an object with known members only.
class JsonBody {
 public:
  Status Parse(std::string_view text) {
    if (text.size() > 64 * 1024) return Status::InvalidArgument("body: larger than 64 KiB");
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) text = "{}";
    if (parser_.parse(text.data(), text.size()).get(root_) != simdjson::SUCCESS) {
      return Status::InvalidArgument("body: not valid JSON");
    }
    if (root_.type() != element_type::OBJECT) {
      return Status::InvalidArgument("body: expected a JSON object");
    }
    return Status::Ok();
  }

  // Rejects members other than `known`, naming the first.
  Status OnlyKnown(std::initializer_list<std::string_view> known) const {
    const simdjson::dom::object obj = root_.get_object().value_unsafe();
    for (auto [key, value] : obj) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        return Status::InvalidArgument(fmt::format("body.{}: unknown field", key));
      }
    }
    return Status::Ok();
  }

  Result<std::string> String(std::string_view key) const {
    element v;
    if (root_[key].get(v) != simdjson::SUCCESS || v.type() == element_type::NULL_VALUE) {
      return std::string();
    }
    if (v.type() != element_type::STRING) {
      return Status::InvalidArgument(fmt::format("body.{}: expected a string", key));
    }
    return std::string(v.get_string().value_unsafe());
  }

  // An array of strings joined by commas ("" when absent).
  Result<std::string> StringList(std::string_view key) const {
    element v;
    if (root_[key].get(v) != simdjson::SUCCESS || v.type() == element_type::NULL_VALUE) {
      return std::string();
    }
    if (v.type() == element_type::STRING) return std::string(v.get_string().value_unsafe());
    if (v.type() != element_type::ARRAY) {
      return Status::InvalidArgument(fmt::format("body.{}: expected an array of strings", key));
    }
    std::string out;
    const simdjson::dom::array arr = v.get_array().value_unsafe();
    for (element item : arr) {
      if (item.type() != element_type::STRING) {
        return Status::InvalidArgument(fmt::format("body.{}: expected an array of strings", key));
      }
      if (!out.empty()) out.push_back(',');
      out.append(item.get_string().value_unsafe());
    }
    return out;
  }

  Result<std::optional<int64_t>> Int(std::string_view key) const {
    element v;
    if (root_[key].get(v) != simdjson::SUCCESS || v.type() == element_type::NULL_VALUE) {
      return std::optional<int64_t>();
    }
    if (v.type() == element_type::INT64)
      return std::optional<int64_t>(v.get_int64().value_unsafe());
    if (v.type() == element_type::UINT64 && v.get_uint64().value_unsafe() <= INT64_MAX) {
      return std::optional<int64_t>(static_cast<int64_t>(v.get_uint64().value_unsafe()));
    }
    return Status::InvalidArgument(fmt::format("body.{}: expected an integer", key));
  }

 private:
  simdjson::dom::parser parser_;
  element root_;
};

// The tenant an admin action is recorded in.
std::string AuditTenantOf(const std::string& tenant) {
  return tenant.empty() ? std::string(kSystemTenant) : tenant;
}

}  // namespace

net::HttpResponse ListKeys(const ApiDeps&, const AdminDeps& admin, RequestContext& ctx) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("keys");
  w.BeginArray();
  for (const ApiKey& k : admin.keys->List()) {
    if (!ctx.principal.is_operator() && k.tenant != ctx.principal.tenant) continue;
    WriteApiKeyJson(k, &w);
  }
  w.EndArray();
  w.EndObject();
  return JsonResponse(std::move(out));
}

net::HttpResponse CreateKey(const ApiDeps& deps, const AdminDeps& admin, RequestContext& ctx) {
  JsonBody body;
  if (Status s = body.Parse(ctx.http.body); !s.ok()) return ErrorResponse(s);
  if (Status s = body.OnlyKnown({"name", "scopes", "tenant", "environments"}); !s.ok()) {
    return ErrorResponse(s);
  }
  ApiKeySpec spec;
  Result<std::string> name = body.String("name");
  Result<std::string> scopes = body.StringList("scopes");
  Result<std::string> tenant = body.String("tenant");
  Result<std::string> envs = body.StringList("environments");
  for (const Status* s : {&name.status(), &scopes.status(), &tenant.status(), &envs.status()}) {
    if (!s->ok()) return ErrorResponse(*s);
  }
  spec.name = *name;
  Result<ScopeSet> parsed_scopes = ParseScopes(*scopes);
  if (!parsed_scopes.ok()) return ErrorResponse(parsed_scopes.status().WithPrefix("body.scopes"));
  spec.scopes = *parsed_scopes;
  spec.tenant = *tenant;
  if (!ctx.principal.is_operator()) {
    if (spec.tenant.empty()) spec.tenant = ctx.principal.tenant;
    if (spec.tenant != ctx.principal.tenant) {
      return ErrorResponse(Status::PermissionDenied(
          fmt::format("body.tenant: this key administers tenant '{}' only", ctx.principal.tenant)));
    }
  }
  if (!envs->empty()) {
    Result<std::vector<std::string>> list = ParseEnvironmentList(*envs);
    if (!list.ok()) return ErrorResponse(list.status().WithPrefix("body.environments"));
    spec.environments = std::move(*list);
  }
  // No escalation: a key grants only scopes it holds, and a key limited to
  // some environments creates keys limited to (some of) them.
  const Principal& me = ctx.principal;
  if ((spec.scopes & ~me.scopes) != 0) {
    return ErrorResponse(Status::PermissionDenied(
        fmt::format("body.scopes: this key cannot grant scopes it does not hold ({} of {})",
                    FormatScopes(spec.scopes & ~me.scopes), FormatScopes(spec.scopes))));
  }
  if (!me.environments.empty()) {
    if (spec.environments.empty()) spec.environments = me.environments;
    for (const std::string& env : spec.environments) {
      if (std::find(me.environments.begin(), me.environments.end(), env) == me.environments.end()) {
        return ErrorResponse(Status::PermissionDenied(fmt::format(
            "body.environments: this key is limited to its own environments; '{}' is not one",
            env)));
      }
    }
  }
  Result<CreatedApiKey> created = admin.keys->Create(spec, ctx.principal.key_id, ctx.now_ms);
  if (!created.ok()) return ErrorResponse(created.status());
  if (deps.settings != nullptr) deps.settings->Wake();
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("key");
  WriteApiKeyJson(created->key, &w);
  w.Key("secret");
  w.String(created->secret);
  w.EndObject();
  deps.audit->Record(ctx, {.tenant = AuditTenantOf(created->key.tenant),
                           .action = "audit.key.create",
                           .operation = "create",
                           .description = fmt::format("Created API key '{}' ({}) with scopes {}",
                                                      created->key.name, created->key.id,
                                                      FormatScopes(created->key.scopes)),
                           .target_type = "api_key",
                           .target_id = created->key.id});
  return JsonResponse(std::move(out), 201);
}

net::HttpResponse RevokeKey(const ApiDeps& deps, const AdminDeps& admin, RequestContext& ctx) {
  Result<ApiKey> existing = admin.keys->Get(ctx.path_id);
  if (!existing.ok() ||
      (!ctx.principal.is_operator() && existing->tenant != ctx.principal.tenant)) {
    return ErrorResponse(
        Status::NotFound(fmt::format("no API key '{}' that this key administers", ctx.path_id)));
  }
  Result<ApiKey> revoked = admin.keys->Revoke(ctx.path_id, ctx.now_ms);
  if (!revoked.ok()) return ErrorResponse(revoked.status());
  if (deps.settings != nullptr) deps.settings->Wake();
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("key");
  WriteApiKeyJson(*revoked, &w);
  w.EndObject();
  deps.audit->Record(
      ctx, {.tenant = AuditTenantOf(revoked->tenant),
            .action = "audit.key.revoke",
            .operation = "revoke",
            .description = fmt::format("Revoked API key '{}' ({})", revoked->name, revoked->id),
            .target_type = "api_key",
            .target_id = revoked->id});
  return JsonResponse(std::move(out));
}

net::HttpResponse MintViewerToken(const ApiDeps& deps, const AdminDeps& admin,
                                  RequestContext& ctx) {
  JsonBody body;
  if (Status s = body.Parse(ctx.http.body); !s.ok()) return ErrorResponse(s);
  if (Status s =
          body.OnlyKnown({"tenant", "ttl_seconds", "scopes", "workspace", "environment", "actor"});
      !s.ok()) {
    return ErrorResponse(s);
  }
  ViewerTokenRequest req;
  Result<std::string> tenant = body.String("tenant");
  Result<std::string> scopes = body.StringList("scopes");
  Result<std::string> workspace = body.String("workspace");
  Result<std::string> environment = body.String("environment");
  Result<std::string> actor = body.String("actor");
  Result<std::optional<int64_t>> ttl = body.Int("ttl_seconds");
  for (const Status* s : {&tenant.status(), &scopes.status(), &workspace.status(),
                          &environment.status(), &actor.status(), &ttl.status()}) {
    if (!s->ok()) return ErrorResponse(*s);
  }
  req.tenant = tenant->empty() ? ctx.principal.tenant : *tenant;
  if (!scopes->empty()) {
    Result<ScopeSet> parsed = ParseScopes(*scopes);
    if (!parsed.ok()) return ErrorResponse(parsed.status().WithPrefix("body.scopes"));
    req.scopes = *parsed;
  }
  req.workspace = *workspace;
  req.environment = *environment;
  req.actor = *actor;
  if (*ttl) {
    if (**ttl <= 0 || **ttl > 3600) {
      return ErrorResponse(
          Status::InvalidArgument("body.ttl_seconds: must be between 1 and 3600 (one hour)"));
    }
    req.ttl_ms = **ttl * 1000;
  }
  Result<MintedViewerToken> minted = admin.tokens->Mint(ctx.principal, std::move(req), ctx.now_ms);
  if (!minted.ok()) return ErrorResponse(minted.status());
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("token");
  w.String(minted->token);
  w.Key("token_id");
  w.String(minted->claims.token_id);
  w.Key("tenant");
  w.String(minted->claims.tenant);
  w.Key("expires_at");
  w.String(FormatRfc3339(minted->claims.expires_at_ms));
  w.EndObject();
  deps.audit->Record(
      ctx, {.tenant = minted->claims.tenant,
            .action = "audit.viewer_token.create",
            .operation = "create",
            .description = fmt::format("Issued viewer token {} until {}", minted->claims.token_id,
                                       FormatRfc3339(minted->claims.expires_at_ms)),
            .target_type = "viewer_token",
            .target_id = minted->claims.token_id});
  return JsonResponse(std::move(out), 201);
}

net::HttpResponse CreateRedaction(const ApiDeps& deps, RequestContext& ctx) {
  JsonBody body;
  if (Status s = body.Parse(ctx.http.body); !s.ok()) return ErrorResponse(s);
  if (Status s = body.OnlyKnown({"tenant", "actor"}); !s.ok()) return ErrorResponse(s);
  Result<std::string> tenant = body.String("tenant");
  Result<std::string> actor = body.String("actor");
  for (const Status* s : {&tenant.status(), &actor.status()}) {
    if (!s->ok()) return ErrorResponse(*s);
  }
  if (tenant->empty()) *tenant = ctx.principal.tenant;
  if (tenant->empty()) {
    return ErrorResponse(Status::InvalidArgument("body.tenant: required (the tenant to redact)"));
  }
  if (!ctx.principal.is_operator() && *tenant != ctx.principal.tenant) {
    return ErrorResponse(Status::PermissionDenied(
        fmt::format("body.tenant: this key administers tenant '{}' only", ctx.principal.tenant)));
  }
  if (actor->empty()) {
    return ErrorResponse(
        Status::InvalidArgument("body.actor: required (the actor.id whose values to erase)"));
  }
  Result<RedactionResult> done = deps.store->RedactActor(*tenant, *actor);
  if (!done.ok()) return ErrorResponse(done.status());
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("tenant");
  w.String(*tenant);
  w.Key("actor");
  w.String(*actor);
  w.Key("events");
  w.Uint(done->events);
  w.Key("segments");
  w.Uint(done->segments);
  w.EndObject();
  deps.audit->Record(ctx, RedactionRecord(*tenant, *actor, done->events));
  return JsonResponse(std::move(out));
}

}  // namespace vigil::api
