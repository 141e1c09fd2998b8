// Listener: the listening socket of an HttpServer and the thread that accepts
// on it. Internal to net/.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "core/status.h"

namespace vigil::net {

class Listener {
 public:
  // Receives each accepted socket, on the accept thread.
  using AcceptFn = std::function<void(boost::asio::ip::tcp::socket)>;

  // Binds and listens. `host` is an address literal or a name (the first
  // address it resolves to is used); port 0 picks a free port. Errors name
  // host:port: `listen on 127.0.0.1:8080: Address already in use`.
  static Result<std::unique_ptr<Listener>> Open(const std::string& host, uint16_t port);

  // Stops accepting (Close) first. Sockets handed out were created on this
  // listener's I/O context, so the listener must outlive them.
  ~Listener();  // NOLINT(bugprone-exception-escape): see listener.cc
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // The bound port.
  uint16_t port() const { return port_; }

  // Starts the accept thread. Call once.
  void Start(AcceptFn on_accept);

  // Closes the listening socket (new connections are refused) and returns
  // once the accept thread has ended. Idempotent; not concurrently.
  void Close();

 private:
  Listener();
  void AcceptNext();
  void OnAccepted(const boost::system::error_code& ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;  // after accept fails for lack of descriptors
  uint16_t port_ = 0;
  AcceptFn on_accept_;
  std::thread thread_;
  bool closed_ = false;
};

}  // namespace vigil::net
