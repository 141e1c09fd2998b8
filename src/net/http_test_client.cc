#include "net/http_test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <sstream>

#include "core/ascii.h"

namespace vigil::net {
namespace {

namespace http = boost::beast::http;

}  // namespace

std::string TestResponse::Header(std::string_view name) const {
  std::istringstream lines(raw_head);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (!EqualsIgnoreAsciiCase(std::string_view(line).substr(0, colon), name)) continue;
    size_t start = colon + 1;
    while (start < line.size() && line[start] == ' ') ++start;
    return line.substr(start);
  }
  return "";
}

HttpTestClient::HttpTestClient(uint16_t port, SSL_CTX* tls_client, int receive_buffer)
    : tls_client_(tls_client) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (receive_buffer > 0) {
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (tls_client_ != nullptr) {
    timeval tv{5, 0};  // the handshake must not hang a test
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    ssl_ = SSL_new(tls_client_);
    SSL_set_fd(ssl_, fd_);
    SSL_set_tlsext_host_name(ssl_, "localhost");
    if (SSL_connect(ssl_) != 1) {
      SSL_free(ssl_);
      ssl_ = nullptr;
    }
  }
}

HttpTestClient::~HttpTestClient() { Close(); }

void HttpTestClient::Close() {
  if (ssl_ != nullptr) {
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

bool HttpTestClient::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n;
    if (ssl_ != nullptr) {
      n = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
    } else {
      n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    }
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

int HttpTestClient::ReadMore(Ms timeout) {
  if (fd_ < 0) return -1;
  if (ssl_ == nullptr || SSL_pending(ssl_) == 0) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return -1;
  }
  char buffer[64 * 1024];
  ssize_t n;
  if (ssl_ != nullptr) {
    timeval tv{static_cast<time_t>(timeout.count() / 1000),
               static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    n = SSL_read(ssl_, buffer, sizeof(buffer));
    if (n <= 0) {
      // close_notify, or the connection closed or reset under TLS.
      return SSL_get_error(ssl_, static_cast<int>(n)) == SSL_ERROR_WANT_READ ? -1 : 0;
    }
  } else {
    n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n < 0) return errno == ECONNRESET ? 0 : -1;
  }
  pending_.append(buffer, static_cast<size_t>(n));
  return static_cast<int>(n);
}

std::optional<TestResponse> HttpTestClient::ReadResponse(Ms timeout, bool head) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1ull << 32);
  parser.skip(head);
  const auto finished = [&parser] {
    TestResponse response;
    response.status = parser.get().result_int();
    response.version = parser.get().version();
    response.body = std::move(parser.get().body());
    for (const auto& field : parser.get()) {
      response.raw_head.append(field.name_string()).append(": ");
      response.raw_head.append(field.value()).append("\r\n");
    }
    return response;
  };
  for (;;) {
    boost::system::error_code ec;
    if (!pending_.empty()) {
      const size_t used = parser.put(boost::asio::buffer(pending_), ec);
      pending_.erase(0, used);
      if (ec && ec != http::error::need_more) return std::nullopt;
      // A 1xx response (100 Continue) counts as one response too.
      if (parser.is_done()) return finished();
      if (!ec && used > 0) continue;
    }
    const auto left = std::chrono::duration_cast<Ms>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    const int n = ReadMore(left);
    if (n < 0) return std::nullopt;
    if (n == 0) {
      parser.put_eof(ec);  // a body that ends with the connection (HTTP/1.0)
      if (ec || !parser.is_done()) return std::nullopt;
      return finished();
    }
  }
}

std::optional<TestResponse> HttpTestClient::Get(std::string_view target) {
  std::string request = "GET ";
  request.append(target).append(" HTTP/1.1\r\nHost: test\r\n\r\n");
  if (!Send(request)) return std::nullopt;
  return ReadResponse();
}

bool HttpTestClient::ReadUntil(std::string_view needle, Ms timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pending_.find(needle) == std::string::npos) {
    const auto left = std::chrono::duration_cast<Ms>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || ReadMore(left) <= 0) return false;
  }
  return true;
}

bool HttpTestClient::WaitClosed(Ms timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<Ms>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    const int n = ReadMore(left);
    if (n == 0) return true;
    if (n < 0) return false;
  }
}

}  // namespace vigil::net
