#include "config/server_config.h"

#include <gtest/gtest.h>

#include "config/test_temp_dir.h"

namespace vigil::config {
namespace {

using std::chrono::milliseconds;

TEST(ServerConfigTest, DefaultsAreValid) {
  ServerConfig c;
  EXPECT_TRUE(c.Validate().ok()) << c.Validate().ToString();
  EXPECT_EQ(c.listen.ToString(), "127.0.0.1:8080");
  EXPECT_EQ(c.max_body_bytes, 16u << 20);
  EXPECT_EQ(c.max_decoded_body_bytes, 16u << 20);
  EXPECT_EQ(c.max_connections, 512u);
  EXPECT_TRUE(c.self_audit);
  EXPECT_FALSE(c.demo);
  EXPECT_TRUE(c.tls_cert.empty());
}

TEST(ServerConfigTest, TlsNeedsBothFiles) {
  TestTempDir dir;
  ServerConfig c;
  c.tls_cert = dir.Write("cert.pem", "-----BEGIN CERTIFICATE-----\n");
  Status half = c.Validate();
  ASSERT_FALSE(half.ok());
  EXPECT_TRUE(half.IsInvalidArgument());
  EXPECT_EQ(half.message(), "tls_cert is set ('" + c.tls_cert +
                                "') but tls_key is not: set both for HTTPS, or neither for "
                                "plain HTTP");

  ServerConfig k;
  k.tls_key = "/etc/key.pem";
  EXPECT_NE(k.Validate().message().find("tls_key is set ('/etc/key.pem') but tls_cert is not"),
            std::string::npos);

  c.tls_key = dir.Write("key.pem", "-----BEGIN PRIVATE KEY-----\n");
  EXPECT_TRUE(c.Validate().ok()) << c.Validate().ToString();
}

TEST(ServerConfigTest, TlsFilesMustExistAndBeFiles) {
  TestTempDir dir;
  ServerConfig c;
  c.tls_cert = dir.path() + "/missing.pem";
  c.tls_key = dir.Write("key.pem", "k");
  EXPECT_EQ(c.Validate().message(), "tls_cert: no such file '" + c.tls_cert + "'");
  c.tls_cert = dir.path();
  EXPECT_EQ(c.Validate().message(), "tls_cert: '" + dir.path() + "' is not a regular file");
  c.tls_cert = dir.Write("cert.pem", "c");
  c.tls_key = dir.path() + "/nokey.pem";
  EXPECT_EQ(c.Validate().message(), "tls_key: no such file '" + c.tls_key + "'");
}

TEST(ServerConfigTest, LimitsMustBeSensible) {
  auto error = [](auto mutate) {
    ServerConfig c;
    mutate(c);
    return c.Validate().message();
  };
  EXPECT_EQ(error([](ServerConfig& c) { c.max_body_bytes = 0; }),
            "max_body: must be larger than 0 (got 0B)");
  EXPECT_EQ(error([](ServerConfig& c) { c.max_decoded_body_bytes = 8u << 20; }),
            "max_decoded_body: must be at least max_body (16MiB) (got 8MiB)");
  EXPECT_EQ(error([](ServerConfig& c) { c.max_header_bytes = 100; }),
            "max_header: must be at least 1KiB (got 100B)");
  EXPECT_EQ(error([](ServerConfig& c) { c.max_connections = 0; }),
            "max_connections: must be at least 1 (got 0)");
  EXPECT_EQ(error([](ServerConfig& c) { c.idle_timeout = milliseconds(0); }),
            "idle_timeout: must be longer than 0 (got 0s)");
  EXPECT_EQ(error([](ServerConfig& c) { c.data_dir.clear(); }), "data: must not be empty");
}

TEST(ServerConfigTest, LogLevels) {
  EXPECT_EQ(*ParseLogLevel("DEBUG"), LogLevel::kDebug);
  EXPECT_EQ(*ParseLogLevel("warning"), LogLevel::kWarn);
  EXPECT_EQ(LogLevelName(LogLevel::kError), "error");
  EXPECT_EQ(ParseLogLevel("loud").status().message(),
            "bad log level 'loud' (expected debug, info, warn or error)");
}

}  // namespace
}  // namespace vigil::config
