#include "config/listen_address.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include "config/setting_values.h"
#include "core/ascii.h"

namespace vigil::config {
namespace {

bool IsIpv6Literal(const std::string& host) {
  in6_addr addr{};
  return inet_pton(AF_INET6, host.c_str(), &addr) == 1;
}

// RFC 1123 host name, or an IPv4 literal (which has the same characters).
bool IsHostName(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  size_t label = 0;
  for (size_t i = 0; i < host.size(); ++i) {
    char c = host[i];
    if (c == '.') {
      if (label == 0 || host[i - 1] == '-') return false;
      label = 0;
      continue;
    }
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && !(c == '-' && label > 0)) return false;
    if (++label > 63) return false;
  }
  return host.back() != '-';
}

bool LooksLikeIpv4(std::string_view host) {
  for (char c : host) {
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  }
  return true;
}

}  // namespace

Result<ListenAddress> ListenAddress::Parse(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument(
        fmt::format("bad listen address '{}': {} (expected host:port, e.g. 127.0.0.1:8080, "
                    "0.0.0.0:8080 or [::1]:8080)",
                    EscapeControlBytes(text), why));
  };
  ListenAddress a;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return bad("missing ']'");
    a.host = text.substr(1, close - 1);
    if (!IsIpv6Literal(a.host)) return bad("not an IPv6 address between the brackets");
    if (close + 1 >= text.size() || text[close + 1] != ':') return bad("missing ':port'");
    port_text = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad("missing ':port'");
    a.host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (a.host.find(':') != std::string::npos) {
      return bad("an IPv6 address needs brackets, as in [::1]:8080");
    }
    if (a.host.empty()) return bad("missing host (use 0.0.0.0 or [::] for every interface)");
    if (LooksLikeIpv4(a.host)) {
      in_addr addr{};
      if (inet_pton(AF_INET, a.host.c_str(), &addr) != 1) return bad("not an IPv4 address");
    } else if (!IsHostName(a.host)) {
      return bad("not a host name or IP address");
    }
  }
  Result<uint64_t> port = ParseCount(port_text, 0, 65535);
  if (!port.ok() || port_text.empty() || port_text.front() == ' ') {
    return bad("the port must be a number from 0 to 65535");
  }
  a.port = static_cast<uint16_t>(*port);
  return a;
}

std::string ListenAddress::ToString() const {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

}  // namespace vigil::config
