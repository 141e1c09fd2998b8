// HttpServer: streamed responses (chunked transfer encoding).
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>

#include "net/http_server.h"
#include "net/server_test_fixture.h"

namespace vigil::net {
namespace {

TEST_F(ServerTest, StreamedChunksReachTheClientBeforeTheHandlerFinishes) {
  std::promise<void> first_seen;
  std::shared_future<void> first_seen_future = first_seen.get_future().share();
  Start([&](const HttpRequest&) {
    HttpResponse response;
    response.headers.Add("Content-Type", "text/event-stream");
    response.stream = [first_seen_future](BodyWriter& writer) -> Status {
      RETURN_IF_ERROR(writer.Write("data: one\n\n"));
      // The test releases us only once the client has received chunk one.
      if (first_seen_future.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
        return Status::Internal("first chunk never arrived");
      }
      RETURN_IF_ERROR(writer.Write(""));  // writes nothing, ends nothing
      return writer.Write("data: two\n\n");
    };
    return response;
  });
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("GET /v1/stream HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(client.ReadUntil("data: one\n\n"));
  EXPECT_NE(client.received().find("Transfer-Encoding: chunked"), std::string::npos);
  EXPECT_NE(client.received().find("Content-Type: text/event-stream"), std::string::npos);
  EXPECT_EQ(client.received().find("data: two"), std::string::npos);
  first_seen.set_value();
  ASSERT_TRUE(client.ReadUntil("0\r\n\r\n"));
  EXPECT_NE(client.received().find("b\r\ndata: two\n\n\r\n0\r\n\r\n"), std::string::npos);
}

TEST_F(ServerTest, StreamedResponseKeepsTheConnectionAlive) {
  Start([](const HttpRequest& request) {
    if (request.path == "/plain") return TextResponse("after");
    HttpResponse response;
    response.stream = [](BodyWriter& writer) -> Status {
      for (int i = 0; i < 3; ++i) RETURN_IF_ERROR(writer.Write("part" + std::to_string(i) + ";"));
      return Status::Ok();
    };
    return response;
  });
  HttpTestClient client(port());
  auto streamed = client.Get("/stream");
  ASSERT_TRUE(streamed);
  EXPECT_EQ(streamed->body, "part0;part1;part2;");
  EXPECT_EQ(streamed->Header("Transfer-Encoding"), "chunked");
  auto plain = client.Get("/plain");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, "after");
}

TEST_F(ServerTest, ClientDisconnectMakesWriteFailPromptly) {
  std::atomic<bool> failed{false};
  std::atomic<Clock::time_point::rep> failed_at{0};
  Start([&](const HttpRequest&) {
    HttpResponse response;
    response.stream = [&](BodyWriter& writer) -> Status {
      for (int i = 0; i < 1000; ++i) {  // 10 s at most
        Status status = writer.Write("tick\n");
        if (!status.ok()) {
          failed_at = Clock::now().time_since_epoch().count();
          failed = true;
          return status;
        }
        std::this_thread::sleep_for(Ms(10));
      }
      return Status::Ok();
    };
    return response;
  });
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("GET /v1/stream HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(client.ReadUntil("tick\n"));
  const auto closed_at = Clock::now();
  client.Close();
  ASSERT_TRUE(Eventually([&] { return failed.load(); }, Ms(2000)));
  const auto latency = Clock::time_point(Clock::duration(failed_at.load())) - closed_at;
  EXPECT_LT(std::chrono::duration_cast<Ms>(latency).count(), 200);
  EXPECT_TRUE(Eventually([&] { return server_->stats().open_connections == 0; }));
}

TEST_F(ServerTest, FailedStreamEndsWithoutTheLastChunk) {
  Start([](const HttpRequest&) {
    HttpResponse response;
    response.stream = [](BodyWriter& writer) -> Status {
      RETURN_IF_ERROR(writer.Write("partial"));
      return Status::IOError("storage failed mid-export");
    };
    return response;
  });
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("GET /v1/export HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(client.ReadUntil("partial"));
  EXPECT_TRUE(client.WaitClosed(Ms(2000)));
  EXPECT_EQ(client.received().find("0\r\n\r\n"), std::string::npos);
}

TEST_F(ServerTest, Http10StreamEndsWithTheConnection) {
  Start([](const HttpRequest&) {
    HttpResponse response;
    response.stream = [](BodyWriter& writer) -> Status {
      RETURN_IF_ERROR(writer.Write("one,"));
      return writer.Write("two");
    };
    return response;
  });
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("GET / HTTP/1.0\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "one,two");
  EXPECT_EQ(response->Header("Transfer-Encoding"), "");
}

TEST_F(ServerTest, HeadDoesNotRunTheStream) {
  std::atomic<int> runs{0};
  Start([&](const HttpRequest&) {
    HttpResponse response;
    response.stream = [&](BodyWriter& writer) {
      ++runs;
      return writer.Write("body");
    };
    return response;
  });
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("HEAD /v1/export HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head = client.ReadResponse(Ms(5000), /*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  auto get = client.Get("/v1/export");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body, "body");
  EXPECT_EQ(runs.load(), 1);
}

}  // namespace
}  // namespace vigil::net
