// ApiError: the one JSON shape of every API error response, and the one
// place where a Status becomes an HTTP status code.
//
//   {"error":{"status":413,"code":"payload_too_large","message":"…",
//             "details":[{"index":3,"message":"events[3].actor.email: …"}]}}
//
// "details" is present only when there are details (the per-event errors of
// a rejected batch). Codes are stable strings clients may switch on; the
// message is for people and may change.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace vigil::api {

enum class ApiErrorCode {
  kBadRequest,            // 400 bad_request
  kUnauthenticated,       // 401 unauthenticated
  kForbidden,             // 403 forbidden
  kNotFound,              // 404 not_found
  kMethodNotAllowed,      // 405 method_not_allowed
  kConflict,              // 409 conflict
  kPayloadTooLarge,       // 413 payload_too_large
  kUnsupportedMediaType,  // 415 unsupported_media_type
  kUnprocessableEntity,   // 422 unprocessable_entity
  kRateLimited,           // 429 rate_limited
  kInternal,              // 500 internal
  kUnavailable,           // 503 unavailable
};

// The HTTP status code of an error code (400 … 503).
int HttpStatusOf(ApiErrorCode code);
// The code's wire name: "payload_too_large".
std::string_view ApiErrorCodeName(ApiErrorCode code);

// Status → API error code:
//   InvalidArgument → bad_request          NotFound → not_found
//   Unauthenticated → unauthenticated      PermissionDenied → forbidden
//   FailedPrecondition → conflict          Corruption, Internal → internal
//   Unavailable, ResourceExhausted, IOError → unavailable (the request was
//     not carried out and nothing was stored: the client should keep its
//     events and retry later)
// OK maps to internal (a caller bug: there is no error to report).
ApiErrorCode ApiErrorCodeFor(StatusCode code);

// One problem with one element of a batch: `index` is its position in the
// request (0-based array index or NDJSON line number − 1).
struct ApiErrorDetail {
  size_t index = 0;
  std::string message;
};

// A value type; not thread-safe to mutate, safe to share once built.
class ApiError {
 public:
  ApiError(ApiErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  // The error for a non-OK status: its code per ApiErrorCodeFor, its message
  // as is (for internal errors, too: messages name files and offsets, never
  // secrets).
  static ApiError FromStatus(const Status& status);

  ApiError& AddDetail(size_t index, std::string message);

  ApiErrorCode code() const { return code_; }
  int http_status() const { return HttpStatusOf(code_); }
  const std::string& message() const { return message_; }
  const std::vector<ApiErrorDetail>& details() const { return details_; }

  // The response body (application/json; charset=utf-8), canonical JSON.
  std::string ToJson() const;

 private:
  ApiErrorCode code_;
  std::string message_;
  std::vector<ApiErrorDetail> details_;
};

}  // namespace vigil::api
