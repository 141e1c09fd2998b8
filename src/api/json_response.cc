#include "api/json_response.h"

namespace vigil::api {

net::HttpResponse JsonResponse(std::string body, int status) {
  net::HttpResponse r;
  r.status = status;
  r.headers.Add("Content-Type", "application/json; charset=utf-8");
  r.headers.Add("Cache-Control", "no-store");
  r.body = std::move(body);
  return r;
}

net::HttpResponse ErrorResponse(const ApiError& error, int retry_after_seconds) {
  net::HttpResponse r = JsonResponse(error.ToJson(), error.http_status());
  if (error.http_status() == 429 || error.http_status() == 503) {
    r.headers.Add("Retry-After", std::to_string(retry_after_seconds));
  }
  if (error.http_status() == 401) r.headers.Add("WWW-Authenticate", "Bearer realm=\"vigil\"");
  return r;
}

net::HttpResponse ErrorResponse(const Status& status) {
  return ErrorResponse(ApiError::FromStatus(status));
}

}  // namespace vigil::api
