#include "query/duration_value.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "query/message_text.h"

namespace vigil {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// digits [. digits] [(e|E) [+|-] digits], finite.
Result<double> ParseNumber(std::string_view s) {
  auto bad = [&] {
    return Status::InvalidArgument(
        fmt::format("'{}' is not a number of milliseconds", ShortForMessage(s, 32)));
  };
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    return i > start;
  };
  if (!digits()) return bad();
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return bad();
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return bad();
  }
  if (i != s.size()) return bad();
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec == std::errc::result_out_of_range) {
    // Underflow reads as zero; overflow is refused.
    bool negative_exponent =
        s.find("e-") != std::string_view::npos || s.find("E-") != std::string_view::npos;
    if (!negative_exponent) {
      return Status::InvalidArgument(fmt::format("'{}' is too large", ShortForMessage(s, 32)));
    }
    d = 0;
  } else if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(d)) {
    return bad();
  }
  return d;
}

FilterValue MakeRange(double lo, bool lo_inclusive, double hi, bool hi_inclusive) {
  FilterValue v = FilterValue::Range(lo, hi);
  // An infinite end keeps the flag FilterValue::Range gives it (meaningless either way).
  if (std::isfinite(lo)) v.lo_inclusive = lo_inclusive;
  if (std::isfinite(hi)) v.hi_inclusive = hi_inclusive;
  return v;
}

}  // namespace

Result<FilterValue> ParseDurationValue(std::string_view text) {
  if (text.starts_with(">=")) {
    ASSIGN_OR_RETURN(double n, ParseNumber(text.substr(2)));
    return MakeRange(n, true, kInf, false);
  }
  if (text.starts_with("<=")) {
    ASSIGN_OR_RETURN(double n, ParseNumber(text.substr(2)));
    return MakeRange(-kInf, false, n, true);
  }
  if (text.starts_with(">")) {
    ASSIGN_OR_RETURN(double n, ParseNumber(text.substr(1)));
    return MakeRange(n, false, kInf, false);
  }
  if (text.starts_with("<")) {
    ASSIGN_OR_RETURN(double n, ParseNumber(text.substr(1)));
    return MakeRange(-kInf, false, n, false);
  }
  size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    ASSIGN_OR_RETURN(double n, ParseNumber(text));
    return MakeRange(n, true, n, true);
  }
  std::string_view lo_text = text.substr(0, dots);
  std::string_view hi_text = text.substr(dots + 2);
  if (lo_text.empty() && hi_text.empty()) {
    return Status::InvalidArgument("a range needs at least one end, as in 100..200");
  }
  double lo = -kInf;
  double hi = kInf;
  if (!lo_text.empty()) {
    ASSIGN_OR_RETURN(lo, ParseNumber(lo_text));
  }
  if (!hi_text.empty()) {
    ASSIGN_OR_RETURN(hi, ParseNumber(hi_text));
  }
  if (lo > hi) return Status::InvalidArgument("the start of the range is after its end");
  return MakeRange(lo, true, hi, true);
}

Result<std::string> FormatDurationValue(const FilterValue& v) {
  auto cannot = [&] {
    return Status::InvalidArgument(fmt::format("duration range {}{}, {}{} cannot be written",
                                               v.lo_inclusive ? '[' : '(', v.lo, v.hi,
                                               v.hi_inclusive ? ']' : ')'));
  };
  if (v.kind != FilterValue::Kind::kRange || std::isnan(v.lo) || std::isnan(v.hi) || v.lo == kInf ||
      v.hi == -kInf || v.lo > v.hi || (std::isfinite(v.lo) && v.lo < 0) ||
      (std::isfinite(v.hi) && v.hi < 0)) {
    return cannot();
  }
  const bool lo_open = std::isinf(v.lo);
  const bool hi_open = std::isinf(v.hi);
  if (lo_open && hi_open) return cannot();
  if (hi_open) return fmt::format("{}{}", v.lo_inclusive ? ">=" : ">", v.lo);
  if (lo_open) return fmt::format("{}{}", v.hi_inclusive ? "<=" : "<", v.hi);
  if (!v.lo_inclusive || !v.hi_inclusive) return cannot();
  if (v.lo == v.hi) return fmt::format("{}", v.lo);
  return fmt::format("{}..{}", v.lo, v.hi);
}

}  // namespace vigil
