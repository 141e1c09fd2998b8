// The current time as an HTTP Date header value (RFC 9110 §5.6.7,
// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT").
#pragma once

#include <string_view>

namespace vigil::net {

// Formatted at most once per second per thread; the view stays valid until
// the next call on the same thread.
std::string_view HttpDateNow();

}  // namespace vigil::net
