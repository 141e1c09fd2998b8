// ServerError: a response the server generates itself (not the handler), in
// Vigil's JSON error format:
//   {"error":{"status":413,"code":"payload_too_large","message":"..."}}
// with Content-Type: application/json and Connection: close (and
// Retry-After: 1 for 503). The connection always closes after it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "net/http_types.h"

namespace vigil::net {

struct ServerError {
  int status;
  std::string_view code;  // a literal: bad_request, request_timeout, …
  std::string message;

  static ServerError BadRequest(std::string message) {
    return {400, "bad_request", std::move(message)};
  }
  static ServerError RequestTimeout(std::string message) {
    return {408, "request_timeout", std::move(message)};
  }
  static ServerError PayloadTooLarge(uint64_t limit);
  static ServerError HeadersTooLarge(uint64_t limit);
  static ServerError NotImplemented(std::string_view method);
  static ServerError Unavailable(std::string message) {
    return {503, "unavailable", std::move(message)};
  }
  static ServerError Internal(std::string message) { return {500, "internal", std::move(message)}; }

  // The JSON body.
  std::string Body() const;
  // The whole response: status, headers and body.
  HttpResponse ToResponse() const;
  // The same as HTTP/1.1 bytes, for answering outside a request loop (over
  // the connection limit, plain HTTP on the HTTPS port).
  std::string ToWire() const;
};

}  // namespace vigil::net
