// HttpServer: size limits and the connection limit.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "net/http_server.h"
#include "net/server_test_fixture.h"

namespace vigil::net {
namespace {

ServerOptions SmallLimits() {
  ServerOptions options = ServerTest::FastOptions();
  options.max_body_bytes = 1000;
  options.max_header_bytes = 1024;
  return options;
}

TEST_F(ServerTest, ContentLengthOverLimitIs413WithoutCallingTheHandler) {
  Start([](const HttpRequest&) { return TextResponse("no"); }, SmallLimits());
  HttpTestClient client(port());
  // The client starts sending its body without waiting; the server answers
  // after the head and reads the rest away before closing.
  ASSERT_TRUE(client.Send("POST /events HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" +
                          std::string(2000, 'x')));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("Content-Type"), "application/json");
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_EQ(response->body,
            "{\"error\":{\"status\":413,\"code\":\"payload_too_large\","
            "\"message\":\"request body is larger than 1000 bytes\"}}");
  EXPECT_TRUE(client.WaitClosed(Ms(3000)));
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(ServerTest, ExpectContinueOverLimitGets413InsteadOfContinue) {
  Start([](const HttpRequest&) { return TextResponse("no"); }, SmallLimits());
  HttpTestClient client(port());
  ASSERT_TRUE(
      client.Send("POST /events HTTP/1.1\r\nHost: t\r\nContent-Length: 16777217\r\n"
                  "Expect: 100-continue\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413WhileReading) {
  Start([](const HttpRequest&) { return TextResponse("no"); }, SmallLimits());
  HttpTestClient client(port());
  std::string request = "POST /events HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) request += "12c\r\n" + std::string(300, 'y') + "\r\n";  // 1500 bytes
  request += "0\r\n\r\n";
  ASSERT_TRUE(client.Send(request));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_NE(response->body.find("payload_too_large"), std::string::npos);
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(ServerTest, BodyAtTheLimitIsAccepted) {
  Start(
      [](const HttpRequest& request) { return TextResponse(std::to_string(request.body.size())); },
      SmallLimits());
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("POST /events HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" +
                          std::string(1000, 'x')));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "1000");
}

TEST_F(ServerTest, HugeHeadersAre431) {
  Start([](const HttpRequest&) { return TextResponse("no"); }, SmallLimits());
  HttpTestClient client(port());
  ASSERT_TRUE(
      client.Send("GET / HTTP/1.1\r\nHost: t\r\nCookie: " + std::string(4000, 'c') + "\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_EQ(response->body,
            "{\"error\":{\"status\":431,\"code\":\"headers_too_large\","
            "\"message\":\"request head is larger than 1024 bytes\"}}");
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(ServerTest, ConnectionsBeyondTheLimitGet503) {
  ServerOptions options = FastOptions();
  options.max_connections = 2;
  Start([](const HttpRequest&) { return TextResponse("ok"); }, options);

  HttpTestClient first(port());
  HttpTestClient second(port());
  ASSERT_TRUE(first.Get("/"));
  ASSERT_TRUE(second.Get("/"));

  // The request arrives before the server looks at the socket…
  HttpTestClient third(port());
  ASSERT_TRUE(third.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto rejected = third.ReadResponse();
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status, 503);
  EXPECT_EQ(rejected->Header("Retry-After"), "1");
  EXPECT_EQ(rejected->Header("Connection"), "close");
  EXPECT_NE(rejected->body.find("\"code\":\"unavailable\""), std::string::npos);
  EXPECT_TRUE(third.WaitClosed(Ms(2000)));

  // …or after the server has answered and closed: the reply is still read.
  HttpTestClient fourth(port());
  ASSERT_TRUE(Eventually([&] { return server_->stats().rejected == 2; }));
  fourth.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  auto late = fourth.ReadResponse();
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 503);

  // A freed slot is usable again.
  first.Close();
  ASSERT_TRUE(Eventually([&] { return server_->stats().open_connections == 1; }));
  HttpTestClient fifth(port());
  auto ok = fifth.Get("/");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(server_->stats().rejected, 2u);
  EXPECT_EQ(handler_.calls.load(), 3);
}

}  // namespace
}  // namespace vigil::net
