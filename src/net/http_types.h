// The HTTP contract between the server plumbing (net/) and the API (api/):
// a parsed request in, a response out — either a whole body or a stream.
//
// The server owns sockets, TLS, parsing, limits, timeouts and keep-alive; a
// handler sees only complete requests (the body fully read and within the
// size limit) and never touches a socket.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace vigil::net {

// Header names compare case-insensitively (RFC 9110 §5.1).
class HeaderList {
 public:
  void Add(std::string name, std::string value) {
    entries_.emplace_back(std::move(name), std::move(value));
  }
  // The first value of the header, if present.
  std::optional<std::string_view> Find(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct HttpRequest {
  std::string method;  // "GET", "POST", … as sent (upper case by HTTP convention)
  std::string target;  // as sent: path and query, e.g. "/v1/events?q=a%20b&limit=10"
  std::string path;    // percent-decoded path without the query: "/v1/events"
  // Query parameters in order, percent-decoded ('+' is a space), repeated names kept.
  std::vector<std::pair<std::string, std::string>> query;
  HeaderList headers;
  std::string body;            // complete; its size is within the server's limit
  std::string remote_address;  // peer IP, e.g. "127.0.0.1" or "::1"
  bool tls = false;

  // The first value of a query parameter, if present.
  std::optional<std::string_view> Param(std::string_view name) const;
};

// Writes a streamed response body (chunked transfer encoding). Write blocks
// until the bytes are handed to the kernel (backpressure: a slow client slows
// the producer) and fails once the client is gone, the send timeout expires
// or the server is shutting down — the producer must then stop.
class BodyWriter {
 public:
  virtual ~BodyWriter() = default;
  virtual Status Write(std::string_view chunk) = 0;
  // True once the server has begun shutting down: long streams (live tail)
  // should end soon after.
  virtual bool Stopping() const = 0;
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;  // Content-Type and the like; the server adds framing headers
  std::string body;    // used when `stream` is empty
  // When set, the body is produced by calling stream once after the status
  // and headers are sent; its return value only decides how the connection
  // ends (non-OK: closed without the final chunk, so the client sees a cut).
  std::function<Status(BodyWriter&)> stream;
};

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Called on the connection's thread, concurrently for different
  // connections: must be thread-safe. Never throws.
  virtual HttpResponse Handle(const HttpRequest& request) = 0;
};

}  // namespace vigil::net
