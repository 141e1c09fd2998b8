// Real user-agent strings of current clients, grouped by the kind of client,
// with how common each is within its group. Static data in user_agents.cc.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "gen/split_mix64.h"

namespace vigil::gen {

enum class ClientKind : uint8_t {
  kDesktopBrowser,
  kMobileBrowser,  // phones and tablets, including in-app webviews
  kHttpTool,       // curl, SDKs, Postman: API keys and scripts
  kCrawler,        // search-engine and link-preview bots
};

struct UserAgent {
  std::string_view text;
  ClientKind kind;
  uint16_t weight;  // relative share within its kind
};

std::span<const UserAgent> UserAgents();

// UserAgents()[index].text as canonical JSON text (a quoted string).
std::string_view UserAgentJson(uint16_t index);

// An index into UserAgents() of the given kind, drawn by weight. Thread-safe.
uint16_t SampleUserAgent(ClientKind kind, SplitMix64& rng);

}  // namespace vigil::gen
