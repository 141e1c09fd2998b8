#include "api/auth/scopes.h"

#include <fmt/format.h>

#include "core/ascii.h"

namespace vigil::api {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kIngest:
      return "ingest";
    case Scope::kRead:
      return "read";
    case Scope::kExport:
      return "export";
    case Scope::kAdmin:
      return "admin";
  }
  return "unknown";
}

std::optional<Scope> ScopeFromName(std::string_view name) {
  for (Scope s : kAllScopes) {
    if (ScopeName(s) == name) return s;
  }
  return std::nullopt;
}

Result<ScopeSet> ParseScopes(std::string_view text) {
  if (Trim(text).empty()) {
    return Status::InvalidArgument("no scopes given (scopes: ingest, read, export, admin)");
  }
  ScopeSet out = 0;
  size_t position = 1;
  while (true) {
    const size_t comma = text.find(',');
    const std::string_view name = Trim(text.substr(0, comma));
    if (name.empty()) {
      return Status::InvalidArgument(fmt::format("empty scope name at position {}", position));
    }
    std::optional<Scope> scope = ScopeFromName(name);
    if (!scope) {
      return Status::InvalidArgument(
          fmt::format("unknown scope \"{}\" at position {} (scopes: ingest, read, export, admin)",
                      EscapeControlBytes(name.substr(0, 64)), position));
    }
    out |= ScopeBit(*scope);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    ++position;
  }
  return out;
}

std::vector<std::string> ScopeNames(ScopeSet scopes) {
  std::vector<std::string> out;
  for (Scope s : kAllScopes) {
    if ((scopes & ScopeBit(s)) != 0) out.emplace_back(ScopeName(s));
  }
  return out;
}

std::string FormatScopes(ScopeSet scopes) {
  std::string out;
  for (Scope s : kAllScopes) {
    if ((scopes & ScopeBit(s)) == 0) continue;
    if (!out.empty()) out.push_back(',');
    out.append(ScopeName(s));
  }
  return out;
}

}  // namespace vigil::api
