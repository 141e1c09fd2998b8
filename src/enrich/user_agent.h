// What Vigil derives from a User-Agent header: uap-core's three parts
// (ua, os, device; docs/specification.md of the uap-core package) plus the
// device class, rendering engine and in-app webview (user_agent_traits.h).
// Absent values are empty optionals (JSON null); a family that no rule
// matched is "Other", as the specification says.
#pragma once

#include <optional>
#include <string>

namespace vigil::enrich {

struct UserAgentInfo {
  struct Agent {
    std::string family = "Other";
    std::optional<std::string> major, minor, patch;
    bool operator==(const Agent&) const = default;
  };
  struct Os {
    std::string family = "Other";
    std::optional<std::string> major, minor, patch, patch_minor;
    bool operator==(const Os&) const = default;
  };
  struct Device {
    std::string family = "Other";
    std::optional<std::string> brand, model;
    bool operator==(const Device&) const = default;
  };

  Agent ua;
  Os os;
  Device device;
  // desktop, mobile, tablet, tv, console, wearable, bot or library (an HTTP
  // client or SDK, not a browser); empty when nothing tells.
  std::optional<std::string> device_class;
  std::optional<std::string> engine;   // Blink, WebKit, Gecko, Trident, EdgeHTML, Presto
  std::optional<std::string> webview;  // the app hosting an in-app browser, or a WebView kind

  bool operator==(const UserAgentInfo&) const = default;
};

}  // namespace vigil::enrich
