// IP addresses from text, and their scope by IANA's special-purpose address
// registries (RFC 6890 and the RFCs that add to them): whether an address
// is a public one a geolocation database can place, or which kind of
// non-public address it is.
//
// Scopes and their labels (the label is what GeoLocation::label holds):
//
//   label           IPv4                                IPv6
//   private         10/8, 172.16/12, 192.168/16         fc00::/7, 64:ff9b:1::/48
//   shared          100.64/10 (carrier-grade NAT)       -
//   loopback        127/8                               ::1
//   link-local      169.254/16                          fe80::/10
//   multicast       224/4                               ff00::/8
//   documentation   192.0.2/24, 198.51.100/24,          2001:db8::/32, 3fff::/20
//                   203.0.113/24, 233.252.0/24
//   benchmarking    198.18/15                           2001:2::/48
//   unspecified     0.0.0.0                             ::
//   broadcast       255.255.255.255                     -
//   reserved        0/8, 192.0.0/24, 192.88.99/24,      ::/8 (but ::, ::1), 100::/64,
//                   240/4                               100:0:0:1::/64, 2001::/23,
//                                                       5f00::/16, fec0::/10, and all
//                                                       outside 2000::/3 and the above
//   public          everything else
//
// Where a registry entry inside a reserved block is globally reachable it
// is public: 192.0.0.9, 192.0.0.10, 2001:1::1–3, 2001:3::/32, 2001:4:112::/48,
// 2001:20::/28, 2001:30::/28. Exact registry entries are in ip_scope.cc.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace vigil::enrich {

// An IPv4 or IPv6 address in network byte order.
struct IpAddress {
  bool is_v4 = false;
  // IPv4: bytes[0..3]; the rest zero. IPv6: all 16.
  std::array<uint8_t, 16> bytes{};
  bool operator==(const IpAddress&) const = default;
};

// Parses the text of an IP address as inet_pton does: IPv4 only as four
// decimal parts a.b.c.d (no leading zeros, no shorter forms), IPv6 in any
// RFC 4291 form including a trailing dotted IPv4 part. An IPv6 text may end
// in a zone (`fe80::1%eth0`), which is dropped. An IPv4-mapped address
// (::ffff:a.b.c.d) and an address of the NAT64 well-known prefix
// (64:ff9b::a.b.c.d, RFC 6052) give the IPv4 address they carry. Anything
// else, including surrounding spaces, is nullopt.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

enum class IpScope {
  kPublic,
  kPrivate,
  kShared,
  kLoopback,
  kLinkLocal,
  kMulticast,
  kDocumentation,
  kBenchmarking,
  kUnspecified,
  kBroadcast,
  kReserved,
};

// The scope of an address by the table above.
IpScope ClassifyIpAddress(const IpAddress& address);

// The lower-case label of a scope ("public", "private", "link-local", …).
std::string_view IpScopeLabel(IpScope scope);

}  // namespace vigil::enrich
