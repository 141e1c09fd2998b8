#include "api/auth/viewer_token.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <set>

#include "api/auth/binding_rules.h"
#include "api/auth/scopes.h"
#include "core/ascii.h"
#include "core/json_writer.h"
#include "core/timestamp.h"

namespace vigil::api {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

Status Bad(std::string_view member, std::string_view problem) {
  return Status::InvalidArgument(fmt::format("{}: {}", member, problem));
}

Status GetString(std::string_view member, element value, std::string* out) {
  std::string_view s;
  if (value.get_string().get(s) != simdjson::SUCCESS) return Bad(member, "expected a string");
  out->assign(s);
  return Status::Ok();
}

Status GetInt(std::string_view member, element value, int64_t* out) {
  if (value.get_int64().get(*out) != simdjson::SUCCESS) {
    return Bad(member, "expected an integer");
  }
  return Status::Ok();
}

Status CheckPublicId(std::string_view member, std::string_view id, std::string_view prefix) {
  if (!id.starts_with(prefix) || id.size() != prefix.size() + kPublicIdRandomChars) {
    return Bad(member,
               fmt::format("expected \"{}\" and {} characters", prefix, kPublicIdRandomChars));
  }
  return Status::Ok();
}

Status CheckFixedFilter(std::string_view member, std::string_view value) {
  if (value.size() > kMaxFixedFilterBytes) {
    return Bad(member,
               fmt::format("{} bytes; the limit is {}", value.size(), kMaxFixedFilterBytes));
  }
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return Bad(member, "holds a control character");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateViewerTokenClaims(const ViewerTokenClaims& c) {
  if (c.version != kViewerTokenVersion) {
    return Bad("v", fmt::format("version {} is not supported (this vigil reads version {})",
                                c.version, kViewerTokenVersion));
  }
  RETURN_IF_ERROR(CheckPublicId("id", c.token_id, kViewerTokenIdPrefix));
  RETURN_IF_ERROR(ValidateTenant(c.tenant));
  if (c.scopes == 0) return Bad("scopes", "empty");
  if ((c.scopes & ~(ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport))) != 0) {
    return Bad("scopes", "only read and export are allowed");
  }
  if (!c.environment.empty()) {
    ASSIGN_OR_RETURN(std::string env, NormalizeEnvironment(c.environment));
    if (env != c.environment) return Bad("environment", "not lower-case");
  }
  RETURN_IF_ERROR(CheckFixedFilter("workspace", c.workspace));
  RETURN_IF_ERROR(CheckFixedFilter("actor", c.actor));
  if (c.issued_at_ms < kMinTimeMs || c.issued_at_ms > kMaxTimeMs) {
    return Bad("iat", "out of range");
  }
  if (c.expires_at_ms < kMinTimeMs || c.expires_at_ms > kMaxTimeMs) {
    return Bad("exp", "out of range");
  }
  if (c.expires_at_ms <= c.issued_at_ms ||
      c.expires_at_ms - c.issued_at_ms > kMaxViewerTokenTtlMs) {
    return Bad("exp", "must be after iat and at most 1 hour after it");
  }
  RETURN_IF_ERROR(CheckPublicId("key", c.key_id, kApiKeyIdPrefix));
  return Status::Ok();
}

std::string EncodeViewerTokenClaims(const ViewerTokenClaims& claims) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("v");
  w.Int(claims.version);
  w.Key("id");
  w.String(claims.token_id);
  w.Key("tenant");
  w.String(claims.tenant);
  w.Key("scopes");
  w.BeginArray();
  for (const std::string& name : ScopeNames(claims.scopes)) w.String(name);
  w.EndArray();
  w.StringMember("workspace", claims.workspace);
  w.StringMember("environment", claims.environment);
  w.StringMember("actor", claims.actor);
  w.Key("iat");
  w.Int(claims.issued_at_ms);
  w.Key("exp");
  w.Int(claims.expires_at_ms);
  w.Key("key");
  w.String(claims.key_id);
  w.EndObject();
  return out;
}

Result<ViewerTokenClaims> DecodeViewerTokenClaims(std::string_view json) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  element root;
  if (simdjson::error_code err = parser.parse(padded).get(root); err != simdjson::SUCCESS) {
    return Status::InvalidArgument(
        fmt::format("malformed JSON ({})", simdjson::error_message(err)));
  }
  object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) {
    return Status::InvalidArgument("expected a JSON object");
  }
  ViewerTokenClaims c;
  std::set<std::string_view> seen;
  for (auto [key, value] : obj) {
    if (!seen.insert(key).second) return Bad(key, "appears twice");
    if (key == "v") {
      RETURN_IF_ERROR(GetInt(key, value, &c.version));
    } else if (key == "id") {
      RETURN_IF_ERROR(GetString(key, value, &c.token_id));
    } else if (key == "tenant") {
      RETURN_IF_ERROR(GetString(key, value, &c.tenant));
    } else if (key == "scopes") {
      array arr;
      if (value.get_array().get(arr) != simdjson::SUCCESS) return Bad(key, "expected an array");
      for (element item : arr) {
        std::string_view name;
        if (item.get_string().get(name) != simdjson::SUCCESS) {
          return Bad(key, "expected an array of strings");
        }
        std::optional<Scope> scope = ScopeFromName(name);
        if (!scope || (*scope != Scope::kRead && *scope != Scope::kExport)) {
          return Bad(key, "only read and export are allowed");
        }
        c.scopes |= ScopeBit(*scope);
      }
    } else if (key == "workspace") {
      RETURN_IF_ERROR(GetString(key, value, &c.workspace));
    } else if (key == "environment") {
      RETURN_IF_ERROR(GetString(key, value, &c.environment));
    } else if (key == "actor") {
      RETURN_IF_ERROR(GetString(key, value, &c.actor));
    } else if (key == "iat") {
      RETURN_IF_ERROR(GetInt(key, value, &c.issued_at_ms));
    } else if (key == "exp") {
      RETURN_IF_ERROR(GetInt(key, value, &c.expires_at_ms));
    } else if (key == "key") {
      RETURN_IF_ERROR(GetString(key, value, &c.key_id));
    } else {
      return Bad(EscapeControlBytes(key.substr(0, 64)), "unknown member");
    }
  }
  for (std::string_view required : {"v", "id", "tenant", "scopes", "iat", "exp", "key"}) {
    if (seen.count(required) == 0) return Bad(required, "missing");
  }
  RETURN_IF_ERROR(ValidateViewerTokenClaims(c));
  return c;
}

}  // namespace vigil::api
