// ParseRequestTarget: splits an HTTP request target into the decoded path and
// query parameters of an HttpRequest (Boost.URL does the parsing and
// percent-decoding).
#pragma once

#include <string_view>

#include "core/status.h"
#include "net/http_types.h"

namespace vigil::net {

// Accepts origin-form ("/v1/events?q=a+b"), absolute-form
// ("http://host/v1/events", path and query taken) and "*" (path "*").
// Sets request->path (percent-decoded, never '+' → space) and request->query
// (percent-decoded, '+' is a space, order and repeated names kept; empty
// segments such as the one in "a=1&&b=2" are skipped).
//
// Lenient where browsers and curl are: bytes that RFC 3986 does not allow in
// a target but that cannot be mistaken for syntax (`"`, `<`, `>`, `|`, `{`,
// `[`, `#`, non-ASCII, …) are taken literally, as if percent-encoded. Strict
// where it matters: a '%' not followed by two hex digits, and a path that
// decodes to a NUL byte, are InvalidArgument.
Status ParseRequestTarget(std::string_view target, HttpRequest* request);

}  // namespace vigil::net
