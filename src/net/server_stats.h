// ServerStats: counters of an HttpServer since Start, for /metrics.
#pragma once

#include <cstdint>

namespace vigil::net {

struct ServerStats {
  uint64_t open_connections = 0;  // connections being served now
  uint64_t accepted = 0;          // connections accepted, including rejected ones
  uint64_t rejected = 0;          // answered 503 (max_connections) or dropped on accept
  uint64_t requests = 0;          // complete requests passed to the handler
  uint64_t errors = 0;            // requests the server itself answered 4xx/5xx (not the handler)
  // Connections closed because a deadline passed: TLS handshake, request head
  // or body, or a blocked write. A keep-alive connection closed after
  // idle_timeout is not counted.
  uint64_t timeouts = 0;
};

}  // namespace vigil::net
