// ConnectionSet: the connections an HttpServer serves — one thread each — and
// the watchdog thread that enforces their deadlines. Internal to net/.
//
// Threads: Admit is called by the accept thread; the other methods by
// HttpServer (Shutdown); connection threads report their end through mu_.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "net/connection.h"
#include "net/server_context.h"

namespace vigil::net {

class ConnectionSet {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts the watchdog. `server` outlives the set.
  explicit ConnectionSet(ServerContext& server);
  // Force-closes what is left, waits for every connection thread, and stops
  // the watchdog.
  ~ConnectionSet();
  ConnectionSet(const ConnectionSet&) = delete;
  ConnectionSet& operator=(const ConnectionSet&) = delete;

  // Serves `socket` on a new thread; or, when max_connections are open or
  // the server is stopping, answers 503 (plain HTTP; over TLS it just
  // closes) without a thread. Never throws.
  void Admit(boost::asio::ip::tcp::socket socket);

  // Closes the connections that wait for a request (keep-alive, or new ones
  // that have sent nothing yet).
  void CloseIdle();
  // Shuts down the socket of every open connection: blocked reads and writes
  // fail, so each thread ends once its handler returns.
  void ForceCloseAll();
  // Waits until no connection is open, or until `deadline`. Returns true if
  // none is open.
  bool WaitUntilEmpty(Clock::time_point deadline);
  // Joins the threads of the connections that have ended (the watchdog also
  // does so as it goes).
  void JoinEnded();

 private:
  struct Slot {
    std::unique_ptr<Connection> connection;
    std::thread thread;
    bool finished = false;  // GUARDED_BY(mu_); the thread is about to exit
  };

  void Serve(Slot* slot);
  void Reject(boost::asio::ip::tcp::socket& socket);
  void RunWatchdog();

  ServerContext& server_;
  const std::chrono::milliseconds tick_;  // how often the watchdog looks
  const std::string over_limit_reply_;
  const std::string stopping_reply_;

  std::mutex mu_;
  std::condition_variable connection_ended_;
  std::condition_variable watchdog_wake_;
  // All fields below are GUARDED_BY(mu_).
  std::list<Slot> slots_;
  bool watchdog_stop_ = false;

  std::thread watchdog_;
};

}  // namespace vigil::net
