// ConnectionWatch: the deadline of one connection's current blocking step,
// shared between the connection's thread and the server's watchdog.
//
// Connections use blocking (synchronous) socket I/O on their own thread. The
// thread announces each step with Enter(phase, deadline) before it blocks;
// the watchdog calls ExpireIfOverdue periodically and, once a deadline has
// passed, shuts the socket down (shutdown(2), never close(2), so the file
// descriptor cannot be reused under the blocked call). The blocked read or
// write then fails at once, and the thread sees why through expired().
//
// A read step (idle, head, body, linger) is ended with SHUT_RD only, so that
// the thread can still answer 408 on a plain connection; a handshake or write
// step with SHUT_RDWR.
//
// Thread-safe: every method takes mu_. The file descriptor is valid from
// construction until Detach(), which the connection calls before it closes
// the socket.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

namespace vigil::net {

enum class ConnectionPhase : uint8_t {
  kHandshake,  // TLS handshake
  kIdle,       // waiting for the first byte of a request
  kHeader,     // reading a request head
  kBody,       // reading a request body
  kHandler,    // the handler runs; no deadline
  kWrite,      // writing a response
  kLinger,     // discarding input before close, so close does not reset the connection
};

class ConnectionWatch {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ConnectionWatch(int fd) : fd_(fd) {}
  ConnectionWatch(const ConnectionWatch&) = delete;
  ConnectionWatch& operator=(const ConnectionWatch&) = delete;

  // Connection thread: the step about to block and when it must end.
  void Enter(ConnectionPhase phase, Clock::time_point deadline);
  void Enter(ConnectionPhase phase, std::chrono::milliseconds timeout) {
    Enter(phase, Clock::now() + timeout);
  }
  // A step without a deadline (the handler runs).
  void EnterUnbounded(ConnectionPhase phase) { Enter(phase, Clock::time_point::max()); }

  // The phase whose deadline passed first, if any; the socket is then at least
  // half shut down and the connection must close.
  std::optional<ConnectionPhase> expired() const;
  // True once ForceClose ran.
  bool force_closed() const;
  // True once CloseIfIdle shut the socket down.
  bool closed_idle() const;

  // Called by the connection before it closes its socket.
  void Detach();

  // Watchdog: shuts the socket down if the current step's deadline has passed;
  // returns true when it did so now.
  bool ExpireIfOverdue(Clock::time_point now);
  // Shutdown: ends the connection if it is waiting for a request.
  void CloseIfIdle();
  // Shutdown after the drain period: ends the connection whatever it does.
  void ForceClose();

 private:
  mutable std::mutex mu_;
  // All fields below are GUARDED_BY(mu_).
  int fd_;  // -1 after Detach
  ConnectionPhase phase_ = ConnectionPhase::kHandshake;
  Clock::time_point deadline_ = Clock::time_point::max();
  std::optional<ConnectionPhase> expired_;
  bool force_closed_ = false;
  bool closed_idle_ = false;
};

}  // namespace vigil::net
