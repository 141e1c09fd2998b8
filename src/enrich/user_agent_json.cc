#include "enrich/user_agent_json.h"

#include <optional>

#include "core/json_writer.h"

namespace vigil::enrich {
namespace {

void Member(JsonWriter& w, std::string_view key, const std::optional<std::string>& v) {
  w.Key(key);
  if (v) {
    w.String(*v);
  } else {
    w.Null();
  }
}

}  // namespace

void AppendUserAgentJson(const UserAgentInfo& info, std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("ua");
  w.BeginObject();
  Member(w, "family", info.ua.family);
  Member(w, "major", info.ua.major);
  Member(w, "minor", info.ua.minor);
  Member(w, "patch", info.ua.patch);
  w.EndObject();
  w.Key("os");
  w.BeginObject();
  Member(w, "family", info.os.family);
  Member(w, "major", info.os.major);
  Member(w, "minor", info.os.minor);
  Member(w, "patch", info.os.patch);
  Member(w, "patch_minor", info.os.patch_minor);
  w.EndObject();
  w.Key("device");
  w.BeginObject();
  Member(w, "family", info.device.family);
  Member(w, "brand", info.device.brand);
  Member(w, "model", info.device.model);
  w.EndObject();
  Member(w, "class", info.device_class);
  Member(w, "engine", info.engine);
  Member(w, "webview", info.webview);
  w.EndObject();
}

}  // namespace vigil::enrich
