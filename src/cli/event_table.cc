#include "cli/event_table.h"

#include <algorithm>
#include <array>

#include "core/timestamp.h"

namespace vigil::cli {
namespace {

constexpr size_t kColumns = 8;

std::string Clean(std::string_view s, size_t max_bytes) {
  std::string out;
  for (char c : s) {
    if (out.size() >= max_bytes) break;
    out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  }
  // Do not cut a UTF-8 character in half.
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80 &&
         out.size() >= max_bytes) {
    out.pop_back();
  }
  if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  return out;
}

// Display width: counts UTF-8 lead bytes (an approximation that ignores wide glyphs).
size_t Width(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::array<std::string, kColumns> Row(const Event& e) {
  std::string actor = !e.actor.email.empty()  ? e.actor.email
                      : !e.actor.name.empty() ? e.actor.name
                                              : e.actor.id;
  std::string target = e.target.type.empty() ? e.target.id : e.target.type + ":" + e.target.id;
  return {FormatRfc3339(e.time_ms), Clean(e.tenant, 40),
          Clean(e.action, 48),      std::string(EventStatusName(e.status)),
          Clean(actor, 40),         Clean(target, 40),
          Clean(e.context.ip, 40),  Clean(e.description, 4096)};
}

}  // namespace

std::string RenderEventTable(const std::vector<Event>& events, size_t max_width) {
  std::vector<std::array<std::string, kColumns>> rows;
  rows.push_back({"TIME", "TENANT", "ACTION", "STATUS", "ACTOR", "TARGET", "IP", "DESCRIPTION"});
  for (const Event& e : events) rows.push_back(Row(e));
  std::array<size_t, kColumns> widths{};
  for (const auto& r : rows) {
    for (size_t c = 0; c + 1 < kColumns; ++c) widths[c] = std::max(widths[c], Width(r[c]));
  }
  size_t fixed = 0;
  for (size_t c = 0; c + 1 < kColumns; ++c) fixed += widths[c] + 2;
  std::string out;
  for (auto& r : rows) {
    for (size_t c = 0; c + 1 < kColumns; ++c) {
      out += r[c];
      out.append(widths[c] + 2 - Width(r[c]), ' ');
    }
    std::string& desc = r[kColumns - 1];
    if (max_width > 0) {
      size_t room = max_width > fixed + 4 ? max_width - fixed : 4;
      if (Width(desc) > room) desc = Clean(desc, room - 1) + "…";
    }
    out += desc;
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
  return out;
}

}  // namespace vigil::cli
