// ServerContext: what every connection of one HttpServer shares. Internal to
// net/. Owned by HttpServer, which outlives every connection thread.
#pragma once

#include <atomic>
#include <cstdint>

#include "net/http_types.h"
#include "net/server_options.h"
#include "net/server_stats.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace vigil::net {

struct ServerContext {
  ServerContext(const ServerOptions& opts, HttpHandler* h, boost::asio::ssl::context* tls_context)
      : options(opts), handler(h), tls(tls_context) {}

  const ServerOptions options;
  HttpHandler* const handler;
  boost::asio::ssl::context* const tls;  // null: plain HTTP

  // Set once by HttpServer::Shutdown; never cleared.
  std::atomic<bool> stopping{false};

  // Counters (see ServerStats); relaxed increments.
  std::atomic<uint64_t> open_connections{0};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> rejected{0};
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> errors{0};
  std::atomic<uint64_t> timeouts{0};

  ServerStats Stats() const {
    ServerStats s;
    s.open_connections = open_connections.load(std::memory_order_relaxed);
    s.accepted = accepted.load(std::memory_order_relaxed);
    s.rejected = rejected.load(std::memory_order_relaxed);
    s.requests = requests.load(std::memory_order_relaxed);
    s.errors = errors.load(std::memory_order_relaxed);
    s.timeouts = timeouts.load(std::memory_order_relaxed);
    return s;
  }
};

inline void Increment(std::atomic<uint64_t>& counter) {
  counter.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace vigil::net
