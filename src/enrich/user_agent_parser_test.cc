// The uap-core specification's rules (docs/specification.md of the uap-core
// package) on small hand-written rule files; the real regexes.yaml is
// compared with uap-core's reference implementation in
// tests/enrich/ua_reference_test.py.
#include "enrich/user_agent_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "enrich/user_agent_cache.h"
#include "enrich/user_agent_json.h"

namespace vigil::enrich {
namespace {

std::unique_ptr<UserAgentParser> Parser(const std::string& yaml) {
  Result<std::unique_ptr<UserAgentParser>> p = UserAgentParser::FromYaml(yaml, "test.yaml");
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? std::move(p).value() : nullptr;
}

const char* kRules = R"(
user_agent_parsers:
  - regex: '(Namoroka|Shiretoko|Minefield)/(\d+)\.(\d+)\.(\d+(?:pre)?)'
    family_replacement: 'Firefox ($1)'
  - regex: '(Firefox)/(\d+)\.(\d+)'
  - regex: '(Fire)(fox)'
    family_replacement: 'Never: the rule above matches first'
  - regex: 'NoGroups'
    family_replacement: 'Literal'
    v1_replacement: '7'
os_parsers:
  - regex: 'Win(95|98|3.1|NT|ME|2000)'
    os_replacement: 'Windows $1'
  - regex: 'Android (\d+)(?:\.(\d+))?'
    os_replacement: 'Android'
    os_v1_replacement: '$1'
device_parsers:
  - regex: '; *(PEDI)_(PLUS)_(W) Build'
    device_replacement: 'Odys $1 $2 $3'
    brand_replacement: 'Odys'
    model_replacement: '$1 $2 $3'
  - regex: 'feature ?phone'
    regex_flag: 'i'
    device_replacement: 'Generic Feature Phone'
    brand_replacement: 'Generic'
  - regex: '(Pixel \d+)'
    brand_replacement: '  Google  '
)";

TEST(UserAgentParserTest, TheSpecificationsExamples) {
  auto p = Parser(kRules);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->rule_count(), 9u);
  // user_agent_parsers: the replacement with $1, then the groups in order.
  UserAgentInfo a = p->Parse(
      "Mozilla/5.0 (Windows; Windows NT 5.1; rv:2.0b3pre) Gecko/20100727 Minefield/4.0.1pre");
  EXPECT_EQ(a.ua.family, "Firefox (Minefield)");
  EXPECT_EQ(a.ua.major, "4");
  EXPECT_EQ(a.ua.minor, "0");
  EXPECT_EQ(a.ua.patch, "1pre");
  // os_parsers: "Win(95|…)" with os_replacement 'Windows $1'.
  EXPECT_EQ(p->Parse("Mozilla/5.0 (Windows; U; Win95; en-US; rv:1.1) Gecko/20020826").os.family,
            "Windows 95");
  // device_parsers: replacements with several groups, brand without groups.
  UserAgentInfo d = p->Parse(
      "Mozilla/5.0 (Linux; U; Android 4.2.2; de-de; PEDI_PLUS_W Build/JDQ39) "
      "AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Safari/534.30");
  EXPECT_EQ(d.device.family, "Odys PEDI PLUS W");
  EXPECT_EQ(d.device.brand, "Odys");
  EXPECT_EQ(d.device.model, "PEDI PLUS W");
  EXPECT_EQ(d.os.family, "Android");
  EXPECT_EQ(d.os.major, "4");
  EXPECT_EQ(d.os.minor, std::nullopt) << "no os_v2_replacement: group 3, which the regex lacks";
}

