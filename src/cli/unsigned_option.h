// A CLI11 check for unsigned integer options. CLI11 reads "-1" into a
// uint64_t as 2^64 - 1 (`vigil gen -1` would never end); with this check a
// value must be plain decimal digits, so a negative one is a usage error.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace vigil::cli {

inline CLI::Validator DecimalDigits() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return "";
        return "expected a non-negative integer, got '" + text + "'";
      },
      "UINT");
}

}  // namespace vigil::cli
