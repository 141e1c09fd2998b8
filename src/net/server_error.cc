#include "net/server_error.h"

#include <boost/beast/http/status.hpp>

#include "core/json_writer.h"

namespace vigil::net {

ServerError ServerError::PayloadTooLarge(uint64_t limit) {
  return {413, "payload_too_large",
          "request body is larger than " + std::to_string(limit) + " bytes"};
}

ServerError ServerError::HeadersTooLarge(uint64_t limit) {
  return {431, "headers_too_large",
          "request head is larger than " + std::to_string(limit) + " bytes"};
}

ServerError ServerError::NotImplemented(std::string_view method) {
  std::string message = "method ";
  message.append(method);
  message.append(" is not implemented");
  return {501, "not_implemented", std::move(message)};
}

std::string ServerError::Body() const {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("error");
  w.BeginObject();
  w.Key("status");
  w.Int(status);
  w.Key("code");
  w.String(code);
  w.Key("message");
  w.String(message);
  w.EndObject();
  w.EndObject();
  return out;
}

HttpResponse ServerError::ToResponse() const {
  HttpResponse response;
  response.status = status;
  response.headers.Add("Content-Type", "application/json");
  if (status == 503) response.headers.Add("Retry-After", "1");
  response.headers.Add("Connection", "close");
  response.body = Body();
  return response;
}

std::string ServerError::ToWire() const {
  const HttpResponse response = ToResponse();
  std::string out = "HTTP/1.1 " + std::to_string(status) + " ";
  out.append(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status)));
  out.append("\r\n");
  for (const auto& [name, value] : response.headers.entries()) {
    out.append(name).append(": ").append(value).append("\r\n");
  }
  out.append("Content-Length: ").append(std::to_string(response.body.size())).append("\r\n\r\n");
  out.append(response.body);
  return out;
}

}  // namespace vigil::net
