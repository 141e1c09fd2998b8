#include "query/ip_value.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>

namespace vigil {
namespace {

constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};

// Fills out[0..15] and *family; false when text is not an address.
bool ParseAddress(const std::string& text, std::array<uint8_t, 16>* out, int* family) {
  out->fill(0);
  if (inet_pton(AF_INET, text.c_str(), out->data()) == 1) {
    *family = 4;
    return true;
  }
  if (inet_pton(AF_INET6, text.c_str(), out->data()) == 1) {
    *family = 6;
    return true;
  }
  return false;
}

bool IsMapped(const std::array<uint8_t, 16>& a) {
  return std::equal(kMappedPrefix, kMappedPrefix + 12, a.begin());
}

void UnmapToV4(std::array<uint8_t, 16>* a) {
  std::copy(a->begin() + 12, a->end(), a->begin());
  std::fill(a->begin() + 4, a->end(), 0);
}

std::string AddressText(const std::array<uint8_t, 16>& a, int family) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(family == 4 ? AF_INET : AF_INET6, a.data(), buf, sizeof(buf)) == nullptr) {
    return {};
  }
  return buf;
}

}  // namespace

Result<FilterValue> ParseIpValue(std::string_view text) {
  size_t slash = text.find('/');
  std::string address_text(text.substr(0, slash));
  std::array<uint8_t, 16> address{};
  int family = 0;
  // inet_pton reads a C string: a NUL would hide what follows it.
  if (address_text.size() > INET6_ADDRSTRLEN || address_text.find('\0') != std::string::npos ||
      !ParseAddress(address_text, &address, &family)) {
    return Status::InvalidArgument(slash == std::string_view::npos
                                       ? "not an IPv4 or IPv6 address"
                                       : "network address is not an IPv4 or IPv6 address");
  }
  if (slash == std::string_view::npos) {
    if (family == 6 && IsMapped(address)) {
      UnmapToV4(&address);
      family = 4;
    }
    return FilterValue::Exact(AddressText(address, family));
  }
  std::string_view bits_text = text.substr(slash + 1);
  const int max_bits = family == 4 ? 32 : 128;
  if (bits_text.empty()) return Status::InvalidArgument("missing prefix length after '/'");
  int bits = 0;
  for (char c : bits_text) {
    if (c < '0' || c > '9') {
      return Status::InvalidArgument("prefix length is not a number");
    }
    bits = std::min(bits * 10 + (c - '0'), 1000);
  }
  if (bits > max_bits) {
    return Status::InvalidArgument(fmt::format("prefix length over {}", max_bits));
  }
  if (family == 6 && bits >= 96 && IsMapped(address)) {
    UnmapToV4(&address);
    family = 4;
    bits -= 96;
  }
  const int total_bits = family == 4 ? 32 : 128;
  for (int i = 0; i < total_bits; ++i) {
    if (i >= bits) address[i / 8] &= static_cast<uint8_t>(~(0x80u >> (i % 8)));
  }
  FilterValue v;
  v.kind = FilterValue::Kind::kCidr;
  v.family = family;
  v.address = address;
  v.prefix_bits = bits;
  return v;
}

Result<std::string> FormatCidr(const FilterValue& value) {
  const int max_bits = value.family == 4 ? 32 : 128;
  if ((value.family != 4 && value.family != 6) || value.prefix_bits < 0 ||
      value.prefix_bits > max_bits) {
    return Status::InvalidArgument(
        fmt::format("CIDR value with family {} and prefix length {} cannot be written",
                    value.family, value.prefix_bits));
  }
  std::string text = AddressText(value.address, value.family);
  if (text.empty()) return Status::InvalidArgument("CIDR value with a bad address");
  return fmt::format("{}/{}", text, value.prefix_bits);
}

}  // namespace vigil
