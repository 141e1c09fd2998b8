// ListenAddress: where the server listens, written "host:port".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace vigil::config {

// A value type.
struct ListenAddress {
  // An IPv4 literal, an IPv6 literal (stored without brackets) or a host
  // name (resolved by the server when it starts).
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port

  // "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:443", "localhost:8080",
  // "[::]:0". An IPv6 literal needs brackets; the port is required.
  // InvalidArgument naming the text and the problem otherwise.
  static Result<ListenAddress> Parse(std::string_view text);

  // The form Parse reads back: IPv6 literals in brackets.
  std::string ToString() const;

  bool operator==(const ListenAddress&) const = default;
};

}  // namespace vigil::config