TEST(UserAgentParserTest, FirstMatchWinsGroupsFillUnreplacedSlotsAndAbsentIsNull) {
  auto p = Parser(kRules);
  ASSERT_NE(p, nullptr);
  UserAgentInfo f = p->Parse("Mozilla/5.0 Firefox/121.0");
  EXPECT_EQ(f.ua.family, "Firefox");
  EXPECT_EQ(f.ua.major, "121");
  EXPECT_EQ(f.ua.minor, "0");
  EXPECT_EQ(f.ua.patch, std::nullopt);
  UserAgentInfo literal = p->Parse("x NoGroups y");
  EXPECT_EQ(literal.ua.family, "Literal");
  EXPECT_EQ(literal.ua.major, "7");
  // No rule: family "Other", everything else absent.
  UserAgentInfo none = p->Parse("nothing to see");
  EXPECT_EQ(none.ua.family, "Other");
  EXPECT_EQ(none.os.family, "Other");
  EXPECT_EQ(none.device.family, "Other");
  EXPECT_EQ(none.device.brand, std::nullopt);
  EXPECT_EQ(none.os.major, std::nullopt);
}

TEST(UserAgentParserTest, DeviceRulesFlaggedIMatchAnyCaseAndResultsAreTrimmed) {
  auto p = Parser(kRules);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->Parse("Some FEATUREPHONE/1.0").device.family, "Generic Feature Phone");
  EXPECT_EQ(p->Parse("Some featurephone/1.0").device.brand, "Generic");
  UserAgentInfo pixel = p->Parse("(Linux; Android 13; Pixel 7)");
  EXPECT_EQ(pixel.device.family, "Pixel 7");
  EXPECT_EQ(pixel.device.model, "Pixel 7") << "no model_replacement: group 1";
  EXPECT_EQ(pixel.device.brand, "Google") << "trimmed";
}

TEST(UserAgentParserTest, BadFilesAreRejectedNamingTheRule) {
  auto error = [](const std::string& yaml) {
    Result<std::unique_ptr<UserAgentParser>> p = UserAgentParser::FromYaml(yaml, "r.yaml");
    EXPECT_FALSE(p.ok());
    return p.ok() ? std::string() : p.status().message();
  };
  EXPECT_EQ(error("user_agent_parsers: []\nos_parsers: []\n"), "r.yaml: no list 'device_parsers'");
  EXPECT_EQ(error("user_agent_parsers:\n  - family_replacement: x\nos_parsers: []\n"
                  "device_parsers: []\n"),
            "r.yaml: user_agent_parsers[0]: not a mapping with a 'regex' string");
  EXPECT_NE(error("user_agent_parsers:\n  - regex: '(a'\nos_parsers: []\ndevice_parsers: []\n")
                .find("r.yaml: user_agent_parsers[0]: RE2 rejects the regex: missing )"),
            std::string::npos);
  EXPECT_NE(error("user_agent_parsers: [").find("r.yaml: not YAML"), std::string::npos);
  Result<std::unique_ptr<UserAgentParser>> missing = UserAgentParser::Load("/nonexistent/r.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.status().IsNotFound());
}

TEST(UserAgentParserTest, JsonHasEveryMemberInOrderWithNulls) {
  auto p = Parser(kRules);
  ASSERT_NE(p, nullptr);
  std::string json;
  AppendUserAgentJson(p->Parse("curl/8.4.0"), &json);
  EXPECT_EQ(json,
            R"({"ua":{"family":"Other","major":null,"minor":null,"patch":null},)"
            R"("os":{"family":"Other","major":null,"minor":null,"patch":null,"patch_minor":null},)"
            R"("device":{"family":"Other","brand":null,"model":null},)"
            R"("class":"library","engine":null,"webview":null})");
}

TEST(UserAgentParserTest, TheCacheGivesTheParsersAnswerAndEvictsTheLeastRecent) {
  std::shared_ptr<const UserAgentParser> p = Parser(kRules);
  ASSERT_NE(p, nullptr);
  CachedUserAgentParser cached(p, /*capacity=*/16);  // one entry per shard
  const std::string a = "Mozilla/5.0 Firefox/121.0";
  EXPECT_EQ(cached.Parse(a), p->Parse(a));
  EXPECT_EQ(cached.Parse(a), p->Parse(a));
  EXPECT_EQ(cached.stats().hits, 1u);
  EXPECT_EQ(cached.stats().misses, 1u);
  for (int i = 0; i < 200; ++i) (void)cached.Parse("agent " + std::to_string(i));
  (void)cached.Parse(a);
  EXPECT_EQ(cached.stats().hits, 1u) << "evicted by 200 other agents";
}

}  // namespace
}  // namespace vigil::enrich
