#include "gen/ip_address.h"

#include <charconv>
#include <iterator>
#include <string_view>

#include "gen/split_mix64.h"

namespace vigil::gen {
namespace {

// First octets wholly allocated to RIRs for subscriber and business networks.
// Left out: 0, 10, 100 (CGN 100.64/10), 127, 169 (link-local), 172 (private
// 172.16/12), 192 (192.168/16, 192.0.2/24), 198 (198.18/15, 198.51.100/24),
// 203 (203.0.113/24) and 224 and up.
constexpr uint8_t kSubscriberFirstOctets[] = {
    2,   5,   24,  31,  37,  41,  46,  49,  58,  59,  60,  61,  62,  66,  67,  68,  69,  70,  71,
    72,  73,  74,  75,  76,  77,  78,  79,  80,  81,  82,  83,  84,  85,  86,  87,  88,  89,  90,
    91,  92,  93,  94,  95,  98,  99,  101, 105, 106, 109, 110, 112, 113, 114, 115, 116, 117, 118,
    119, 120, 121, 122, 123, 124, 125, 151, 175, 176, 177, 178, 179, 180, 181, 182, 183, 186, 187,
    188, 189, 190, 191, 197, 200, 201, 210, 211, 212, 213, 217, 218, 219, 220, 221, 222};

// AWS, Google Cloud, Azure and DigitalOcean space.
constexpr uint8_t kCloudFirstOctets[] = {3, 13, 18, 20, 34, 35, 40, 44, 52, 54, 104, 138, 159, 167};

// /32 prefixes of ISPs and mobile carriers (Deutsche Telekom, Orange, BT,
// AT&T, Comcast, Charter, T-Mobile US, Brazilian ISPs, China Telecom, China
// Mobile, Reliance Jio, NTT, Telstra, MTN, Telus, Vodafone).
constexpr std::string_view kIpv6Prefixes[] = {"2003:e6",   "2a01:cb00", "2a00:23c5", "2600:1700",
                                              "2601:646",  "2603:8000", "2607:fb90", "2804:14c",
                                              "240e:3b7",  "2409:8a00", "2405:201",  "2400:4050",
                                              "2001:8003", "2c0f:f4c0", "2001:569",  "2a02:c7e"};

void AppendUint(uint64_t v, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, end);
}

void AppendHex16(uint64_t v, std::string* out) {
  char buf[8];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v & 0xFFFF, 16);
  out->append(buf, end);
}

void AppendDotted(uint64_t first, uint64_t h, std::string* out) {
  AppendUint(first, out);
  out->push_back('.');
  AppendUint((h >> 8) & 0xFF, out);
  out->push_back('.');
  AppendUint((h >> 16) & 0xFF, out);
  out->push_back('.');
  AppendUint(1 + ((h >> 24) % 254), out);  // neither .0 nor .255
}

}  // namespace

void AppendSubscriberIpv4(uint64_t h, std::string* out) {
  AppendDotted(kSubscriberFirstOctets[h % std::size(kSubscriberFirstOctets)], h >> 8, out);
}

void AppendCloudIpv4(uint64_t h, std::string* out) {
  AppendDotted(kCloudFirstOctets[h % std::size(kCloudFirstOctets)], h >> 8, out);
}

void AppendPrivateIpv4(uint64_t h, std::string* out) { AppendDotted(10, h >> 8, out); }

void AppendSubscriberIpv6(uint64_t h, std::string* out) {
  out->append(kIpv6Prefixes[h % std::size(kIpv6Prefixes)]);
  // Six more non-zero groups: a /56 customer prefix and an interface id.
  // Non-zero groups keep the text in inet_ntop's normalized form (no "::").
  uint64_t bits = Mix64(h + 1);
  for (int i = 0; i < 6; ++i) {
    if (i == 3) bits = Mix64(h + 2);
    out->push_back(':');
    AppendHex16(1 + (bits & 0xFFFF) % 0xFFFF, out);
    bits >>= 16;
  }
}

}  // namespace vigil::gen
