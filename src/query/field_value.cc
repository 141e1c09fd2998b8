#include "query/field_value.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "core/ascii.h"
#include "query/duration_value.h"
#include "query/ip_value.h"
#include "query/message_text.h"
#include "query/query_fields.h"
#include "query/time_value.h"

namespace vigil {
namespace {

Status Bad(std::string_view what, const QueryValueText& v, std::string_view why) {
  return Status::InvalidArgument(
      fmt::format("bad {} '{}' at {}: {}", what, ShortForMessage(v.text), v.pos, why));
}

bool TakesPrefix(FilterField field) {
  switch (field) {
    case FilterField::kStatus:
    case FilterField::kActorType:
    case FilterField::kIp:
    case FilterField::kCountry:
    case FilterField::kDuration:
    case FilterField::kTime:
    case FilterField::kText:
      return false;
    default:
      return true;
  }
}

FilterValue RangeOf(const TimeRange& r) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  return FilterValue::Range(
      r.from_ms == std::numeric_limits<int64_t>::min() ? -kInf : static_cast<double>(r.from_ms),
      r.to_ms == std::numeric_limits<int64_t>::max() ? kInf : static_cast<double>(r.to_ms));
}

}  // namespace

Result<FilterValue> ParseFieldValue(FilterField field, const QueryValueText& v, int64_t now_ms) {
  const std::string_view name = QueryFieldName(field);
  if (v.prefix && !TakesPrefix(field)) {
    std::string_view hint =
        field == FilterField::kIp ? "; use a CIDR block such as 10.0.0.0/8" : "";
    return Status::InvalidArgument(
        fmt::format("'{}' does not take a prefix ('*') at {}{}", name, v.pos, hint));
  }
  std::string text = v.text;
  switch (field) {
    case FilterField::kEnvironment:
    case FilterField::kOperation:
      ToLowerAscii(&text);
      break;
    case FilterField::kMethod:
      ToUpperAscii(&text);
      break;
    case FilterField::kStatus:
      ToLowerAscii(&text);
      if (text != "success" && text != "error") return Bad(name, v, "must be success or error");
      break;
    case FilterField::kActorType:
      ToLowerAscii(&text);
      if (text != "user" && text != "system" && text != "api_key" && text != "service") {
        return Bad(name, v, "must be user, system, api_key or service");
      }
      break;
    case FilterField::kCountry: {
      ToUpperAscii(&text);
      bool letters =
          text.size() == 2 && text[0] >= 'A' && text[0] <= 'Z' && text[1] >= 'A' && text[1] <= 'Z';
      if (!letters) return Bad(name, v, "must be a two-letter country code such as DE");
      break;
    }
    case FilterField::kIp: {
      auto ip = ParseIpValue(text);
      if (!ip.ok()) {
        bool cidr = text.find('/') != std::string::npos;
        return Bad(cidr ? "CIDR" : "IP address", v, ip.status().message());
      }
      return std::move(ip).value();
    }
    case FilterField::kDuration: {
      auto d = ParseDurationValue(text);
      if (!d.ok()) return Bad(name, v, d.status().message());
      return std::move(d).value();
    }
    case FilterField::kTime: {
      auto t = ParseTimeValue(text, now_ms);
      if (!t.ok()) return Bad(name, v, t.status().message());
      return RangeOf(*t);
    }
    default:
      break;
  }
  return v.prefix ? FilterValue::Prefix(std::move(text)) : FilterValue::Exact(std::move(text));
}

}  // namespace vigil
