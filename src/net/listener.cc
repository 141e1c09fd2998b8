#include "net/listener.h"

#include <boost/asio/post.hpp>
#include <chrono>
#include <utility>

namespace vigil::net {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;

// How long to wait before accepting again when accept fails for lack of
// resources (EMFILE, ENFILE, ENOBUFS), instead of spinning.
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};

std::string HostPort(const std::string& host, uint16_t port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

Listener::Listener() : acceptor_(io_), retry_timer_(io_) {}

// NOLINTNEXTLINE(bugprone-exception-escape): only bad_alloc or a failed join, fatal anyway
Listener::~Listener() { Close(); }

Result<std::unique_ptr<Listener>> Listener::Open(const std::string& host, uint16_t port) {
  std::unique_ptr<Listener> listener(new Listener());
  const std::string where = "listen on " + HostPort(host, port);
  ErrorCode ec;
  tcp::endpoint endpoint;
  const asio::ip::address address = asio::ip::make_address(host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, port);
  } else {
    tcp::resolver resolver(listener->io_);
    const tcp::resolver::results_type results =
        resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
    if (ec || results.empty()) {
      return Status::InvalidArgument(
          where + ": cannot resolve host: " + (ec ? ec.message() : "no address"));
    }
    endpoint = results.begin()->endpoint();
  }
  tcp::acceptor& acceptor = listener->acceptor_;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(tcp::acceptor::max_listen_connections, ec);
  if (ec) return Status::IOError(where + ": " + ec.message());
  listener->port_ = acceptor.local_endpoint(ec).port();
  if (ec) return Status::IOError(where + ": " + ec.message());
  return listener;
}

void Listener::Start(AcceptFn on_accept) {
  on_accept_ = std::move(on_accept);
  AcceptNext();
  thread_ = std::thread([this] { io_.run(); });
}

void Listener::Close() {
  if (closed_) return;
  closed_ = true;
  if (thread_.joinable()) {
    // The acceptor belongs to the accept thread: close it there.
    asio::post(io_, [this] {
      ErrorCode ec;
      acceptor_.close(ec);
      retry_timer_.cancel();
    });
    thread_.join();  // run() returns once no accept or timer is pending
  } else {
    ErrorCode ec;
    acceptor_.close(ec);
  }
}

void Listener::AcceptNext() {
  acceptor_.async_accept(
      [this](const ErrorCode& ec, tcp::socket socket) { OnAccepted(ec, std::move(socket)); });
}

void Listener::OnAccepted(const ErrorCode& ec, tcp::socket socket) {
  if (!acceptor_.is_open()) return;  // closed: let run() return
  if (!ec) {
    on_accept_(std::move(socket));
    AcceptNext();
  } else if (ec == asio::error::connection_aborted || ec == asio::error::interrupted) {
    AcceptNext();  // the client gave up before accept; nothing wrong here
  } else {
    retry_timer_.expires_after(kAcceptRetryDelay);
    retry_timer_.async_wait([this](const ErrorCode& wait_ec) {
      if (!wait_ec && acceptor_.is_open()) AcceptNext();
    });
  }
}

}  // namespace vigil::net
