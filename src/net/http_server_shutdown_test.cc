// HttpServer: two-phase shutdown.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>

#include "net/http_server.h"
#include "net/server_test_fixture.h"

namespace vigil::net {
namespace {

TEST_F(ServerTest, ShutdownLetsAnInFlightRequestFinishAndRefusesNewConnections) {
  std::promise<void> entered;
  Start([&](const HttpRequest& request) {
    if (request.path == "/slow") {
      entered.set_value();
      std::this_thread::sleep_for(Ms(400));
    }
    return TextResponse("done " + request.path);
  });
  HttpTestClient idle(port());
  ASSERT_TRUE(idle.Get("/quick"));  // now waiting for its next request

  HttpTestClient busy(port());
  ASSERT_TRUE(busy.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_EQ(entered.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);

  const auto start = Clock::now();
  std::thread shutdown([&] { server_->Shutdown(Ms(5000)); });

  // The idle keep-alive connection is closed at once…
  EXPECT_TRUE(idle.WaitClosed(Ms(1000)));
  // …new connections are refused…
  EXPECT_TRUE(Eventually([&] { return !HttpTestClient(port()).connected(); }, Ms(1000)));
  // …and the request being handled completes, told to close.
  auto response = busy.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "done /slow");
  EXPECT_EQ(response->Header("Connection"), "close");
  shutdown.join();
  EXPECT_LT(MsSince(start), 2000);  // returned once drained, not after the whole 5 s
  EXPECT_EQ(server_->stats().open_connections, 0u);
}

TEST_F(ServerTest, StreamSeesStoppingAndEndsCleanly) {
  std::promise<void> streaming;
  Start([&](const HttpRequest&) {
    HttpResponse response;
    response.stream = [&](BodyWriter& writer) -> Status {
      streaming.set_value();
      while (!writer.Stopping()) {
        RETURN_IF_ERROR(writer.Write("tick\n"));
        std::this_thread::sleep_for(Ms(10));
      }
      return writer.Write("bye\n");
    };
    return response;
  });
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("GET /v1/stream HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_EQ(streaming.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  const auto start = Clock::now();
  server_->Shutdown(Ms(5000));
  EXPECT_LT(MsSince(start), 1000);
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body.substr(response->body.size() - 4), "bye\n");
  EXPECT_TRUE(client.WaitClosed(Ms(1000)));
}

TEST_F(ServerTest, StreamIgnoringStoppingIsCutAfterTheDrainPeriod) {
  std::promise<void> streaming;
  Status failure;
  Start([&](const HttpRequest&) {
    HttpResponse response;
    response.stream = [&](BodyWriter& writer) -> Status {
      streaming.set_value();
      for (;;) {
        Status status = writer.Write("tick\n");
        if (!status.ok()) {
          failure = status;
          return status;
        }
        std::this_thread::sleep_for(Ms(10));
      }
    };
    return response;
  });
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("GET /v1/stream HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_EQ(streaming.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  const auto start = Clock::now();
  server_->Shutdown(Ms(200));
  const int64_t elapsed = MsSince(start);
  EXPECT_GE(elapsed, 190);
  EXPECT_LT(elapsed, 1000);
  EXPECT_EQ(failure.code(), StatusCode::kUnavailable) << failure.ToString();
}

TEST_F(ServerTest, RequestArrivingDuringShutdownGets503) {
  std::promise<void> entered;
  Start([&](const HttpRequest& request) {
    if (request.path == "/slow") {
      entered.set_value();
      std::this_thread::sleep_for(Ms(300));
    }
    return TextResponse("ok");
  });
  HttpTestClient busy(port());
  ASSERT_TRUE(busy.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"));
  // Connected, but its request comes only once shutdown has begun.
  HttpTestClient late(port());
  ASSERT_TRUE(Eventually([&] { return server_->stats().open_connections == 2; }));
  ASSERT_TRUE(late.Send("GET /x HTTP/1.1\r\nHost: t\r\nX-Pad: "));
  std::this_thread::sleep_for(Ms(50));  // read by the server: no longer idle
  ASSERT_EQ(entered.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  std::thread shutdown([&] { server_->Shutdown(Ms(3000)); });
  std::this_thread::sleep_for(Ms(50));
  ASSERT_TRUE(late.Send("1\r\n\r\n"));
  auto response = late.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->Header("Retry-After"), "1");
  auto finished = busy.ReadResponse();
  ASSERT_TRUE(finished);
  EXPECT_EQ(finished->status, 200);
  shutdown.join();
}

}  // namespace
}  // namespace vigil::net
