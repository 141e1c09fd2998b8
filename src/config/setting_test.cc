#include "config/setting.h"

#include <gtest/gtest.h>

#include <set>

namespace vigil::config {
namespace {

TEST(SettingTest, NamesFollowOneScheme) {
  std::set<std::string_view> keys;
  for (const Setting& s : ServerSettings()) {
    EXPECT_TRUE(keys.insert(s.key).second) << s.key;
    std::string env = "VIGIL_";
    std::string flag = "--";
    for (char c : s.key) {
      env.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
      flag.push_back(c == '_' ? '-' : c);
    }
    EXPECT_EQ(s.env, env);
    EXPECT_EQ(s.flag, flag);
    EXPECT_FALSE(s.help.empty()) << s.key;
    EXPECT_EQ(FindSetting(s.key), &s);
  }
  EXPECT_EQ(FindSetting("nope"), nullptr);
}

TEST(SettingTest, DefaultsFormatAndParseBack) {
  ServerConfig defaults;
  for (const Setting& s : ServerSettings()) {
    ServerConfig c;
    std::string text = s.format(defaults);
    ASSERT_TRUE(s.parse(text, &c).ok()) << s.key << "=" << text;
    EXPECT_EQ(s.format(c), text) << s.key;
  }
  auto text = [&](std::string_view key) { return FindSetting(key)->format(defaults); };
  EXPECT_EQ(text("listen"), "127.0.0.1:8080");
  EXPECT_EQ(text("data"), "vigil-data");
  EXPECT_EQ(text("max_body"), "16MiB");
  EXPECT_EQ(text("max_decoded_body"), "16MiB");
  EXPECT_EQ(text("max_connections"), "512");
  EXPECT_EQ(text("header_timeout"), "10s");
  EXPECT_EQ(text("body_timeout"), "1m");
  EXPECT_EQ(text("write_timeout"), "30s");
  EXPECT_EQ(text("rate_ingest"), "1000");
  EXPECT_EQ(text("rate_read_burst"), "200");
  EXPECT_EQ(text("self_audit"), "true");
  EXPECT_EQ(text("demo"), "false");
  EXPECT_EQ(text("log_level"), "info");
}

TEST(SettingTest, BurstZeroIsTwiceTheRate) {
  RateLimitSetting r{2.5, 0};
  EXPECT_EQ(r.EffectiveBurst(), 5.0);
  r.per_second = 0.1;
  EXPECT_EQ(r.EffectiveBurst(), 1.0);
  r.burst = 7;
  EXPECT_EQ(r.EffectiveBurst(), 7.0);
}

}  // namespace
}  // namespace vigil::config
