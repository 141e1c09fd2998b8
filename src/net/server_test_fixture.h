// ServerTest: a GoogleTest fixture that runs an HttpServer on 127.0.0.1 with
// any free port, short timeouts, and a handler given as a function.
// Test-only.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "net/http_server.h"
#include "net/http_test_client.h"
#include "net/http_types.h"

namespace vigil::net {

class FunctionHandler : public HttpHandler {
 public:
  using Fn = std::function<HttpResponse(const HttpRequest&)>;
  void set(Fn fn) { fn_ = std::move(fn); }
  HttpResponse Handle(const HttpRequest& request) override {
    calls.fetch_add(1);
    return fn_(request);
  }
  std::atomic<int> calls{0};

 private:
  Fn fn_;
};

inline HttpResponse TextResponse(std::string body, int status = 200) {
  HttpResponse response;
  response.status = status;
  response.headers.Add("Content-Type", "text/plain");
  response.body = std::move(body);
  return response;
}

class ServerTest : public ::testing::Test {
 public:
  using Ms = std::chrono::milliseconds;
  using Clock = std::chrono::steady_clock;

  // Short enough for a fast test, long enough for a loaded machine.
  static ServerOptions FastOptions() {
    ServerOptions options;
    options.header_timeout = Ms(2000);
    options.body_timeout = Ms(2000);
    options.idle_timeout = Ms(2000);
    options.write_timeout = Ms(2000);
    return options;
  }

 protected:
  void Start(FunctionHandler::Fn fn, const ServerOptions& options = FastOptions()) {
    handler_.set(std::move(fn));
    auto server = HttpServer::Start(options, &handler_);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value();
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(Ms(0));
  }

  uint16_t port() const { return server_->port(); }

  // Polls `condition` until it holds or `timeout` passes.
  static bool Eventually(const std::function<bool()>& condition, Ms timeout = Ms(3000)) {
    const auto deadline = Clock::now() + timeout;
    while (!condition()) {
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(Ms(5));
    }
    return true;
  }

  static int64_t MsSince(Clock::time_point start) {
    return std::chrono::duration_cast<Ms>(Clock::now() - start).count();
  }

  FunctionHandler handler_;
  std::unique_ptr<HttpServer> server_;
};

}  // namespace vigil::net
