#include "net/connection_set.h"

#include <algorithm>
#include <exception>
#include <utility>
#include <vector>

#include "net/server_error.h"

namespace vigil::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;

// The watchdog looks about ten times per shortest timeout, at most every
// 100 ms: a deadline is enforced within a tenth of the timeout or 100 ms.
std::chrono::milliseconds WatchdogTick(const ServerOptions& options) {
  const std::chrono::milliseconds shortest = std::min(
      {options.header_timeout, options.body_timeout, options.idle_timeout, options.write_timeout});
  return std::clamp(shortest / 10, std::chrono::milliseconds(1), std::chrono::milliseconds(100));
}

}  // namespace

ConnectionSet::ConnectionSet(ServerContext& server)
    : server_(server),
      tick_(WatchdogTick(server.options)),
      over_limit_reply_(ServerError::Unavailable("too many connections: the limit is " +
                                                 std::to_string(server.options.max_connections))
                            .ToWire()),
      stopping_reply_(ServerError::Unavailable("server is shutting down").ToWire()) {
  watchdog_ = std::thread([this] { RunWatchdog(); });
}

ConnectionSet::~ConnectionSet() {
  ForceCloseAll();
  WaitUntilEmpty(Clock::time_point::max());
  {
    std::lock_guard lock(mu_);
    watchdog_stop_ = true;
  }
  watchdog_wake_.notify_all();
  watchdog_.join();
  JoinEnded();
}

void ConnectionSet::Admit(tcp::socket socket) {
  Increment(server_.accepted);
  std::lock_guard lock(mu_);
  if (server_.stopping.load() ||
      server_.open_connections.load(std::memory_order_relaxed) >= server_.options.max_connections) {
    Reject(socket);
    return;
  }
  try {
    slots_.emplace_back();
    Slot& slot = slots_.back();
    slot.connection = std::make_unique<Connection>(server_, std::move(socket));
    slot.thread = std::thread([this, &slot] { Serve(&slot); });
  } catch (const std::exception&) {
    // Out of threads or memory: drop this connection, keep serving the others.
    Increment(server_.rejected);
    slots_.pop_back();
    return;
  }
  server_.open_connections.fetch_add(1, std::memory_order_relaxed);
}

void ConnectionSet::Reject(tcp::socket& socket) {
  Increment(server_.rejected);
  ErrorCode ec;
  if (server_.tls == nullptr) {
    // Never block the accept thread: a new socket's send buffer takes the
    // short reply whole. Read what the client has sent so far first, so that
    // close sends FIN rather than RST, which could destroy the reply before
    // the client reads it.
    socket.non_blocking(true, ec);
    char scratch[4096];
    for (int i = 0; i < 16 && !ec; ++i) socket.read_some(asio::buffer(scratch), ec);
    const std::string& reply = server_.stopping.load() ? stopping_reply_ : over_limit_reply_;
    socket.write_some(asio::buffer(reply), ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
  }
  socket.close(ec);
}

void ConnectionSet::Serve(Slot* slot) {
  slot->connection->Run();
  std::lock_guard lock(mu_);
  slot->finished = true;
  server_.open_connections.fetch_sub(1, std::memory_order_relaxed);
  connection_ended_.notify_all();
}

void ConnectionSet::CloseIdle() {
  std::lock_guard lock(mu_);
  for (Slot& slot : slots_) {
    if (!slot.finished) slot.connection->watch().CloseIfIdle();
  }
}

void ConnectionSet::ForceCloseAll() {
  std::lock_guard lock(mu_);
  for (Slot& slot : slots_) {
    if (!slot.finished) slot.connection->watch().ForceClose();
  }
}

bool ConnectionSet::WaitUntilEmpty(Clock::time_point deadline) {
  std::unique_lock lock(mu_);
  const auto empty = [this] { return server_.open_connections.load() == 0; };
  if (deadline == Clock::time_point::max()) {
    connection_ended_.wait(lock, empty);
    return true;
  }
  return connection_ended_.wait_until(lock, deadline, empty);
}

void ConnectionSet::RunWatchdog() {
  std::unique_lock lock(mu_);
  while (!watchdog_stop_) {
    watchdog_wake_.wait_for(lock, tick_);
    const Clock::time_point now = Clock::now();
    bool any_finished = false;
    for (Slot& slot : slots_) {
      if (slot.finished) {
        any_finished = true;
      } else {
        slot.connection->watch().ExpireIfOverdue(now);
      }
    }
    if (any_finished) {
      lock.unlock();
      JoinEnded();
      lock.lock();
    }
  }
}

void ConnectionSet::JoinEnded() {
  std::list<Slot> finished;
  {
    std::lock_guard lock(mu_);
    for (auto it = slots_.begin(); it != slots_.end();) {
      auto next = std::next(it);
      if (it->finished) finished.splice(finished.end(), slots_, it);
      it = next;
    }
  }
  // A finished thread has only to return: joining takes no time.
  for (Slot& slot : finished) slot.thread.join();
}

}  // namespace vigil::net
