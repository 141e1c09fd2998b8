#include "core/event_json.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "core/canonical_json_paths.h"
#include "core/event_fields.h"
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

void WriteGeo(JsonWriter& w, const GeoLocation& g) {
  w.BeginObject();
  w.StringMember("country", g.country);
  w.StringMember("region", g.region);
  w.StringMember("city", g.city);
  if (g.lat) {
    w.Key("lat");
    w.Double(*g.lat);
  }
  if (g.lon) {
    w.Key("lon");
    w.Double(*g.lon);
  }
  w.StringMember("label", g.label);
  w.EndObject();
}

void WriteUserAgent(JsonWriter& w, const UserAgentSummary& ua) {
  w.BeginObject();
  w.StringMember("browser", ua.browser);
  w.StringMember("browser_version", ua.browser_version);
  w.StringMember("os", ua.os);
  w.StringMember("os_version", ua.os_version);
  if (!ua.device_class.empty() || !ua.device_brand.empty() || !ua.device_model.empty()) {
    w.Key("device");
    w.BeginObject();
    w.StringMember("class", ua.device_class);
    w.StringMember("brand", ua.device_brand);
    w.StringMember("model", ua.device_model);
    w.EndObject();
  }
  w.StringMember("engine", ua.engine);
  w.StringMember("webview", ua.webview);
  w.EndObject();
}

// Whether the actor / context object has a member to write (in the sealed
// form its personal members do not count).
bool HasActorMembers(const Actor& a, bool sealed) {
  if (!sealed) return !a.empty();
  return !a.id.empty() || !a.type.empty() || !a.role.empty() || !a.status.empty();
}
bool HasContextMembers(const RequestContext& c, bool sealed) {
  if (!sealed) return !c.empty();
  return !c.method.empty() || !c.path.empty() || c.duration_ms.has_value() ||
         !c.request_id.empty() || !c.session_id.empty();
}

// Records, while the canonical form is written, the byte ranges that the
// sealed form leaves out (positions in the output string).
class CutRecorder {
 public:
  CutRecorder(const std::string* out, SealedCuts* cuts) : out_(out), cuts_(cuts) {}
  size_t Mark() const { return out_ == nullptr ? 0 : out_->size(); }
  void Cut(size_t begin) {
    if (cuts_ != nullptr && out_->size() > begin) cuts_->ranges.emplace_back(begin, out_->size());
  }
  void Range(size_t begin, size_t end) {
    if (cuts_ != nullptr && end > begin) cuts_->ranges.emplace_back(begin, end);
  }
  // Where geo's object is (absolute; made relative with the ranges).
  void GeoValue(size_t begin) {
    if (cuts_ != nullptr) cuts_->geo_value = {begin, out_->size()};
  }

 private:
  const std::string* out_;
  SealedCuts* cuts_;
};

// metadata; in the sealed form without its sealed paths (and left out when
// nothing else is in it), and in stored form with `cut` recording where
// they are.
void WriteMetadata(JsonWriter& w, const Event& e, bool sealed, CutRecorder& cut) {
  if (e.seal.paths_json.empty()) {
    w.Key("metadata");
    w.Raw(e.metadata_json);
    return;
  }
  const std::vector<std::string> paths = RelativeMetadataPaths(SealedMetadataPaths(e));
  if (sealed) {
    const std::string rest = MetadataWithout(e, paths);
    if (!rest.empty()) {
      w.Key("metadata");
      w.Raw(rest);
    }
    return;
  }
  const size_t member_at = cut.Mark();
  w.Key("metadata");
  const size_t value_at = cut.Mark();
  w.Raw(e.metadata_json);
  const std::vector<std::pair<size_t, size_t>> inner = CanonicalMemberCuts(e.metadata_json, paths);
  if (WithoutCuts(e.metadata_json, inner) == "{}") {  // MetadataWithout's rule: left out whole
    cut.Cut(member_at);
  } else {
    for (const auto& [begin, end] : inner) cut.Range(value_at + begin, value_at + end);
  }
}

