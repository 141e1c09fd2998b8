#include "config/config_loader.h"

#include <gtest/gtest.h>

#include "config/setting.h"
#include "config/test_temp_dir.h"

namespace vigil::config {
namespace {

using std::chrono::milliseconds;

Environment Env(std::map<std::string, std::string, std::less<>> vars) {
  return Environment(std::move(vars));
}

std::string LoadError(std::optional<std::string> file, const Environment& env,
                      const ConfigOverrides& flags = {}) {
  Result<LoadedServerConfig> r = LoadServerConfig(std::move(file), env, flags);
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.status().message();
}

constexpr std::string_view kExample = R"(# Vigil server
listen: 0.0.0.0:9090
data: /var/lib/vigil

max_body: 32MiB
body_timeout: 2m
rate_ingest: 50
rate_ingest_burst: 100
self_audit: off
log_level: debug
max_decoded_body: 32MiB
)";

TEST(ConfigLoaderTest, DefaultsWithoutAnySource) {
  Result<LoadedServerConfig> r = LoadServerConfig(std::nullopt, Environment());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->config.listen.ToString(), "127.0.0.1:8080");
  EXPECT_EQ(r->config.data_dir, "vigil-data");
  EXPECT_FALSE(r->config_file.has_value());
  for (const Setting& s : ServerSettings()) {
    EXPECT_EQ(r->OriginOf(s.key).source, SettingSource::kDefault) << s.key;
  }
  std::string d = r->Describe();
  EXPECT_NE(d.find("# config file: none\n"), std::string::npos);
  EXPECT_NE(d.find("listen: 127.0.0.1:8080"), std::string::npos) << d;
  EXPECT_NE(d.find("tls_cert: \"\""), std::string::npos) << d;
  EXPECT_NE(d.find("# default\n"), std::string::npos);
}

