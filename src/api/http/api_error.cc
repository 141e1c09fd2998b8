#include "api/http/api_error.h"

#include "core/json_writer.h"

namespace vigil::api {

int HttpStatusOf(ApiErrorCode code) {
  switch (code) {
    case ApiErrorCode::kBadRequest:
      return 400;
    case ApiErrorCode::kUnauthenticated:
      return 401;
    case ApiErrorCode::kForbidden:
      return 403;
    case ApiErrorCode::kNotFound:
      return 404;
    case ApiErrorCode::kMethodNotAllowed:
      return 405;
    case ApiErrorCode::kConflict:
      return 409;
    case ApiErrorCode::kPayloadTooLarge:
      return 413;
    case ApiErrorCode::kUnsupportedMediaType:
      return 415;
    case ApiErrorCode::kUnprocessableEntity:
      return 422;
    case ApiErrorCode::kRateLimited:
      return 429;
    case ApiErrorCode::kInternal:
      return 500;
    case ApiErrorCode::kUnavailable:
      return 503;
  }
  return 500;
}

std::string_view ApiErrorCodeName(ApiErrorCode code) {
  switch (code) {
    case ApiErrorCode::kBadRequest:
      return "bad_request";
    case ApiErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ApiErrorCode::kForbidden:
      return "forbidden";
    case ApiErrorCode::kNotFound:
      return "not_found";
    case ApiErrorCode::kMethodNotAllowed:
      return "method_not_allowed";
    case ApiErrorCode::kConflict:
      return "conflict";
    case ApiErrorCode::kPayloadTooLarge:
      return "payload_too_large";
    case ApiErrorCode::kUnsupportedMediaType:
      return "unsupported_media_type";
    case ApiErrorCode::kUnprocessableEntity:
      return "unprocessable_entity";
    case ApiErrorCode::kRateLimited:
      return "rate_limited";
    case ApiErrorCode::kInternal:
      return "internal";
    case ApiErrorCode::kUnavailable:
      return "unavailable";
  }
  return "internal";
}

ApiErrorCode ApiErrorCodeFor(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument:
      return ApiErrorCode::kBadRequest;
    case StatusCode::kNotFound:
      return ApiErrorCode::kNotFound;
    case StatusCode::kUnauthenticated:
      return ApiErrorCode::kUnauthenticated;
    case StatusCode::kPermissionDenied:
      return ApiErrorCode::kForbidden;
    case StatusCode::kFailedPrecondition:
      return ApiErrorCode::kConflict;
    case StatusCode::kUnavailable:
    case StatusCode::kResourceExhausted:
    case StatusCode::kIOError:
      return ApiErrorCode::kUnavailable;
    case StatusCode::kOk:
    case StatusCode::kCorruption:
    case StatusCode::kInternal:
      return ApiErrorCode::kInternal;
  }
  return ApiErrorCode::kInternal;
}

ApiError ApiError::FromStatus(const Status& status) {
  return ApiError(ApiErrorCodeFor(status.code()), status.message());
}

ApiError& ApiError::AddDetail(size_t index, std::string message) {
  details_.push_back(ApiErrorDetail{index, std::move(message)});
  return *this;
}

std::string ApiError::ToJson() const {
  std::string out;
  out.reserve(96 + message_.size());
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("error");
  w.BeginObject();
  w.Key("status");
  w.Int(http_status());
  w.Key("code");
  w.String(ApiErrorCodeName(code_));
  w.Key("message");
  w.String(message_);
  if (!details_.empty()) {
    w.Key("details");
    w.BeginArray();
    for (const ApiErrorDetail& d : details_) {
      w.BeginObject();
      w.Key("index");
      w.Uint(d.index);
      w.Key("message");
      w.String(d.message);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  w.EndObject();
  return out;
}

}  // namespace vigil::api
