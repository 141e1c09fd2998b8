#include "store/clickhouse/sql_text.h"

#include <fmt/format.h>

namespace vigil::clickhouse {

std::string Quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c >= 0x7F) {
      fmt::format_to(std::back_inserter(out), "\\x{:02X}", c);
    } else {
      out += ch;
    }
  }
  out += '\'';
  return out;
}

Status CheckIdentifier(std::string_view setting, std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64 && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    ok = ok &&
         ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (ok) return Status::Ok();
  return Status::InvalidArgument(fmt::format(
      "{}: '{}' is not a valid ClickHouse name (letters, digits and '_', at most 64, not "
      "starting with a digit)",
      setting, name));
}

}  // namespace vigil::clickhouse
