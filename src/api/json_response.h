// Building HTTP responses: JSON bodies and errors in Vigil's one format.
#pragma once

#include <string>

#include "api/http/api_error.h"
#include "core/status.h"
#include "net/http_types.h"

namespace vigil::api {

// 200 (or status) with a JSON body.
net::HttpResponse JsonResponse(std::string body, int status = 200);

// The error response for an ApiError, with Retry-After on 429 and 503.
net::HttpResponse ErrorResponse(const ApiError& error, int retry_after_seconds = 1);

// The error response for a non-OK status (mapped by ApiError::FromStatus).
net::HttpResponse ErrorResponse(const Status& status);

}  // namespace vigil::api
