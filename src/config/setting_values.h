// How setting values are written, in the config file, in environment
// variables and on the command line alike (docs/configuration.md):
//   sizes       16MiB, 64KiB, 1GiB, 1500B or a bare number of bytes; also
//               KB, MB, GB (powers of 1000). Units are case-insensitive.
//   durations   500ms, 30s, 2m, 1h, 90d, or a sum such as 1m30s
//   per tenant  TENANT=VALUE,… e.g. acme=30d,globex=400d
//   booleans    true/false, yes/no, on/off, 1/0 (any case)
//   numbers     whole numbers (counts) or decimals (rates, e.g. 2.5)
// Parse errors say what was expected with an example; they do not name the
// setting (the caller prefixes that).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace vigil::config {

Result<uint64_t> ParseByteSize(std::string_view text);
// The largest binary unit that divides the size exactly: "16MiB", "1500B".
std::string FormatByteSize(uint64_t bytes);

Result<std::chrono::milliseconds> ParseDuration(std::string_view text);
// "30s", "1m30s", "1h", "90d", "500ms", "0s".
std::string FormatDuration(std::chrono::milliseconds d);

// Durations per tenant: "acme=30d,globex=400d" (spaces around items
// allowed; empty: none). Each duration > 0; a tenant named twice is an error.
using TenantDurations = std::map<std::string, std::chrono::milliseconds, std::less<>>;
Result<TenantDurations> ParseTenantDurations(std::string_view text);
// "acme=30d,globex=400d" (tenants in order).
std::string FormatTenantDurations(const TenantDurations& durations);

Result<bool> ParseBool(std::string_view text);

// A whole number in [min, max].
Result<uint64_t> ParseCount(std::string_view text, uint64_t min, uint64_t max);

// A finite decimal >= 0 ("100", "0.5"); a trailing "/s" is allowed.
Result<double> ParseRate(std::string_view text);
// The shortest text that reads back as the same rate: "100", "0.5".
std::string FormatRate(double rate);

}  // namespace vigil::config