// The canonical members (stored form), or with sealed set the sealed form's
// members but its last ("sealed"): the personal values left out, no "seal".
// In stored form, `cut` records where the personal members and "seal" are.
void WriteMembers(JsonWriter& w, const Event& e, bool sealed = false,
                  CutRecorder cut = CutRecorder(nullptr, nullptr)) {
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
  const size_t actor_at = cut.Mark();
  if (HasActorMembers(e.actor, sealed)) {
    w.Key("actor");
    w.BeginObject();
    w.StringMember("id", e.actor.id);
    if (!sealed) {
      const size_t personal_at = cut.Mark();
      w.StringMember("name", e.actor.name);
      w.StringMember("email", e.actor.email);
      cut.Cut(personal_at);
    }
    w.StringMember("type", e.actor.type);
    w.StringMember("role", e.actor.role);
    w.StringMember("status", e.actor.status);
    w.EndObject();
    if (!HasActorMembers(e.actor, /*sealed=*/true)) cut.Cut(actor_at);
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
  const RequestContext& c = e.context;
  const size_t context_at = cut.Mark();
  if (HasContextMembers(c, sealed)) {
    w.Key("context");
    w.BeginObject();
    if (!sealed) {
      const size_t personal_at = cut.Mark();
      w.StringMember("ip", c.ip);
      w.StringMember("user_agent", c.user_agent);
      cut.Cut(personal_at);
    }
    w.StringMember("method", c.method);
    w.StringMember("path", c.path);
    if (c.duration_ms) {
      w.Key("duration_ms");
      w.Double(*c.duration_ms);
    }
    w.StringMember("request_id", c.request_id);
    w.StringMember("session_id", c.session_id);
    w.EndObject();
    if (!HasContextMembers(c, /*sealed=*/true)) cut.Cut(context_at);
  }
  w.StringMember("description", e.description);
  if (!e.changes_json.empty()) {
    w.Key("changes");
    w.Raw(e.changes_json);
  }
  if (!e.metadata_json.empty()) WriteMetadata(w, e, sealed, cut);
  WriteTime(w, "received_at", e.received_at_ms);
  const size_t geo_at = cut.Mark();
  if (!e.geo.empty() && !sealed) {
    w.Key("geo");
    const size_t geo_value_at = cut.Mark();
    WriteGeo(w, e.geo);
    cut.GeoValue(geo_value_at);
    cut.Cut(geo_at);
  }
  if (!e.ua.empty()) {
    w.Key("ua");
    WriteUserAgent(w, e.ua);
  }
  if (!e.diff_json.empty()) {
    w.Key("diff");
    w.Raw(e.diff_json);
  }
  const size_t seal_at = cut.Mark();
  if (!e.seal.empty() && !sealed) {
    w.Key("seal");
    w.BeginObject();
    w.StringMember("key", e.seal.key);
    if (!e.seal.paths_json.empty()) {
      w.Key("paths");
      w.Raw(e.seal.paths_json);
    }
    if (!e.seal.redacted_json.empty()) {
      w.Key("redacted");
      w.Raw(e.seal.redacted_json);
    }
    w.EndObject();
    cut.Cut(seal_at);
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

void AppendCanonicalEvent(const Event& e, std::string* out, SealedCuts* cuts) {
  cuts->ranges.clear();
  cuts->geo_value = {0, 0};
  cuts->base = out->size();
  JsonWriter w(out);
  w.BeginObject();
  WriteMembers(w, e, /*sealed=*/false, CutRecorder(out, cuts));
  w.EndObject();
  // Make the ranges relative to the event's first byte, merge the adjacent
  // ones (e.g. actor.name then actor.email), and let a range that starts an
  // object take the comma after it instead ({"name":…,"type":…} → {"type":…}).
  std::vector<std::pair<size_t, size_t>>& r = cuts->ranges;
  std::sort(r.begin(), r.end());  // an object's inner cut is recorded before the object's
  size_t merged = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    r[i].first -= cuts->base;
    r[i].second -= cuts->base;
    if (merged > 0 && r[i].first <= r[merged - 1].second) {
      r[merged - 1].second = std::max(r[merged - 1].second, r[i].second);
    } else {
      r[merged++] = r[i];
    }
  }
  r.resize(merged);
  if (cuts->geo_value.second > 0) {
    cuts->geo_value.first -= cuts->base;
    cuts->geo_value.second -= cuts->base;
  }
  const std::string_view text = std::string_view(*out).substr(cuts->base);
  for (auto& [begin, end] : r) {
    if (text[begin - 1] == '{' && text[end] == ',') ++end;
  }
}

void AppendSealedFromCanonical(std::string_view canonical, const SealedCuts& cuts,
                               std::string_view sealed_json, std::string* out) {
  size_t at = 0;
  for (const auto& [begin, end] : cuts.ranges) {
    out->append(canonical.substr(at, begin - at));
    at = end;
  }
  out->append(canonical.substr(at, canonical.size() - 1 - at));  // all but the final '}'
  if (!sealed_json.empty()) {
    out->append(",\"sealed\":");
    out->append(sealed_json);
  }
  out->push_back('}');
}

void AppendSealedEvent(const Event& e, std::string_view sealed_json, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  WriteMembers(w, e, /*sealed=*/true);
  if (!sealed_json.empty()) {
    w.Key("sealed");
    w.Raw(sealed_json);
  }
  w.EndObject();
}

void AppendGeoObject(const GeoLocation& g, std::string* out) {
  JsonWriter w(out);
  WriteGeo(w, g);
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
