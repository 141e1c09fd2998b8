// ServerOptions: what HttpServer listens on and the limits and deadlines it
// enforces on every connection.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace vigil::net {

struct ServerOptions {
  // Address to listen on: an IPv4 or IPv6 literal, or a name resolved once at
  // Start. Port 0 picks any free port (HttpServer::port() tells which).
  std::string host = "127.0.0.1";
  uint16_t port = 0;

  // Connections served at once. One more is answered 503 (Retry-After: 1) and
  // closed; over TLS it is closed without a response.
  size_t max_connections = 512;
  // Request line plus header fields. Beyond: 431, connection closed.
  size_t max_header_bytes = 16 * 1024;
  // Request body, by Content-Length or as chunked data arrives. Beyond: 413,
  // connection closed, nothing passed to the handler.
  size_t max_body_bytes = 16 << 20;

  // The whole request head must arrive within this, counted from its first
  // byte (for a new connection: from accept, or from the end of the TLS
  // handshake, which this also bounds). Beyond: 408 (plain HTTP) and close.
  std::chrono::milliseconds header_timeout{10'000};
  // The whole request body must arrive within this, counted from the end of
  // the head. Beyond: 408 (plain HTTP) and close.
  std::chrono::milliseconds body_timeout{60'000};
  // A keep-alive connection waiting for its next request is closed after this.
  std::chrono::milliseconds idle_timeout{60'000};
  // One write to the client (a whole response, or one BodyWriter::Write) that
  // stays blocked longer than this fails, and the connection is reset.
  std::chrono::milliseconds write_timeout{30'000};

  // PEM files. Both set: the server speaks HTTPS only (TLS 1.2 or later);
  // the certificate file may hold the whole chain, leaf first. Both empty:
  // plain HTTP. One of them alone is an error.
  std::string tls_cert_file;
  std::string tls_key_file;
};

}  // namespace vigil::net
