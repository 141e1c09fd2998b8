// HttpServer: the HTTP/1.1 server in front of the /v1 API — sockets, TLS,
// framing, limits, deadlines, keep-alive and graceful shutdown. The API
// layer supplies an HttpHandler and never sees a socket.
//
// Concurrency: one thread per connection (at most max_connections), blocking
// I/O, the handler called on that thread; a watchdog thread enforces the
// deadlines of ServerOptions. See README.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

#include "core/status.h"
#include "net/http_types.h"
#include "net/server_options.h"
#include "net/server_stats.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace vigil::net {

class ConnectionSet;
class Listener;
struct ServerContext;

class HttpServer {
 public:
  // Binds and listens on options.host:options.port and starts serving on
  // background threads before it returns. `handler` must stay valid until
  // Shutdown has returned (or the server is destroyed).
  // Errors: InvalidArgument for bad options (a TLS file that cannot be
  // loaded is named), IOError when the address cannot be bound — the message
  // names host:port, e.g. `listen on 127.0.0.1:8080: Address already in use`.
  static Result<std::unique_ptr<HttpServer>> Start(const ServerOptions& options,
                                                   HttpHandler* handler);

  // Shutdown(0 ms) unless Shutdown has run.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (the one picked when options.port was 0).
  uint16_t port() const { return port_; }

  // Two-phase shutdown:
  //  1. at once: stops accepting (new connections are refused), closes
  //     connections waiting for a request, and makes BodyWriter::Stopping()
  //     true; requests already being read are answered 503, requests being
  //     handled finish normally, with Connection: close;
  //  2. after `drain`: shuts down the sockets of the connections still open,
  //     so that their reads and writes fail (a streamed response's Write
  //     returns Unavailable).
  // Returns when every connection thread has ended — a handler blocked in
  // something other than socket I/O is waited for. Idempotent; thread-safe;
  // must not be called from a handler.
  void Shutdown(std::chrono::milliseconds drain);

  // Thread-safe; counters read without a lock (each is exact, the set is not
  // one snapshot).
  ServerStats stats() const;

 private:
  HttpServer(std::unique_ptr<boost::asio::ssl::context> tls, std::unique_ptr<ServerContext> context,
             std::unique_ptr<Listener> listener);

  // Destroyed in reverse order: connections before the listener (whose I/O
  // context their sockets belong to), the context and TLS context last.
  std::unique_ptr<boost::asio::ssl::context> tls_;
  std::unique_ptr<ServerContext> context_;
  std::unique_ptr<Listener> listener_;
  std::unique_ptr<ConnectionSet> connections_;
  uint16_t port_;

  std::mutex shutdown_mu_;  // serializes Shutdown
  bool shut_down_ = false;  // GUARDED_BY(shutdown_mu_)
};

}  // namespace vigil::net
