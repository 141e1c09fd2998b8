#include "query/ip_value.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace vigil {
namespace {

std::string Exact(std::string_view text) {
  auto v = ParseIpValue(text);
  if (!v.ok()) return "error: " + v.status().message();
  EXPECT_EQ(v->kind, FilterValue::Kind::kExact) << text;
  return v->text;
}

// "family/prefix address-bytes" or the error.
std::string Cidr(std::string_view text) {
  auto v = ParseIpValue(text);
  if (!v.ok()) return "error: " + v.status().message();
  EXPECT_EQ(v->kind, FilterValue::Kind::kCidr) << text;
  auto formatted = FormatCidr(*v);
  EXPECT_TRUE(formatted.ok());
  return std::to_string(v->family) + " " + (formatted.ok() ? *formatted : "");
}

TEST(IpValueTest, AddressesAreNormalizedLikeTheEventParser) {
  EXPECT_EQ(Exact("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(Exact("2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  EXPECT_EQ(Exact("2001:0db8::0001"), "2001:db8::1");
  EXPECT_EQ(Exact("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(Exact("::FFFF:cb00:7107"), "203.0.113.7");
  EXPECT_EQ(Exact("::1"), "::1");
  EXPECT_EQ(Exact("203.0.113"), "error: not an IPv4 or IPv6 address");
  EXPECT_EQ(Exact("010.0.0.1"), "error: not an IPv4 or IPv6 address");
  EXPECT_EQ(Exact("fe80::1%eth0"), "error: not an IPv4 or IPv6 address");
  EXPECT_EQ(Exact("example.com"), "error: not an IPv4 or IPv6 address");
  EXPECT_EQ(Exact(std::string_view("10.0.0.1\0junk", 13)), "error: not an IPv4 or IPv6 address");
}

TEST(IpValueTest, Ipv4Cidr) {
  auto v = ParseIpValue("203.0.113.0/24");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->family, 4);
  EXPECT_EQ(v->prefix_bits, 24);
  std::array<uint8_t, 16> want{203, 0, 113, 0};
  EXPECT_EQ(v->address, want);
  EXPECT_EQ(Cidr("203.0.113.77/24"), "4 203.0.113.0/24");  // host bits masked
  EXPECT_EQ(Cidr("10.255.255.255/9"), "4 10.128.0.0/9");
  EXPECT_EQ(Cidr("10.1.2.3/32"), "4 10.1.2.3/32");
  EXPECT_EQ(Cidr("10.1.2.3/0"), "4 0.0.0.0/0");
}

TEST(IpValueTest, Ipv6Cidr) {
  auto v = ParseIpValue("2001:db8:ffff::1/32");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->family, 6);
  EXPECT_EQ(v->prefix_bits, 32);
  std::array<uint8_t, 16> want{0x20, 0x01, 0x0d, 0xb8};
  EXPECT_EQ(v->address, want);
  EXPECT_EQ(Cidr("2001:db8::/32"), "6 2001:db8::/32");
  EXPECT_EQ(Cidr("2001:db8:abcd:12ff::/57"), "6 2001:db8:abcd:1280::/57");
  EXPECT_EQ(Cidr("::1/128"), "6 ::1/128");
  EXPECT_EQ(Cidr("ffff::/0"), "6 ::/0");
}

TEST(IpValueTest, MappedBlocksBecomeIpv4) {
  EXPECT_EQ(Cidr("::ffff:10.1.2.3/104"), "4 10.0.0.0/8");
  EXPECT_EQ(Cidr("::ffff:10.1.2.3/128"), "4 10.1.2.3/32");
  EXPECT_EQ(Cidr("::ffff:10.1.2.3/96"), "4 0.0.0.0/0");
  EXPECT_EQ(Cidr("::ffff:10.1.2.3/95"), "6 ::fffe:0:0/95");  // not only mapped addresses
}

TEST(IpValueTest, CidrErrors) {
  EXPECT_EQ(Cidr("10.0.0.0/33"), "error: prefix length over 32");
  EXPECT_EQ(Cidr("2001:db8::/129"), "error: prefix length over 128");
  EXPECT_EQ(Cidr("10.0.0.0/99999999999"), "error: prefix length over 32");
  EXPECT_EQ(Cidr("10.0.0.0/"), "error: missing prefix length after '/'");
  EXPECT_EQ(Cidr("10.0.0.0/8a"), "error: prefix length is not a number");
  EXPECT_EQ(Cidr("10.0.0.0/-8"), "error: prefix length is not a number");
  EXPECT_EQ(Cidr("10.0.0.0/8/8"), "error: prefix length is not a number");
  EXPECT_EQ(Cidr("10.0.0/8"), "error: network address is not an IPv4 or IPv6 address");
  EXPECT_EQ(Cidr("/8"), "error: network address is not an IPv4 or IPv6 address");
}

TEST(IpValueTest, FormatRefusesBadValues) {
  FilterValue v;
  v.kind = FilterValue::Kind::kCidr;
  v.family = 5;
  EXPECT_FALSE(FormatCidr(v).ok());
  v.family = 4;
  v.prefix_bits = 33;
  EXPECT_FALSE(FormatCidr(v).ok());
}

}  // namespace
}  // namespace vigil
