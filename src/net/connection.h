// Connection: one accepted client connection, served on its own thread with
// blocking I/O (see README.md for why). Internal to net/.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <string>

#include "net/connection_watch.h"
#include "net/server_context.h"

namespace vigil::net {

class Connection {
 public:
  // `server` outlives the connection.
  Connection(ServerContext& server, boost::asio::ip::tcp::socket socket);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Serves requests until the connection ends, then closes the socket. Runs
  // on the connection's thread; returns only after the socket is closed.
  void Run();

  // Thread-safe: used by the watchdog and by Shutdown while Run runs.
  ConnectionWatch& watch() { return watch_; }

  const std::string& remote_address() const { return remote_address_; }

  // Discards input until the client closes its side or a short linger time
  // passes. Called before closing a connection whose client may still be
  // sending (an unread body after a 413, a pipelined request): closing with
  // unread input resets the connection, and the client could lose the
  // response it has not read yet. The send side must already be shut down.
  void DiscardInput(boost::asio::ip::tcp::socket& socket);

 private:
  void ServePlain();
  void ServeTls();
  // On the HTTPS port, a first byte that is an ASCII letter starts a plain
  // HTTP request: it is answered 400 in plain text. Returns true if so.
  bool RefusePlainHttp();
  void Close(boost::asio::ip::tcp::socket& socket);

  ServerContext& server_;
  boost::asio::ip::tcp::socket socket_;  // moved into the TLS stream by ServeTls
  std::string remote_address_;
  ConnectionWatch watch_;
  const ConnectionWatch::Clock::time_point accepted_at_;
};

}  // namespace vigil::net
