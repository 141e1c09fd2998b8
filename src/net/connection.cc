#include "net/connection.h"

#include <algorithm>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "net/http_session.h"
#include "net/server_error.h"

namespace vigil::net {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = ConnectionWatch::Clock;
using ErrorCode = boost::system::error_code;

// Upper bound on DiscardInput (also bounded by header_timeout).
constexpr std::chrono::milliseconds kMaxLinger{1000};

std::string PeerAddress(const tcp::socket& socket) {
  ErrorCode ec;
  const tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return std::string();
  asio::ip::address address = peer.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

}  // namespace

Connection::Connection(ServerContext& server, tcp::socket socket)
    : server_(server),
      socket_(std::move(socket)),
      remote_address_(PeerAddress(socket_)),
      watch_(socket_.native_handle()),
      accepted_at_(Clock::now()) {
  ErrorCode ec;
  socket_.set_option(tcp::no_delay(true), ec);  // each response or chunk leaves at once
}

void Connection::Run() {
  if (server_.tls != nullptr) {
    ServeTls();
  } else {
    ServePlain();
  }
}

void Connection::ServePlain() {
  HttpSession<tcp::socket> session(socket_, *this, server_,
                                   accepted_at_ + server_.options.header_timeout);
  session.Run();
  Close(socket_);
}

void Connection::ServeTls() {
  if (RefusePlainHttp()) {
    Close(socket_);
    return;
  }
  ssl::stream<tcp::socket> stream(std::move(socket_), *server_.tls);
  watch_.Enter(ConnectionPhase::kHandshake, accepted_at_ + server_.options.header_timeout);
  ErrorCode ec;
  stream.handshake(ssl::stream_base::server, ec);
  if (ec) {
    if (watch_.expired()) Increment(server_.timeouts);
    Close(stream.next_layer());
    return;
  }
  HttpSession<ssl::stream<tcp::socket>> session(stream, *this, server_,
                                                Clock::now() + server_.options.header_timeout);
  session.Run();
  Close(stream.next_layer());
}

bool Connection::RefusePlainHttp() {
  watch_.Enter(ConnectionPhase::kHandshake, accepted_at_ + server_.options.header_timeout);
  char first = 0;
  ErrorCode ec;
  const size_t n = socket_.receive(asio::buffer(&first, 1), tcp::socket::message_peek, ec);
  if (ec || n == 0) return false;  // the handshake fails at once and closes
  // A TLS record starts with its type (0x16 for a handshake); an HTTP
  // request with its method.
  if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z'))) return false;
  Increment(server_.errors);
  const std::string reply =
      ServerError::BadRequest("this port serves HTTPS only: use an https:// URL").ToWire();
  watch_.Enter(ConnectionPhase::kWrite, server_.options.write_timeout);
  asio::write(socket_, asio::buffer(reply), ec);
  if (!ec) {
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    DiscardInput(socket_);
  }
  return true;
}

void Connection::DiscardInput(tcp::socket& socket) {
  watch_.Enter(ConnectionPhase::kLinger, std::min(kMaxLinger, server_.options.header_timeout));
  char scratch[16 * 1024];
  ErrorCode ec;
  while (!ec) socket.read_some(asio::buffer(scratch), ec);
}

void Connection::Close(tcp::socket& socket) {
  watch_.Detach();  // from here the watchdog no longer touches the descriptor
  ErrorCode ec;
  socket.close(ec);
}

}  // namespace vigil::net
