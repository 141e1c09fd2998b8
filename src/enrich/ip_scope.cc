#include "enrich/ip_scope.h"

#include <arpa/inet.h>

#include <cstring>
#include <iterator>

namespace vigil::enrich {
namespace {

// The longest IPv6 text inet_pton reads (INET6_ADDRSTRLEN less its NUL), and
// the longest zone accepted after it (an interface name or number).
constexpr size_t kMaxAddressText = 45;
constexpr size_t kMaxZoneText = 64;

struct Ipv4Block {
  uint32_t prefix;
  int length;
  IpScope scope;
};

struct Ipv6Block {
  uint64_t high, low;  // the address's first and last 8 bytes, big-endian
  int length;
  IpScope scope;
};

constexpr uint32_t V4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return a << 24 | b << 16 | c << 8 | d;
}

// The first block holding the address wins, so a block inside another comes
// first. Sources: IANA IPv4 and IPv6 Special-Purpose Address Registries
// (RFC 6890, 7526, 8190, 9602, 9637, 9780), IPv4 and IPv6 multicast and
// address-space registries (RFC 5771, 4291, 3879).
constexpr Ipv4Block kIpv4Blocks[] = {
    {V4(192, 0, 0, 9), 32, IpScope::kPublic},    // Port Control Protocol anycast
    {V4(192, 0, 0, 10), 32, IpScope::kPublic},   // TURN anycast
    {V4(192, 0, 0, 0), 24, IpScope::kReserved},  // IETF protocol assignments
    {V4(0, 0, 0, 0), 32, IpScope::kUnspecified},
    {V4(0, 0, 0, 0), 8, IpScope::kReserved},  // "this network"
    {V4(10, 0, 0, 0), 8, IpScope::kPrivate},
    {V4(100, 64, 0, 0), 10, IpScope::kShared},
    {V4(127, 0, 0, 0), 8, IpScope::kLoopback},
    {V4(169, 254, 0, 0), 16, IpScope::kLinkLocal},
    {V4(172, 16, 0, 0), 12, IpScope::kPrivate},
    {V4(192, 0, 2, 0), 24, IpScope::kDocumentation},
    {V4(192, 88, 99, 0), 24, IpScope::kReserved},  // 6to4 relay anycast, deprecated
    {V4(192, 168, 0, 0), 16, IpScope::kPrivate},
    {V4(198, 18, 0, 0), 15, IpScope::kBenchmarking},
    {V4(198, 51, 100, 0), 24, IpScope::kDocumentation},
    {V4(203, 0, 113, 0), 24, IpScope::kDocumentation},
    {V4(233, 252, 0, 0), 24, IpScope::kDocumentation},  // MCAST-TEST-NET
    {V4(224, 0, 0, 0), 4, IpScope::kMulticast},
    {V4(255, 255, 255, 255), 32, IpScope::kBroadcast},
    {V4(240, 0, 0, 0), 4, IpScope::kReserved},
};

constexpr Ipv6Block kIpv6Blocks[] = {
    {0, 0, 128, IpScope::kUnspecified},
    {0, 1, 128, IpScope::kLoopback},
    {0x0064'ff9b'0001'0000, 0, 48, IpScope::kPrivate},  // local-use IPv4/IPv6 translation
    {0, 0, 8, IpScope::kReserved},  // incl. deprecated IPv4-compatible ::a.b.c.d
    {0x0100'0000'0000'0000, 0, 64, IpScope::kReserved},  // discard-only
    {0x0100'0000'0000'0001, 0, 64, IpScope::kReserved},  // dummy prefix
    {0x2001'0001'0000'0000, 1, 128, IpScope::kPublic},   // PCP anycast
    {0x2001'0001'0000'0000, 2, 128, IpScope::kPublic},   // TURN anycast
    {0x2001'0001'0000'0000, 3, 128, IpScope::kPublic},   // DNS-SD SRP anycast
    {0x2001'0002'0000'0000, 0, 48, IpScope::kBenchmarking},
    {0x2001'0003'0000'0000, 0, 32, IpScope::kPublic},    // AMT
    {0x2001'0004'0112'0000, 0, 48, IpScope::kPublic},    // AS112-v6
    {0x2001'0020'0000'0000, 0, 28, IpScope::kPublic},    // ORCHIDv2
    {0x2001'0030'0000'0000, 0, 28, IpScope::kPublic},    // drone remote ID
    {0x2001'0000'0000'0000, 0, 23, IpScope::kReserved},  // IETF protocol assignments, Teredo
    {0x2001'0db8'0000'0000, 0, 32, IpScope::kDocumentation},
    {0x3fff'0000'0000'0000, 0, 20, IpScope::kDocumentation},
    {0x2000'0000'0000'0000, 0, 3, IpScope::kPublic},   // global unicast
    {0xfc00'0000'0000'0000, 0, 7, IpScope::kPrivate},  // unique local
    {0xfe80'0000'0000'0000, 0, 10, IpScope::kLinkLocal},
    {0xff00'0000'0000'0000, 0, 8, IpScope::kMulticast},
};

uint64_t LoadBigEndian64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
  return v;
}

// The mask of the first `length` bits of a 64-bit half, length clamped to [0, 64].
constexpr uint64_t HalfMask(int length) {
  if (length <= 0) return 0;
  if (length >= 64) return ~uint64_t{0};
  return ~uint64_t{0} << (64 - length);
}

bool IsMappedOrNat64(const std::array<uint8_t, 16>& b) {
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  return std::memcmp(b.data(), kMapped, 12) == 0 || std::memcmp(b.data(), kNat64, 12) == 0;
}

bool IsZoneText(std::string_view zone) {
  if (zone.empty() || zone.size() > kMaxZoneText) return false;
  for (char c : zone) {
    if (c <= ' ' || c > '~' || c == '%') return false;
  }
  return true;
}

}  // namespace

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  bool has_zone = false;
  if (size_t percent = text.find('%'); percent != std::string_view::npos) {
    if (!IsZoneText(text.substr(percent + 1))) return std::nullopt;
    text = text.substr(0, percent);
    has_zone = true;
  }
  if (text.empty() || text.size() > kMaxAddressText) return std::nullopt;
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) return std::nullopt;
  char buf[kMaxAddressText + 1];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';

  IpAddress address;
  if (!has_zone && inet_pton(AF_INET, buf, address.bytes.data()) == 1) {
    address.is_v4 = true;
    return address;
  }
  if (inet_pton(AF_INET6, buf, address.bytes.data()) != 1) return std::nullopt;
  if (IsMappedOrNat64(address.bytes)) {
    std::memmove(address.bytes.data(), address.bytes.data() + 12, 4);
    std::memset(address.bytes.data() + 4, 0, 12);
    address.is_v4 = true;
  }
  return address;
}

IpScope ClassifyIpAddress(const IpAddress& address) {
  const uint8_t* b = address.bytes.data();
  if (address.is_v4) {
    const uint32_t v = V4(b[0], b[1], b[2], b[3]);
    for (const Ipv4Block& block : kIpv4Blocks) {
      const uint32_t mask = block.length == 0 ? 0 : ~uint32_t{0} << (32 - block.length);
      if ((v & mask) == block.prefix) return block.scope;
    }
    return IpScope::kPublic;
  }
  const uint64_t high = LoadBigEndian64(b), low = LoadBigEndian64(b + 8);
  for (const Ipv6Block& block : kIpv6Blocks) {
    if ((high & HalfMask(block.length)) == block.high &&
        (low & HalfMask(block.length - 64)) == block.low) {
      return block.scope;
    }
  }
  return IpScope::kReserved;  // unassigned by IANA (outside 2000::/3 and the blocks above)
}

std::string_view IpScopeLabel(IpScope scope) {
  switch (scope) {
    case IpScope::kPublic:
      return "public";
    case IpScope::kPrivate:
      return "private";
    case IpScope::kShared:
      return "shared";
    case IpScope::kLoopback:
      return "loopback";
    case IpScope::kLinkLocal:
      return "link-local";
    case IpScope::kMulticast:
      return "multicast";
    case IpScope::kDocumentation:
      return "documentation";
    case IpScope::kBenchmarking:
      return "benchmarking";
    case IpScope::kUnspecified:
      return "unspecified";
    case IpScope::kBroadcast:
      return "broadcast";
    case IpScope::kReserved:
      return "reserved";
  }
  return "reserved";
}

}  // namespace vigil::enrich
