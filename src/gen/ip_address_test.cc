#include "gen/ip_address.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <string>

#include "core/ulid.h"
#include "gen/id_format.h"
#include "gen/split_mix64.h"

namespace vigil::gen {
namespace {

// inet_ntop's form of text, or "" if it is not an address of the family.
std::string Normalized(int family, const std::string& text) {
  unsigned char addr[16];
  char buf[INET6_ADDRSTRLEN];
  if (inet_pton(family, text.c_str(), addr) != 1) return "";
  return inet_ntop(family, addr, buf, sizeof(buf)) ? buf : "";
}

bool IsReservedIpv4(const std::string& ip) {
  unsigned a = 0, b = 0;
  sscanf(ip.c_str(), "%u.%u", &a, &b);
  return a == 0 || a == 10 || a == 127 || a >= 224 || (a == 100 && b >= 64 && b < 128) ||
         (a == 169 && b == 254) || (a == 172 && b >= 16 && b < 32) || (a == 192 && b == 168) ||
         a == 192 || a == 198 || a == 203;
}

TEST(IpAddressTest, SubscriberAddressesArePublicAndNormalized) {
  for (uint64_t i = 0; i < 5000; ++i) {
    const uint64_t h = Mix64(i);
    std::string v4, v6, cloud;
    AppendSubscriberIpv4(h, &v4);
    AppendSubscriberIpv6(h, &v6);
    AppendCloudIpv4(h, &cloud);
    EXPECT_EQ(Normalized(AF_INET, v4), v4);
    EXPECT_FALSE(IsReservedIpv4(v4)) << v4;
    EXPECT_FALSE(v4.ends_with(".0") || v4.ends_with(".255")) << v4;
    EXPECT_EQ(Normalized(AF_INET, cloud), cloud);
    EXPECT_FALSE(IsReservedIpv4(cloud)) << cloud;
    EXPECT_EQ(Normalized(AF_INET6, v6), v6);
    EXPECT_TRUE(v6[0] == '2') << v6;  // global unicast 2000::/3
    EXPECT_FALSE(v6.starts_with("2001:db8:")) << v6;
  }
}

TEST(IpAddressTest, PrivateAddressesAreInTen) {
  std::string ip;
  AppendPrivateIpv4(12345, &ip);
  EXPECT_EQ(ip.rfind("10.", 0), 0u);
  EXPECT_EQ(Normalized(AF_INET, ip), ip);
}

TEST(IdFormatTest, Styles) {
  std::string object_id, uuid, numeric, ulid, token;
  AppendId(IdStyle::kObjectId, 1, &object_id);
  AppendId(IdStyle::kUuid, 1, &uuid);
  AppendId(IdStyle::kNumeric, 1, &numeric);
  AppendUlid(1767225600000, 1, &ulid);
  AppendToken("req_", 1, 16, &token);
  EXPECT_EQ(object_id.size(), 24u);
  EXPECT_EQ(object_id.find_first_not_of("0123456789abcdef"), std::string::npos);
  ASSERT_EQ(uuid.size(), 36u);
  EXPECT_EQ(uuid[8], '-');
  EXPECT_EQ(uuid[14], '4');
  EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
  EXPECT_GE(numeric.size(), 6u);
  EXPECT_LE(numeric.size(), 7u);
  EXPECT_EQ(numeric.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(ulid.size(), 26u);
  EXPECT_EQ(ulid.substr(0, 10), EncodeUlid(1767225600000, 0, 0).substr(0, 10));  // same time part
  EXPECT_EQ(token.size(), 20u);
  EXPECT_EQ(token.rfind("req_", 0), 0u);
}

}  // namespace
}  // namespace vigil::gen
