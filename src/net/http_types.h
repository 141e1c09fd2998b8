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
  // Percent-decoded path without the query: "/v1/events" ('+' stays '+'; "%2F"
  // becomes '/'). From an absolute-form target ("http://h/x") its path; "*"
  // for "OPTIONS *". Never contains a NUL byte (the server answers 400).
  std::string path;
  // The path's segments, each percent-decoded on its own, so that "%2F" inside
  // one stays in it: "/v1/events/a%2Fb" → {"v1", "events", "a/b"}; "/" → {""}.
  std::vector<std::string> segments;
  // Query parameters in order, percent-decoded ('+' is a space), repeated names kept.
  std::vector<std::pair<std::string, std::string>> query;
  HeaderList headers;          // as received, in order, repeated names kept
  std::string body;            // complete (chunked bodies de-chunked); within the size limit
  std::string remote_address;  // peer IP, e.g. "127.0.0.1" or "::1"
  bool tls = false;

  // The first value of a query parameter, if present.
  std::optional<std::string_view> Param(std::string_view name) const;
};

// Writes a streamed response body (chunked transfer encoding; for an HTTP/1.0
// client the bytes go unframed and the connection closes after them). Write
// blocks until the bytes are handed to the kernel (backpressure: a slow client
// slows the producer) and fails once the client is gone, a write stays blocked
// past the server's write timeout, or the server force-closes the connection
// at the end of its shutdown drain — the producer must then stop. An empty
// chunk writes nothing. Valid only during the `stream` call it is passed to;
// one producer thread at a time.
class BodyWriter {
 public:
  virtual ~BodyWriter() = default;
  // IOError: the client is gone or does not read; Unavailable: the server
  // closed the connection while shutting down. After a failure every Write
  // fails the same way.
  virtual Status Write(std::string_view chunk) = 0;
  // True once the server has begun shutting down: long streams (live tail)
  // should end soon after.
  virtual bool Stopping() const = 0;
};

struct HttpResponse {
  int status = 200;  // 200–599; anything else is answered 500 by the server
  // Content-Type and the like. The server owns framing: it drops any
  // Content-Length, Transfer-Encoding and Connection given here (but
  // "Connection: close" makes it close the connection after this response),
  // drops headers that are not valid HTTP (a name that is not a token, a value
  // holding CR, LF or NUL), and adds Date unless present.
  HeaderList headers;
  // Used when `stream` is empty; sent with Content-Length (no body for HEAD,
  // 204 and 304).
  std::string body;
  // When set, the body is produced by calling stream once after the status
  // and headers are sent; its return value only decides how the connection
  // ends (non-OK: closed without the final chunk, so the client sees a cut).
  // Not called for a HEAD request.
  std::function<Status(BodyWriter&)> stream;
};

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Called on the connection's thread, concurrently for different
  // connections: must be thread-safe. Never throws (if it does anyway, the
  // client gets a 500 and the connection closes; the server goes on). May
  // block (fsync, scans): it holds only its own connection.
  virtual HttpResponse Handle(const HttpRequest& request) = 0;
};

}  // namespace vigil::net
