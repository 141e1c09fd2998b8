#include "core/event_json.h"

#include "core/json_writer.h"
#include "core/timestamp.h"

namespace vigil {
namespace {

void WriteTime(JsonWriter& w, std::string_view key, int64_t ms) {
  std::string text;
  AppendRfc3339(ms, &text);
  w.Key(key);
  w.String(text);
}

void WriteResource(JsonWriter& w, const ResourceRef& r) {
  w.BeginObject();
  w.StringMember("type", r.type);
  w.StringMember("id", r.id);
  w.StringMember("name", r.name);
  w.EndObject();
}

void WriteMembers(JsonWriter& w, const Event& e) {
  w.StringMember("id", e.id);
  WriteTime(w, "time", e.time_ms);
  w.StringMember("tenant", e.tenant);
  w.StringMember("environment", e.environment);
  if (!e.workspace.empty()) {
    w.Key("workspace");
    w.BeginObject();
    w.StringMember("id", e.workspace.id);
    w.StringMember("name", e.workspace.name);
    w.EndObject();
  }
  w.StringMember("action", e.action);
  w.StringMember("category", e.category);
  w.StringMember("operation", e.operation);
  w.Key("status");
  w.String(EventStatusName(e.status));
  if (!e.actor.empty()) {
    w.Key("actor");
    w.BeginObject();
    w.StringMember("id", e.actor.id);
    w.StringMember("name", e.actor.name);
    w.StringMember("email", e.actor.email);
    w.StringMember("type", e.actor.type);
    w.StringMember("role", e.actor.role);
    w.StringMember("status", e.actor.status);
    w.EndObject();
  }
  if (!e.target.empty()) {
    w.Key("target");
    w.BeginObject();
    w.StringMember("type", e.target.type);
    w.StringMember("id", e.target.id);
    w.StringMember("name", e.target.name);
    if (!e.target.parent.empty()) {
      w.Key("parent");
      WriteResource(w, e.target.parent);
    }
    w.EndObject();
  }
  if (!e.resources.empty()) {
    w.Key("resources");
    w.BeginArray();
    for (const ResourceRef& r : e.resources) WriteResource(w, r);
    w.EndArray();
  }
  if (!e.context.empty()) {
    const RequestContext& c = e.context;
    w.Key("context");
    w.BeginObject();
    w.StringMember("ip", c.ip);
    w.StringMember("user_agent", c.user_agent);
    w.StringMember("method", c.method);
    w.StringMember("path", c.path);
    if (c.duration_ms) {
      w.Key("duration_ms");
      w.Double(*c.duration_ms);
    }
    w.StringMember("request_id", c.request_id);
    w.StringMember("session_id", c.session_id);
    w.EndObject();
  }
  w.StringMember("description", e.description);
  if (!e.changes_json.empty()) {
    w.Key("changes");
    w.Raw(e.changes_json);
  }
  if (!e.metadata_json.empty()) {
    w.Key("metadata");
    w.Raw(e.metadata_json);
  }
  WriteTime(w, "received_at", e.received_at_ms);
  if (!e.geo.empty()) {
    w.Key("geo");
    w.BeginObject();
    w.StringMember("country", e.geo.country);
    w.StringMember("region", e.geo.region);
    w.StringMember("city", e.geo.city);
    if (e.geo.lat) {
      w.Key("lat");
      w.Double(*e.geo.lat);
    }
    if (e.geo.lon) {
      w.Key("lon");
      w.Double(*e.geo.lon);
    }
    w.EndObject();
  }
}

}  // namespace

void AppendCanonicalEvent(const Event& e, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  WriteMembers(w, e);
  w.EndObject();
}

std::string CanonicalEvent(const Event& e) {
  std::string out;
  AppendCanonicalEvent(e, &out);
  return out;
}

void AppendEventWithSeq(const Event& e, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("seq");
  w.Uint(e.seq);
  WriteMembers(w, e);
  w.EndObject();
}

}  // namespace vigil
