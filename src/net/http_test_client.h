// HttpTestClient: a blocking HTTP/1.1 client over one raw socket (optionally
// TLS), for the server tests. Every read has a timeout, so a server bug fails
// a test instead of hanging it. Test-only.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::net {

struct TestResponse {
  int status = 0;
  unsigned version = 11;
  std::string body;
  std::string raw_head;  // status line and header fields, as received

  // The first value of a header (case-insensitive name), or "" if absent.
  std::string Header(std::string_view name) const;
};

class HttpTestClient {
 public:
  using Ms = std::chrono::milliseconds;

  // Connects to 127.0.0.1:port; with `tls_client` set, also does the TLS
  // handshake. connected() tells whether both worked. `receive_buffer` > 0
  // shrinks the socket's receive buffer (slow-reader tests).
  explicit HttpTestClient(uint16_t port, SSL_CTX* tls_client = nullptr, int receive_buffer = 0);
  ~HttpTestClient();
  HttpTestClient(const HttpTestClient&) = delete;
  HttpTestClient& operator=(const HttpTestClient&) = delete;

  bool connected() const { return fd_ >= 0 && (tls_client_ == nullptr || ssl_ != nullptr); }
  int fd() const { return fd_; }
  SSL* ssl() const { return ssl_; }

  // Sends all of `bytes`; false if the connection failed.
  bool Send(std::string_view bytes);
  // One response; nullopt if it does not arrive complete within `timeout`.
  // `head`: the response to a HEAD request (no body follows).
  std::optional<TestResponse> ReadResponse(Ms timeout = Ms(5000), bool head = false);
  // Shorthand: Send a GET for `target` and read its response.
  std::optional<TestResponse> Get(std::string_view target);
  // Reads until the received bytes (kept across calls) contain `needle`;
  // false on timeout or end of stream.
  bool ReadUntil(std::string_view needle, Ms timeout = Ms(5000));
  // Everything received so far and not consumed by ReadResponse.
  const std::string& received() const { return pending_; }
  // Reads (and drops) until the server closes the connection: true if it
  // does within `timeout`.
  bool WaitClosed(Ms timeout);
  void Close();

 private:
  // Reads more bytes into pending_: >0 bytes read, 0 end of stream, -1
  // timeout or error.
  int ReadMore(Ms timeout);

  int fd_ = -1;
  SSL_CTX* tls_client_;
  SSL* ssl_ = nullptr;
  std::string pending_;
};

}  // namespace vigil::net
