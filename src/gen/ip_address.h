// Plausible client IP addresses, each a pure function of a 64-bit hash (so a
// user's home address is stable): residential and mobile ISP ranges, public
// cloud ranges (scripts and API keys), and private addresses (internal
// services). Written in inet_ntop's normalized form.
#pragma once

#include <cstdint>
#include <string>

namespace vigil::gen {

// An IPv4 address in ranges that ISPs allocate to subscribers (never private,
// loopback, CGN, link-local, multicast or documentation ranges).
void AppendSubscriberIpv4(uint64_t h, std::string* out);
// An IPv6 address under a real ISP or mobile-carrier /32 (never 2001:db8::/32).
void AppendSubscriberIpv6(uint64_t h, std::string* out);
// An IPv4 address in public cloud ranges (AWS, GCP, Azure, DigitalOcean).
void AppendCloudIpv4(uint64_t h, std::string* out);
// A private 10.0.0.0/8 address of an internal host.
void AppendPrivateIpv4(uint64_t h, std::string* out);

}  // namespace vigil::gen
