#include "enrich/user_agent_json.h"

#include <optional>

#include "core/json_writer.h"

namespace vigil::enrich {
namespace {

void Optional(JsonWriter& w, const std::optional<std::string>& v) {
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
  w.Key("family");
  w.String(info.ua.family);
  w.Key("major");
  Optional(w, info.ua.major);
  w.Key("minor");
  Optional(w, info.ua.minor);
  w.Key("patch");
  Optional(w, info.ua.patch);
  w.EndObject();
  w.Key("os");
  w.BeginObject();
  w.Key("family");
  w.String(info.os.family);
  w.Key("major");
  Optional(w, info.os.major);
  w.Key("minor");
  Optional(w, info.os.minor);
  w.Key("patch");
  Optional(w, info.os.patch);
  w.Key("patch_minor");
  Optional(w, info.os.patch_minor);
  w.EndObject();
  w.Key("device");
  w.BeginObject();
  w.Key("family");
  w.String(info.device.family);
  w.Key("brand");
  Optional(w, info.device.brand);
  w.Key("model");
  Optional(w, info.device.model);
  w.EndObject();
  w.Key("class");
  Optional(w, info.device_class);
  w.Key("engine");
  Optional(w, info.engine);
  w.Key("webview");
  Optional(w, info.webview);
  w.EndObject();
}

}  // namespace vigil::enrich
