// HttpServer over TLS.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "net/http_server.h"
#include "net/self_signed_cert.h"
#include "net/server_test_fixture.h"

namespace vigil::net {
namespace {

class TlsServerTest : public ServerTest {
 protected:
  void StartTls(ServerOptions options = FastOptions()) {
    ASSERT_TRUE(cert_.ok());
    options.tls_cert_file = cert_.cert_file();
    options.tls_key_file = cert_.key_file();
    Start(
        [](const HttpRequest& request) {
          if (request.path == "/stream") {
            HttpResponse response;
            response.stream = [](BodyWriter& writer) -> Status {
              RETURN_IF_ERROR(writer.Write("chunk1,"));
              return writer.Write("chunk2");
            };
            return response;
          }
          return TextResponse(std::string(request.tls ? "tls " : "plain ") + request.path + " " +
                              request.body);
        },
        options);
  }

  SelfSignedCert cert_;
};

TEST_F(TlsServerTest, RoundTripWithKeepAliveAndStreaming) {
  StartTls();
  HttpTestClient client(port(), cert_.client_context());
  ASSERT_TRUE(client.connected());
  EXPECT_GE(SSL_version(client.ssl()), TLS1_2_VERSION);
  auto first = client.Get("/hello");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "tls /hello ");
  ASSERT_TRUE(client.Send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody"));
  auto second = client.ReadResponse();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "tls /p body");
  auto streamed = client.Get("/stream");
  ASSERT_TRUE(streamed);
  EXPECT_EQ(streamed->body, "chunk1,chunk2");
  EXPECT_EQ(server_->stats().accepted, 1u);
}

TEST_F(TlsServerTest, Tls11IsRefused) {
  StartTls();
  SSL_CTX* old_client = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_security_level(old_client, 0);
  SSL_CTX_set_min_proto_version(old_client, TLS1_VERSION);
  SSL_CTX_set_max_proto_version(old_client, TLS1_1_VERSION);
  SSL_CTX_set_verify(old_client, SSL_VERIFY_NONE, nullptr);
  HttpTestClient client(port(), old_client);
  EXPECT_FALSE(client.connected());
  client.Close();
  SSL_CTX_free(old_client);
}

TEST_F(TlsServerTest, ConnectionCloseSendsCloseNotify) {
  StartTls();
  HttpTestClient client(port(), cert_.client_context());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  ASSERT_TRUE(client.ReadResponse());
  EXPECT_TRUE(client.WaitClosed(Ms(2000)));
}

TEST_F(TlsServerTest, PlainHttpOnTheTlsPortIsRefusedCleanly) {
  StartTls();
  HttpTestClient client(port());  // no TLS
  auto response = client.Get("/hello");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("HTTPS only"), std::string::npos) << response->body;
  EXPECT_TRUE(client.WaitClosed(Ms(2000)));
  EXPECT_EQ(handler_.calls.load(), 0);

  // Garbage that is not HTTP either: the handshake fails and the connection closes.
  HttpTestClient garbage(port());
  ASSERT_TRUE(garbage.Send(std::string("\x16\x03\x01\x00\x05hello", 10)));
  EXPECT_TRUE(garbage.WaitClosed(Ms(2000)));
}

TEST_F(TlsServerTest, StalledHandshakeIsCutAtHeaderTimeout) {
  ServerOptions options = FastOptions();
  options.header_timeout = Ms(200);
  StartTls(options);
  HttpTestClient client(port());  // connects, never says hello
  const auto start = Clock::now();
  EXPECT_TRUE(client.WaitClosed(Ms(2000)));
  EXPECT_LT(MsSince(start), 1000);
  EXPECT_TRUE(Eventually([&] { return server_->stats().timeouts == 1; }));
}

TEST_F(TlsServerTest, BadCertificateOrKeyFileNamesTheFile) {
  ASSERT_TRUE(cert_.ok());
  FunctionHandler handler;
  ServerOptions options = FastOptions();

  options.tls_cert_file = cert_.dir() + "/missing.pem";
  options.tls_key_file = cert_.key_file();
  auto missing = HttpServer::Start(options, &handler);
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.status().IsInvalidArgument());
  EXPECT_NE(missing.status().message().find("tls_cert_file \"" + options.tls_cert_file + "\""),
            std::string::npos)
      << missing.status().ToString();

  const std::string junk = cert_.dir() + "/junk.pem";
  std::ofstream(junk) << "not a key\n";
  options.tls_cert_file = cert_.cert_file();
  options.tls_key_file = junk;
  auto bad_key = HttpServer::Start(options, &handler);
  ASSERT_FALSE(bad_key.ok());
  EXPECT_NE(bad_key.status().message().find("tls_key_file \"" + junk + "\""), std::string::npos)
      << bad_key.status().ToString();

  SelfSignedCert other;
  ASSERT_TRUE(other.ok());
  options.tls_key_file = other.key_file();
  auto mismatch = HttpServer::Start(options, &handler);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.status().message().find("does not match"), std::string::npos)
      << mismatch.status().ToString();
}

}  // namespace
}  // namespace vigil::net
