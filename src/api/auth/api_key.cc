#include "api/auth/api_key.h"

#include "api/auth/scopes.h"
#include "core/timestamp.h"

namespace vigil::api {

void WriteApiKeyJson(const ApiKey& key, JsonWriter* w) {
  w->BeginObject();
  w->Key("id");
  w->String(key.id);
  w->Key("name");
  w->String(key.name);
  w->Key("scopes");
  w->BeginArray();
  for (const std::string& name : ScopeNames(key.scopes)) w->String(name);
  w->EndArray();
  if (!key.tenant.empty()) {
    w->Key("tenant");
    w->String(key.tenant);
  }
  if (!key.environments.empty()) {
    w->Key("environments");
    w->BeginArray();
    for (const std::string& env : key.environments) w->String(env);
    w->EndArray();
  }
  w->Key("created_at");
  w->String(FormatRfc3339(key.created_at_ms));
  w->Key("created_by");
  w->String(key.created_by);
  if (key.revoked_at_ms) {
    w->Key("revoked_at");
    w->String(FormatRfc3339(*key.revoked_at_ms));
  }
  w->EndObject();
}

}  // namespace vigil::api
