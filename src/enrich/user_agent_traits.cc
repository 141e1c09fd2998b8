#include "enrich/user_agent_traits.h"

#include <array>
#include <utility>

#include "core/ascii.h"

namespace vigil::enrich {
namespace {

bool Has(std::string_view s, std::string_view token) {
  return s.find(token) != std::string_view::npos;
}

template <size_t N>
bool HasAny(std::string_view s, const std::array<std::string_view, N>& tokens) {
  for (std::string_view t : tokens) {
    if (Has(s, t)) return true;
  }
  return false;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  ToLowerAscii(&out);
  return out;
}

// In-app browsers: the token their host app adds, and the app's name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kInAppHosts = {{
    {"FBAN/", "Facebook"},
    {"FBAV/", "Facebook"},
    {"Instagram ", "Instagram"},
    {"MicroMessenger/", "WeChat"},
    {" Line/", "LINE"},
    {"BytedanceWebview", "TikTok"},
    {"musical_ly", "TikTok"},
    {"Snapchat", "Snapchat"},
    {"LinkedInApp", "LinkedIn"},
    {"Pinterest/", "Pinterest"},
    {"Twitter for", "Twitter"},
    {" GSA/", "Google App"},
    {"DuckDuckGo/", "DuckDuckGo"},
}};

constexpr std::array<std::string_view, 5> kDesktopOses = {"Windows", "Mac OS X", "Linux",
                                                          "Chrome OS", "BSD"};
constexpr std::array<std::string_view, 9> kTvTokens = {
    "SmartTV", "SMART-TV", "Smart-TV", "HbbTV", "GoogleTV", "AppleTV", "CrKey", "Roku", "AFTB"};
constexpr std::array<std::string_view, 3> kConsoleTokens = {"PlayStation", "Xbox", "Nintendo"};
constexpr std::array<std::string_view, 4> kTabletTokens = {"iPad", "Tablet", "Kindle", "Silk/"};

// lower: the agent string in ASCII lower case.
bool IsBot(std::string_view lower, const UserAgentInfo& info) {
  if (info.device.family == "Spider") return true;
  const std::string family = Lower(info.ua.family);
  return Has(family, "bot") || Has(family, "crawler") || Has(family, "spider") ||
         Has(lower, "bot/") || Has(lower, "crawler") || Has(lower, "spider");
}

std::optional<std::string> DeviceClass(std::string_view s, std::string_view lower,
                                       const UserAgentInfo& info) {
  if (IsBot(lower, info)) return "bot";
  if (HasAny(s, kConsoleTokens)) return "console";
  if (HasAny(s, kTvTokens) || Has(lower, "smart-tv")) return "tv";
  if (Has(info.os.family, "watchOS") || Has(s, "Watch OS") || Has(s, "Wear OS")) return "wearable";
  if (HasAny(s, kTabletTokens) || Has(info.device.family, "Tab")) return "tablet";
  if (info.device.family == "iPhone" || info.device.family == "iPod" || Has(s, "Mobile") ||
      Has(s, "iPhone") || info.os.family == "Windows Phone") {
    return "mobile";
  }
  if (info.os.family == "Android") return "tablet";  // Android browsers omit "Mobile" on tablets
  if (info.os.family == "iOS") return "mobile";
  for (std::string_view os : kDesktopOses) {
    if (Has(info.os.family, os) || info.os.family == "Ubuntu" || info.os.family == "Fedora") {
      return "desktop";
    }
  }
  // No OS and no device: an HTTP library, a command-line tool or an SDK.
  if (info.os.family == "Other" && info.device.family == "Other") return "library";
  return std::nullopt;
}

std::optional<std::string> Engine(std::string_view s, const UserAgentInfo& info) {
  // Every browser on iOS renders with WebKit, whatever its name.
  if (info.os.family == "iOS" && Has(s, "AppleWebKit/")) return "WebKit";
  if (Has(s, "Edge/")) return "EdgeHTML";
  if (Has(s, "Trident/") || Has(s, "MSIE ")) return "Trident";
  if (Has(s, "Presto/")) return "Presto";
  if (Has(s, "Chrome/") || Has(s, "Chromium/") || Has(s, "CrKey/")) return "Blink";
  if (Has(s, "AppleWebKit/")) return "WebKit";
  if (Has(s, "Gecko/") && !Has(s, "like Gecko")) return "Gecko";
  return std::nullopt;
}

std::optional<std::string> Webview(std::string_view s, const UserAgentInfo& info) {
  for (const auto& [token, app] : kInAppHosts) {
    if (Has(s, token)) return std::string(app);
  }
  if (info.os.family == "Android" && (Has(s, "; wv)") || Has(s, "Version/4.0 Chrome/"))) {
    return "Android WebView";
  }
  // iOS browsers say "Safari/"; an app's WKWebView does not.
  if (info.os.family == "iOS" && Has(s, "AppleWebKit/") && !Has(s, "Safari/")) {
    return "iOS WebView";
  }
  return std::nullopt;
}

}  // namespace

void DeriveTraits(std::string_view user_agent, UserAgentInfo* info) {
  info->device_class = DeviceClass(user_agent, Lower(user_agent), *info);
  info->engine = Engine(user_agent, *info);
  info->webview = Webview(user_agent, *info);
}

}  // namespace vigil::enrich
