#include "gen/user_agents.h"

#include <array>
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "gen/discrete_sampler.h"

namespace vigil::gen {
namespace {

using CK = ClientKind;

constexpr UserAgent kUserAgents[] = {
    // Desktop: Chrome, Edge, Firefox, Safari, Opera, Vivaldi, Yandex.
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36",
     CK::kDesktopBrowser, 300},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/130.0.0.0 Safari/537.36",
     CK::kDesktopBrowser, 120},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36",
     CK::kDesktopBrowser, 220},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36",
     CK::kDesktopBrowser, 50},
    {"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36",
     CK::kDesktopBrowser, 10},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
     CK::kDesktopBrowser, 130},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/130.0.0.0 Safari/537.36 Edg/130.0.2849.80",
     CK::kDesktopBrowser, 15},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
     CK::kDesktopBrowser, 60},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
     CK::kDesktopBrowser, 25},
    {"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", CK::kDesktopBrowser,
     20},
    {"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
     CK::kDesktopBrowser, 10},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.1 Safari/605.1.15",
     CK::kDesktopBrowser, 90},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.6 Safari/605.1.15",
     CK::kDesktopBrowser, 30},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
     CK::kDesktopBrowser, 10},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/130.0.0.0 Safari/537.36 Vivaldi/7.0.3495.18",
     CK::kDesktopBrowser, 4},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/128.0.0.0 YaBrowser/24.10.0.0 Safari/537.36",
     CK::kDesktopBrowser, 4},
    // Mobile: Safari, Chrome, Samsung Internet, Firefox, Edge, webviews.
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
     CK::kMobileBrowser, 200},
    {"Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.6 Mobile/15E148 Safari/604.1",
     CK::kMobileBrowser, 40},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
     CK::kMobileBrowser, 40},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) FxiOS/132.0 Mobile/15E148 Safari/605.1.15",
     CK::kMobileBrowser, 8},
    {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36",
     CK::kMobileBrowser, 200},
    {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36",
     CK::kMobileBrowser, 15},
    {"Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
     CK::kMobileBrowser, 45},
    {"Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0", CK::kMobileBrowser, 8},
    {"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0",
     CK::kMobileBrowser, 6},
    {"Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 "
     "(KHTML, like Gecko) Version/4.0 Chrome/128.0.6613.127 Mobile Safari/537.36",
     CK::kMobileBrowser, 40},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Mobile/15E148",
     CK::kMobileBrowser, 40},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/475.0.0.36.108;FBBV/620325235;"
     "FBDV/iPhone15,3;FBMD/iPhone;FBSN/iOS;FBSV/17.5.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]",
     CK::kMobileBrowser, 10},
    {"Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
     "(KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.134 Mobile Safari/537.36 "
     "Instagram 339.0.0.30.105 Android (33/13; 450dpi; 1080x2177; samsung; SM-A536B; a53x; "
     "s5e8825; en_GB; 621087345)",
     CK::kMobileBrowser, 6},
    // HTTP tools and SDKs.
    {"curl/8.5.0", CK::kHttpTool, 40},
    {"curl/7.88.1", CK::kHttpTool, 25},
    {"python-requests/2.32.3", CK::kHttpTool, 60},
    {"PostmanRuntime/7.42.0", CK::kHttpTool, 30},
    {"Go-http-client/2.0", CK::kHttpTool, 25},
    {"axios/1.7.7", CK::kHttpTool, 30},
    {"node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", CK::kHttpTool, 10},
    {"okhttp/4.12.0", CK::kHttpTool, 10},
    {"Apache-HttpClient/4.5.14 (Java/17.0.12)", CK::kHttpTool, 10},
    {"HashiCorp Terraform/1.9.8 (+https://www.terraform.io)", CK::kHttpTool, 5},
    // Crawlers.
    {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", CK::kCrawler, 60},
    {"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", CK::kCrawler, 25},
    {"Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", CK::kCrawler, 15},
};

}  // namespace

std::span<const UserAgent> UserAgents() { return kUserAgents; }

std::string_view UserAgentJson(uint16_t index) {
  static const std::vector<std::string> kJson = [] {
    std::vector<std::string> json;
    for (const UserAgent& ua : kUserAgents) {
      json.emplace_back();
      AppendJsonString(ua.text, &json.back());
    }
    return json;
  }();
  return kJson[index];
}

uint16_t SampleUserAgent(ClientKind kind, SplitMix64& rng) {
  // One sampler per kind over the whole table, other kinds weighted 0.
  static const std::array<DiscreteSampler, 4> kSamplers = [] {
    std::array<DiscreteSampler, 4> samplers;
    for (size_t k = 0; k < samplers.size(); ++k) {
      std::vector<uint64_t> weights;
      for (const UserAgent& ua : kUserAgents) {
        weights.push_back(static_cast<size_t>(ua.kind) == k ? ua.weight : 0);
      }
      samplers[k] = DiscreteSampler(weights);
    }
    return samplers;
  }();
  return static_cast<uint16_t>(kSamplers[static_cast<size_t>(kind)].Sample(rng));
}

}  // namespace vigil::gen
