// Values of the `ip:` field: an address or a CIDR block.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "store/filter.h"

namespace vigil {

// Parses an IPv4 or IPv6 address into FilterValue::Exact of its normalized
// text, exactly as the event parser stores context.ip: inet_ntop's form, with
// an IPv4-mapped IPv6 address (::ffff:a.b.c.d) turned into IPv4.
//
// Parses "address/bits" into a kCidr value: family 4 (address[0..3], the rest
// zero) or 6 (address[0..15]); host bits past the prefix are cleared, so
// 10.1.2.3/8 is 10.0.0.0/8. An IPv4-mapped IPv6 block of /96 or longer
// becomes the IPv4 block it covers (::ffff:10.0.0.0/104 → 10.0.0.0/8),
// because mapped addresses are stored as IPv4.
//
// Errors (InvalidArgument) carry only the reason: "prefix length over 32".
Result<FilterValue> ParseIpValue(std::string_view text);

// "10.0.0.0/8", "2001:db8::/32": a kCidr value as ParseIpValue reads it.
// Precondition: value.kind == kCidr with family 4 or 6.
Result<std::string> FormatCidr(const FilterValue& value);

}  // namespace vigil
