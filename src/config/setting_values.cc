#include "config/setting_values.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/ascii.h"

namespace vigil::config {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads leading decimal digits into *value; false on none or overflow.
bool ReadDigits(std::string_view* s, uint64_t* value) {
  const char* end = s->data() + s->size();
  auto [ptr, ec] = std::from_chars(s->data(), end, *value);
  if (ec != std::errc() || ptr == s->data()) return false;
  s->remove_prefix(static_cast<size_t>(ptr - s->data()));
  return true;
}

struct Unit {
  std::string_view name;
  uint64_t factor;
};

constexpr std::array<Unit, 8> kSizeUnits = {{
    {"b", 1},
    {"kib", uint64_t{1} << 10},
    {"mib", uint64_t{1} << 20},
    {"gib", uint64_t{1} << 30},
    {"tib", uint64_t{1} << 40},
    {"kb", 1000},
    {"mb", 1000 * 1000},
    {"gb", 1000 * 1000 * 1000},
}};

constexpr std::array<Unit, 5> kDurationUnits = {{
    {"ms", 1},
    {"s", 1000},
    {"m", 60 * 1000},
    {"h", 60 * 60 * 1000},
    {"d", 24 * 60 * 60 * 1000},
}};

}  // namespace

Result<uint64_t> ParseByteSize(std::string_view text) {
  std::string_view s = Trim(text);
  auto bad = [&] {
    return Status::InvalidArgument(fmt::format(
        "bad size '{}' (expected bytes or a number with a unit: KiB, MiB, GiB, e.g. 16MiB)",
        EscapeControlBytes(text)));
  };
  uint64_t n = 0;
  if (!ReadDigits(&s, &n)) return bad();
  std::string unit(Trim(s));
  ToLowerAscii(&unit);
  if (unit.empty()) return n;
  for (const Unit& u : kSizeUnits) {
    if (unit != u.name) continue;
    if (n > std::numeric_limits<uint64_t>::max() / u.factor) {
      return Status::InvalidArgument(fmt::format("size '{}' is too large", text));
    }
    return n * u.factor;
  }
  return bad();
}

std::string FormatByteSize(uint64_t bytes) {
  constexpr std::array<Unit, 4> kBinary = {{{"TiB", uint64_t{1} << 40},
                                            {"GiB", uint64_t{1} << 30},
                                            {"MiB", uint64_t{1} << 20},
                                            {"KiB", uint64_t{1} << 10}}};
  for (const Unit& u : kBinary) {
    if (bytes != 0 && bytes % u.factor == 0) return fmt::format("{}{}", bytes / u.factor, u.name);
  }
  return fmt::format("{}B", bytes);
}

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  std::string_view s = Trim(text);
  auto bad = [&] {
    return Status::InvalidArgument(
        fmt::format("bad duration '{}' (expected a number with a unit: ms, s, m, h, d, e.g. 30s, "
                    "500ms, 2m, 1m30s or 90d)",
                    EscapeControlBytes(text)));
  };
  if (s == "0") return std::chrono::milliseconds(0);
  if (s.empty()) return bad();
  uint64_t total = 0;
  while (!s.empty()) {
    uint64_t n = 0;
    if (!ReadDigits(&s, &n)) return bad();
    size_t len = 0;
    while (len < s.size() &&
           ((s[len] >= 'a' && s[len] <= 'z') || (s[len] >= 'A' && s[len] <= 'Z'))) {
      ++len;
    }
    std::string unit(s.substr(0, len));
    ToLowerAscii(&unit);
    s.remove_prefix(len);
    const Unit* found = nullptr;
    for (const Unit& u : kDurationUnits) {
      if (unit == u.name) found = &u;
    }
    if (found == nullptr) return bad();
    constexpr uint64_t kMax = uint64_t{1} << 53;  // far beyond any sensible timeout
    if (n > kMax / found->factor || total > kMax - n * found->factor) {
      return Status::InvalidArgument(fmt::format("duration '{}' is too long", text));
    }
    total += n * found->factor;
  }
  return std::chrono::milliseconds(static_cast<int64_t>(total));
}

std::string FormatDuration(std::chrono::milliseconds d) {
  int64_t ms = d.count();
  if (ms <= 0) return ms == 0 ? "0s" : fmt::format("{}ms", ms);
  std::string out;
  for (const Unit& u : {kDurationUnits[4], kDurationUnits[3], kDurationUnits[2], kDurationUnits[1],
                        kDurationUnits[0]}) {
    auto factor = static_cast<int64_t>(u.factor);
    if (ms >= factor) {
      out += fmt::format("{}{}", ms / factor, u.name);
      ms %= factor;
    }
  }
  return out;
}

Result<TenantDurations> ParseTenantDurations(std::string_view text) {
  TenantDurations out;
  std::string_view rest = Trim(text);
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view item = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const size_t eq = item.find('=');
    const std::string_view tenant = eq == std::string_view::npos ? item : Trim(item.substr(0, eq));
    if (eq == std::string_view::npos || tenant.empty()) {
      return Status::InvalidArgument(fmt::format(
          "bad item '{}' (expected TENANT=DURATION, e.g. acme=30d)", EscapeControlBytes(item)));
    }
    Result<std::chrono::milliseconds> d = ParseDuration(item.substr(eq + 1));
    if (!d.ok()) return d.status().WithPrefix(fmt::format("tenant '{}'", tenant));
    if (d->count() <= 0) {
      return Status::InvalidArgument(
          fmt::format("tenant '{}': the duration must be larger than 0", tenant));
    }
    if (!out.emplace(std::string(tenant), *d).second) {
      return Status::InvalidArgument(fmt::format("tenant '{}' is named twice", tenant));
    }
  }
  return out;
}

std::string FormatTenantDurations(const TenantDurations& durations) {
  std::string out;
  for (const auto& [tenant, d] : durations) {
    if (!out.empty()) out += ',';
    out += tenant + "=" + FormatDuration(d);
  }
  return out;
}

Result<bool> ParseBool(std::string_view text) {
  std::string s(Trim(text));
  ToLowerAscii(&s);
  if (s == "true" || s == "yes" || s == "on" || s == "1") return true;
  if (s == "false" || s == "no" || s == "off" || s == "0") return false;
  return Status::InvalidArgument(
      fmt::format("bad boolean '{}' (expected true or false)", EscapeControlBytes(text)));
}

Result<uint64_t> ParseCount(std::string_view text, uint64_t min, uint64_t max) {
  std::string_view s = Trim(text);
  uint64_t n = 0;
  if (!ReadDigits(&s, &n) || !s.empty()) {
    return Status::InvalidArgument(
        fmt::format("bad number '{}' (expected a whole number)", EscapeControlBytes(text)));
  }
  if (n < min || n > max) {
    return Status::InvalidArgument(
        fmt::format("{} is out of range (expected {} to {})", n, min, max));
  }
  return n;
}

Result<double> ParseRate(std::string_view text) {
  std::string_view s = Trim(text);
  if (s.size() >= 2 && s.substr(s.size() - 2) == "/s") s = Trim(s.substr(0, s.size() - 2));
  double v = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, v, std::chars_format::fixed);
  if (s.empty() || ec != std::errc() || ptr != end || !std::isfinite(v) || v < 0) {
    return Status::InvalidArgument(
        fmt::format("bad rate '{}' (expected requests per second, a number >= 0 such as 100 or "
                    "0.5; 0 means unlimited)",
                    EscapeControlBytes(text)));
  }
  return v;
}

std::string FormatRate(double rate) { return fmt::format("{}", rate); }

}  // namespace vigil::config
