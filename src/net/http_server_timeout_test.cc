// HttpServer: deadlines on slow and idle clients.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "net/http_server.h"
#include "net/server_test_fixture.h"

namespace vigil::net {
namespace {

TEST_F(ServerTest, SlowlorisHeadIsCutAtHeaderTimeout) {
  ServerOptions options = FastOptions();
  options.header_timeout = Ms(300);
  Start([](const HttpRequest&) { return TextResponse("no"); }, options);
  HttpTestClient client(port());
  const auto start = Clock::now();
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\n"));
  // One header line every 50 ms: each read makes progress, the whole head never completes.
  std::atomic<bool> stop{false};
  std::thread dribble([&] {
    for (int i = 0; i < 40 && !stop; ++i) {
      if (!client.Send("X-Slow-" + std::to_string(i) + ": x\r\n")) return;
      std::this_thread::sleep_for(Ms(50));
    }
  });
  auto response = client.ReadResponse(Ms(3000));
  const int64_t elapsed = MsSince(start);
  stop = true;
  dribble.join();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
  EXPECT_NE(response->body.find("\"code\":\"request_timeout\""), std::string::npos);
  EXPECT_GE(elapsed, 250);
  EXPECT_LT(elapsed, 1000);
  EXPECT_TRUE(client.WaitClosed(Ms(1000)));
  EXPECT_EQ(handler_.calls.load(), 0);
  EXPECT_TRUE(Eventually([&] { return server_->stats().timeouts == 1; }));
}

TEST_F(ServerTest, SilentNewConnectionIsClosedAtHeaderTimeout) {
  ServerOptions options = FastOptions();
  options.header_timeout = Ms(200);
  Start([](const HttpRequest&) { return TextResponse("no"); }, options);
  HttpTestClient client(port());
  const auto start = Clock::now();
  EXPECT_TRUE(client.WaitClosed(Ms(2000)));
  EXPECT_GE(MsSince(start), 150);
  EXPECT_TRUE(client.received().empty());  // nothing was asked, nothing is answered
}

TEST_F(ServerTest, SlowBodyIsCutAtBodyTimeout) {
  ServerOptions options = FastOptions();
  options.body_timeout = Ms(300);
  Start([](const HttpRequest&) { return TextResponse("no"); }, options);
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc"));
  const auto start = Clock::now();
  auto response = client.ReadResponse(Ms(3000));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
  EXPECT_NE(response->body.find("request body not received within 300 ms"), std::string::npos);
  EXPECT_LT(MsSince(start), 1000);
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  ServerOptions options = FastOptions();
  options.idle_timeout = Ms(250);
  Start([](const HttpRequest&) { return TextResponse("ok"); }, options);
  HttpTestClient client(port());
  ASSERT_TRUE(client.Get("/"));
  // Activity keeps it open…
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(Ms(100));
    ASSERT_TRUE(client.Get("/")) << i;
  }
  // …silence closes it, without a response.
  const auto start = Clock::now();
  EXPECT_TRUE(client.WaitClosed(Ms(2000)));
  const int64_t elapsed = MsSince(start);
  EXPECT_GE(elapsed, 200);
  EXPECT_LT(elapsed, 1000);
  EXPECT_TRUE(client.received().empty());
  EXPECT_TRUE(Eventually([&] { return server_->stats().open_connections == 0; }));
  EXPECT_EQ(server_->stats().timeouts, 0u);  // an idle close is not a timeout
}

TEST_F(ServerTest, WriteToAClientThatDoesNotReadFailsAfterWriteTimeout) {
  ServerOptions options = FastOptions();
  options.write_timeout = Ms(300);
  std::atomic<bool> done{false};
  std::atomic<int64_t> blocked_ms{0};
  Status failure;
  Start(
      [&](const HttpRequest&) {
        HttpResponse response;
        response.stream = [&](BodyWriter& writer) {
          const std::string chunk(64 * 1024, 'z');
          for (int i = 0; i < 4096; ++i) {  // at most 256 MiB
            const auto start = Clock::now();
            Status status = writer.Write(chunk);
            if (!status.ok()) {
              blocked_ms = MsSince(start);
              failure = status;
              break;
            }
          }
          Status result = failure;
          done = true;  // the test reads `failure` from here on
          return result;
        };
        return response;
      },
      options);
  HttpTestClient client(port(), nullptr, /*receive_buffer=*/4096);
  ASSERT_TRUE(client.Send("GET /export HTTP/1.1\r\nHost: t\r\n\r\n"));
  // Never read.
  ASSERT_TRUE(Eventually([&] { return done.load(); }, Ms(5000)));
  EXPECT_TRUE(failure.IsIOError()) << failure.ToString();
  EXPECT_NE(failure.message().find("not reading"), std::string::npos) << failure.ToString();
  EXPECT_GE(blocked_ms.load(), 250);
  EXPECT_LT(blocked_ms.load(), 1500);
  EXPECT_TRUE(Eventually([&] { return server_->stats().timeouts == 1; }));
}

}  // namespace
}  // namespace vigil::net
