#include "config/setting_values.h"

#include <gtest/gtest.h>

namespace vigil::config {
namespace {

using std::chrono::milliseconds;

TEST(SettingValuesTest, Sizes) {
  EXPECT_EQ(*ParseByteSize("16MiB"), 16u << 20);
  EXPECT_EQ(*ParseByteSize("64KiB"), 64u << 10);
  EXPECT_EQ(*ParseByteSize("1GiB"), 1u << 30);
  EXPECT_EQ(*ParseByteSize("16mib"), 16u << 20);
  EXPECT_EQ(*ParseByteSize("1500B"), 1500u);
  EXPECT_EQ(*ParseByteSize("1500"), 1500u);
  EXPECT_EQ(*ParseByteSize(" 2 MB "), 2'000'000u);
  EXPECT_EQ(*ParseByteSize("0"), 0u);
  for (std::string_view bad : {"", "MiB", "1.5MiB", "-1", "16M", "16 mebibytes", "lots"}) {
    Result<uint64_t> r = ParseByteSize(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("e.g. 16MiB"), std::string::npos);
  }
  EXPECT_EQ(ParseByteSize("lots").status().message(),
            "bad size 'lots' (expected bytes or a number with a unit: KiB, MiB, GiB, e.g. 16MiB)");
  EXPECT_FALSE(ParseByteSize("99999999999999TiB").ok());
}

TEST(SettingValuesTest, SizesFormatInTheLargestExactUnit) {
  EXPECT_EQ(FormatByteSize(16u << 20), "16MiB");
  EXPECT_EQ(FormatByteSize(1536), "1536B");
  EXPECT_EQ(FormatByteSize(3u << 10), "3KiB");
  EXPECT_EQ(FormatByteSize(0), "0B");
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{1} << 40, uint64_t{123456789}}) {
    EXPECT_EQ(*ParseByteSize(FormatByteSize(v)), v);
  }
}

TEST(SettingValuesTest, Durations) {
  EXPECT_EQ(*ParseDuration("30s"), milliseconds(30'000));
  EXPECT_EQ(*ParseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(*ParseDuration("2m"), milliseconds(120'000));
  EXPECT_EQ(*ParseDuration("1h"), milliseconds(3'600'000));
  EXPECT_EQ(*ParseDuration("1m30s"), milliseconds(90'000));
  EXPECT_EQ(*ParseDuration("1S"), milliseconds(1000));
  EXPECT_EQ(*ParseDuration("0"), milliseconds(0));
  EXPECT_EQ(*ParseDuration("90d"), milliseconds(90LL * 86'400'000));
  for (std::string_view bad : {"", "30", "1.5s", "30 s", "5w", "s", "-1s", "10sec"}) {
    Result<milliseconds> r = ParseDuration(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("e.g. 30s"), std::string::npos);
  }
  EXPECT_EQ(FormatDuration(milliseconds(90'000)), "1m30s");
  EXPECT_EQ(FormatDuration(milliseconds(10'000)), "10s");
  EXPECT_EQ(FormatDuration(milliseconds(1'500)), "1s500ms");
  EXPECT_EQ(FormatDuration(milliseconds(7'200'000)), "2h");
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0s");
  EXPECT_EQ(FormatDuration(milliseconds(36 * 3'600'000)), "1d12h");
  for (int64_t ms :
       std::initializer_list<int64_t>{0, 1, 999, 60'000, 3'723'004, 90LL * 86'400'000}) {
    EXPECT_EQ(*ParseDuration(FormatDuration(milliseconds(ms))), milliseconds(ms));
  }
}

TEST(SettingValuesTest, DurationsPerTenant) {
  Result<TenantDurations> d = ParseTenantDurations(" acme=30d, globex = 400d ");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(FormatTenantDurations(*d), "acme=30d,globex=400d");
  EXPECT_EQ(ParseTenantDurations("")->size(), 0u);
  EXPECT_EQ(ParseTenantDurations("acme").status().message(),
            "bad item 'acme' (expected TENANT=DURATION, e.g. acme=30d)");
  EXPECT_EQ(ParseTenantDurations("acme=0").status().message(),
            "tenant 'acme': the duration must be larger than 0");
  EXPECT_EQ(ParseTenantDurations("acme=1d,acme=2d").status().message(),
            "tenant 'acme' is named twice");
  EXPECT_NE(ParseTenantDurations("acme=5w").status().message().find("tenant 'acme': bad duration"),
            std::string::npos);
}

TEST(SettingValuesTest, Booleans) {
  for (std::string_view t : {"true", "TRUE", "yes", "on", "1"}) EXPECT_TRUE(*ParseBool(t)) << t;
  for (std::string_view f : {"false", "No", "off", "0"}) EXPECT_FALSE(*ParseBool(f)) << f;
  EXPECT_EQ(ParseBool("maybe").status().message(), "bad boolean 'maybe' (expected true or false)");
}

TEST(SettingValuesTest, CountsAndRates) {
  EXPECT_EQ(*ParseCount("512", 1, 1000), 512u);
  EXPECT_FALSE(ParseCount("0", 1, 1000).ok());
  EXPECT_EQ(ParseCount("5000", 1, 1000).status().message(),
            "5000 is out of range (expected 1 to 1000)");
  EXPECT_FALSE(ParseCount("12x", 0, 100).ok());
  EXPECT_EQ(*ParseRate("100"), 100.0);
  EXPECT_EQ(*ParseRate("0.5"), 0.5);
  EXPECT_EQ(*ParseRate("20/s"), 20.0);
  EXPECT_EQ(*ParseRate("0"), 0.0);
  for (std::string_view bad : {"", "-1", "fast", "1e3", "nan", "inf"}) {
    EXPECT_FALSE(ParseRate(bad).ok()) << bad;
  }
  EXPECT_EQ(FormatRate(100), "100");
  EXPECT_EQ(FormatRate(0.5), "0.5");
}

}  // namespace
}  // namespace vigil::config