TEST(ConfigLoaderTest, FileOnly) {
  TestTempDir dir;
  std::string path = dir.Write("vigil.yaml", kExample);
  Result<LoadedServerConfig> r = LoadServerConfig(path, Environment());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const ServerConfig& c = r->config;
  EXPECT_EQ(c.listen.host, "0.0.0.0");
  EXPECT_EQ(c.listen.port, 9090);
  EXPECT_EQ(c.data_dir, "/var/lib/vigil");
  EXPECT_EQ(c.max_body_bytes, 32u << 20);
  EXPECT_EQ(c.body_timeout, milliseconds(120'000));
  EXPECT_EQ(c.ingest_rate.per_second, 50);
  EXPECT_EQ(c.ingest_rate.burst, 100u);
  EXPECT_FALSE(c.self_audit);
  EXPECT_EQ(c.log_level, LogLevel::kDebug);
  EXPECT_EQ(c.max_connections, 512u);  // not in the file: default
  EXPECT_EQ(r->config_file, path);
  EXPECT_EQ(r->OriginOf("listen").ToString(), "file " + path + ":2");
  EXPECT_EQ(r->OriginOf("log_level").ToString(), "file " + path + ":10");
  EXPECT_EQ(r->OriginOf("max_connections").ToString(), "default");
}

TEST(ConfigLoaderTest, VigilConfigNamesTheFileUnlessTheFlagDoes) {
  TestTempDir dir;
  std::string a = dir.Write("a.yaml", "listen: 127.0.0.1:1111\n");
  std::string b = dir.Write("b.yaml", "listen: 127.0.0.1:2222\n");
  Result<LoadedServerConfig> from_env = LoadServerConfig(std::nullopt, Env({{"VIGIL_CONFIG", a}}));
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->config.listen.port, 1111);
  EXPECT_EQ(from_env->config_file_named_by, "VIGIL_CONFIG");
  Result<LoadedServerConfig> from_flag = LoadServerConfig(b, Env({{"VIGIL_CONFIG", a}}));
  ASSERT_TRUE(from_flag.ok());
  EXPECT_EQ(from_flag->config.listen.port, 2222);
  EXPECT_EQ(from_flag->config_file_named_by, "--config");
}

TEST(ConfigLoaderTest, EnvironmentOverridesTheFile) {
  TestTempDir dir;
  std::string path = dir.Write("vigil.yaml", kExample);
  Result<LoadedServerConfig> r = LoadServerConfig(path, Env({{"VIGIL_LISTEN", "[::1]:7000"},
                                                             {"VIGIL_MAX_BODY", "8MiB"},
                                                             {"VIGIL_DEMO", "yes"},
                                                             {"VIGIL_DATA", ""}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->config.listen.ToString(), "[::1]:7000");
  EXPECT_EQ(r->config.max_body_bytes, 8u << 20);
  EXPECT_TRUE(r->config.demo);
  EXPECT_EQ(r->config.data_dir, "/var/lib/vigil");  // an empty variable counts as unset
  EXPECT_EQ(r->OriginOf("listen").ToString(), "env VIGIL_LISTEN");
  EXPECT_EQ(r->OriginOf("data").ToString(), "file " + path + ":3");
}

TEST(ConfigLoaderTest, FlagsOverrideTheEnvironment) {
  TestTempDir dir;
  std::string path = dir.Write("vigil.yaml", kExample);
  ConfigOverrides flags;
  flags.Set("listen", "127.0.0.1:0");
  flags.Set("rate_ingest", "0");
  flags.Set("self_audit", "true");
  flags.Set("rate_ingest", "7");  // the later one wins
  Result<LoadedServerConfig> r = LoadServerConfig(
      path, Env({{"VIGIL_LISTEN", "[::1]:7000"}, {"VIGIL_RATE_INGEST", "5"}}), flags);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->config.listen.ToString(), "127.0.0.1:0");
  EXPECT_EQ(r->config.ingest_rate.per_second, 7);
  EXPECT_EQ(r->config.ingest_rate.burst, 100u);  // from the file
  EXPECT_TRUE(r->config.self_audit);
  EXPECT_EQ(r->OriginOf("listen").ToString(), "flag --listen");
  EXPECT_EQ(r->OriginOf("rate_ingest_burst").ToString(), "file " + path + ":8");

  std::string d = r->Describe();
  EXPECT_NE(d.find("# config file: " + path + " (named by --config)"), std::string::npos) << d;
  EXPECT_NE(d.find("# flag --listen\n"), std::string::npos) << d;
  EXPECT_NE(d.find("# file " + path + ":3\n"), std::string::npos) << d;
}

TEST(ConfigLoaderTest, DescribeReadsBackAsTheSameConfiguration) {
  TestTempDir dir;
  std::string cert = dir.Write("cert pem", "c");  // a space: must be quoted
  std::string key = dir.Write("key.pem", "k");
  ConfigOverrides flags;
  flags.Set("listen", "[::]:443");
  flags.Set("tls_cert", cert);
  flags.Set("tls_key", key);
  flags.Set("data", "null");  // a word YAML would read as null
  flags.Set("idle_timeout", "90s");
  flags.Set("rate_read", "2.5");
  Result<LoadedServerConfig> first = LoadServerConfig(std::nullopt, Environment(), flags);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  std::string path = dir.Write("printed.yaml", first->Describe());
  Result<LoadedServerConfig> second = LoadServerConfig(path, Environment());
  ASSERT_TRUE(second.ok()) << second.status().ToString() << "\n" << first->Describe();
  for (const Setting& s : ServerSettings()) {
    EXPECT_EQ(s.format(second->config), s.format(first->config)) << s.key;
    EXPECT_EQ(second->OriginOf(s.key).source, SettingSource::kFile);
  }
  EXPECT_EQ(second->config.tls_cert, cert);
  EXPECT_EQ(second->config.data_dir, "null");
}

TEST(ConfigLoaderTest, UnknownKeyNamesTheLineAndSuggests) {
  TestTempDir dir;
  std::string path = dir.Write("vigil.yaml", "data: /d\n\nlistne: 127.0.0.1:80\n");
  EXPECT_EQ(LoadError(path, Environment()),
            path + ":3: unknown setting 'listne' (did you mean 'listen'?)");
  path = dir.Write("b.yaml", "tls:\n  cert: /x\n");
  EXPECT_EQ(LoadError(path, Environment()),
            path + ":1: unknown setting 'tls' (did you mean 'tls_cert'?)");
  path = dir.Write("c.yaml", "colour: blue\n");
  EXPECT_EQ(LoadError(path, Environment()), path + ":1: unknown setting 'colour'");
}

TEST(ConfigLoaderTest, BadValuesNameSourceLineAndSetting) {
  TestTempDir dir;
  std::string path = dir.Write("vigil.yaml", "listen: 127.0.0.1:80\nidle_timeout: 30\n");
  EXPECT_EQ(LoadError(path, Environment()),
            path +
                ":2: idle_timeout: bad duration '30' (expected a number with a unit: ms, s, "
                "m, h, d, e.g. 30s, 500ms, 2m, 1m30s or 90d)");

  path = dir.Write("size.yaml", "max_body: 16 megs\n");
  EXPECT_NE(LoadError(path, Environment()).find(path + ":1: max_body: bad size '16 megs'"),
            std::string::npos);

  EXPECT_EQ(LoadError(std::nullopt, Env({{"VIGIL_MAX_DECODED_BODY", "big"}})),
            "VIGIL_MAX_DECODED_BODY: bad size 'big' (expected bytes or a number with a unit: "
            "KiB, MiB, GiB, e.g. 16MiB)");

  ConfigOverrides flags;
  flags.Set("listen", "::1:80");
  EXPECT_NE(LoadError(std::nullopt, Environment(), flags)
                .find("--listen: bad listen address '::1:80': an IPv6 address needs brackets"),
            std::string::npos);

  ConfigOverrides demo;
  demo.Set("demo", "sometimes");
  EXPECT_EQ(LoadError(std::nullopt, Environment(), demo),
            "--demo: bad boolean 'sometimes' (expected true or false)");
}

TEST(ConfigLoaderTest, WrongYamlTypesNameTheLine) {
  TestTempDir dir;
  std::string path = dir.Write("vigil.yaml", "data: /d\nmax_connections:\n  - 1\n  - 2\n");
  EXPECT_EQ(LoadError(path, Environment()),
            path + ":3: max_connections: expected a single value (N), got a list");
  path = dir.Write("map.yaml", "demo: {on: true}\n");
  EXPECT_EQ(LoadError(path, Environment()),
            path + ":1: demo: expected a single value (BOOL), got a mapping");
  path = dir.Write("list.yaml", "- listen\n- data\n");
  EXPECT_EQ(LoadError(path, Environment()),
            path + ":1: expected settings as 'key: value' lines, got a list");
  path = dir.Write("count.yaml", "max_connections: many\n");
  EXPECT_EQ(LoadError(path, Environment()),
            path + ":1: max_connections: bad number 'many' (expected a whole number)");
}

TEST(ConfigLoaderTest, UnquotedIpv6ListenGetsAHint) {
  TestTempDir dir;
  std::string path = dir.Write("vigil.yaml", "listen: [::1]\n");
  std::string error = LoadError(path, Environment());
  EXPECT_NE(error.find(path + ":1: listen: expected a single value"), std::string::npos) << error;
  EXPECT_NE(error.find("quote an IPv6 address"), std::string::npos) << error;

  path = dir.Write("port.yaml", "data: d\nlisten: [::1]:8080\n");
  error = LoadError(path, Environment());
  EXPECT_EQ(error.rfind(path + ":2:", 0), 0u) << error;
  EXPECT_NE(error.find("YAML syntax error"), std::string::npos) << error;
  EXPECT_NE(error.find("(quote an IPv6 address: listen: \"[::1]:8080\")"), std::string::npos)
      << error;
  path = dir.Write("quoted.yaml", "listen: \"[::1]:8080\"\n");
  Result<LoadedServerConfig> quoted = LoadServerConfig(path, Environment());
  ASSERT_TRUE(quoted.ok()) << quoted.status().ToString();
  EXPECT_EQ(quoted->config.listen.host, "::1");
}

TEST(ConfigLoaderTest, DuplicateKeysAreErrors) {
  TestTempDir dir;
  std::string path = dir.Write("vigil.yaml", "listen: 127.0.0.1:1\ndata: d\nlisten: 127.0.0.1:2\n");
  EXPECT_EQ(LoadError(path, Environment()), path + ":3: 'listen' is set twice (first on line 1)");
}

TEST(ConfigLoaderTest, YamlSyntaxErrorNamesLineAndColumn) {
  TestTempDir dir;
  std::string path = dir.Write("vigil.yaml", "listen: 127.0.0.1:80\ndata: a: b\n");
  std::string error = LoadError(path, Environment());
  EXPECT_EQ(error.rfind(path + ":2:", 0), 0u) << error;
  EXPECT_NE(error.find("YAML syntax error"), std::string::npos) << error;

  path = dir.Write("indent.yaml", "listen: 127.0.0.1:80\n  data: x\n");
  error = LoadError(path, Environment());
  EXPECT_EQ(error.rfind(path + ":2:", 0), 0u) << error;
}

TEST(ConfigLoaderTest, EmptyFileAndNullValues) {
  TestTempDir dir;
  std::string path = dir.Write("empty.yaml", "# nothing set yet\n");
  Result<LoadedServerConfig> empty = LoadServerConfig(path, Environment());
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty->config.listen.port, 8080);

  path = dir.Write("null.yaml", "tls_cert:\ntls_key: ~\n");
  Result<LoadedServerConfig> nulls = LoadServerConfig(path, Environment());
  ASSERT_TRUE(nulls.ok()) << nulls.status().ToString();
  EXPECT_TRUE(nulls->config.tls_cert.empty());

  path = dir.Write("nullsize.yaml", "max_body:\n");
  std::string error = LoadError(path, Environment());
  EXPECT_EQ(error, path + ":1: max_body: no value (expected SIZE)");
}

TEST(ConfigLoaderTest, TlsHalfSetAcrossSourcesAndMissingFiles) {
  TestTempDir dir;
  std::string cert = dir.Write("cert.pem", "c");
  std::string key = dir.Write("key.pem", "k");
  std::string path = dir.Write("vigil.yaml", "tls_cert: " + cert + "\n");
  EXPECT_EQ(LoadError(path, Environment()),
            "tls_cert is set ('" + cert +
                "') but tls_key is not: set both for HTTPS, or neither for plain HTTP");
  Result<LoadedServerConfig> both = LoadServerConfig(path, Env({{"VIGIL_TLS_KEY", key}}));
  ASSERT_TRUE(both.ok()) << both.status().ToString();
  EXPECT_EQ(both->config.tls_key, key);

  EXPECT_EQ(LoadError(path, Env({{"VIGIL_TLS_KEY", dir.path() + "/gone.pem"}})),
            "tls_key: no such file '" + dir.path() + "/gone.pem'");
  ConfigOverrides flags;
  flags.Set("tls_cert", dir.path() + "/nope.pem");
  EXPECT_EQ(LoadError(path, Env({{"VIGIL_TLS_KEY", key}}), flags),
            "tls_cert: no such file '" + dir.path() + "/nope.pem'");
}

TEST(ConfigLoaderTest, MissingConfigFileIsNotFound) {
  TestTempDir dir;
  Result<LoadedServerConfig> r = LoadServerConfig(dir.path() + "/absent.yaml", Environment());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_EQ(r.status().message(), "config file '" + dir.path() + "/absent.yaml': no such file");
}

TEST(ConfigLoaderTest, MisspeltVariablesAreWarnedAbout) {
  Result<LoadedServerConfig> r = LoadServerConfig(
      std::nullopt, Env({{"VIGIL_LISTNE", "x"}, {"VIGIL_TEST_TMPDIR", "/tmp"}, {"PATH", "/bin"}}));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0],
            "environment variable VIGIL_LISTNE is not a setting (did you mean VIGIL_LISTEN?)");
}

TEST(ConfigLoaderTest, UnknownOverrideKeyIsAnError) {
  ConfigOverrides flags;
  flags.Set("no_such_setting", "1");
  EXPECT_EQ(LoadError(std::nullopt, Environment(), flags), "unknown setting 'no_such_setting'");
}

}  // namespace
}  // namespace vigil::config
