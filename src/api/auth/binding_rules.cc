#include "api/auth/binding_rules.h"

#include <fmt/format.h>

#include <algorithm>

#include "api/auth/auth_format.h"
#include "core/ascii.h"
#include "core/json_writer.h"

namespace vigil::api {
namespace {

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool AllCharsIn(std::string_view s, std::string_view extra) {
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return IsAlnum(c) || extra.find(c) != std::string_view::npos; });
}

// s as a JSON string literal (quoted, control bytes escaped), cut to 64 bytes.
std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(s.substr(0, 64), &out);
  if (s.size() > 64) out.insert(out.size() - 1, "...");
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The rules of NormalizeEnvironment, with errors naming field.
Result<std::string> NormalizeEnvironmentField(std::string_view environment,
                                              std::string_view field) {
  if (environment.empty()) return Status::InvalidArgument(fmt::format("{}: empty", field));
  if (environment.size() > kMaxEnvironmentBytes) {
    return Status::InvalidArgument(fmt::format("{}: {} bytes; the limit is {}", field,
                                               environment.size(), kMaxEnvironmentBytes));
  }
  if (!AllCharsIn(environment, "._-")) {
    return Status::InvalidArgument(
        fmt::format("{}: {} may only hold letters, digits and . _ -", field, Quoted(environment)));
  }
  std::string out(environment);
  ToLowerAscii(&out);
  return out;
}

}  // namespace

Status ValidateTenant(std::string_view tenant) {
  if (tenant.empty()) return Status::InvalidArgument("tenant: empty");
  if (tenant.size() > kMaxTenantBytes) {
    return Status::InvalidArgument(
        fmt::format("tenant: {} bytes; the limit is {}", tenant.size(), kMaxTenantBytes));
  }
  if (!AllCharsIn(tenant, "._:@-")) {
    return Status::InvalidArgument(
        fmt::format("tenant: {} may only hold letters, digits and . _ : @ -", Quoted(tenant)));
  }
  if (tenant[0] == '_' && tenant != kOperatorTenant) {
    return Status::InvalidArgument(fmt::format(
        "tenant: {}: names starting with '_' are reserved (only the operator tenant {} is "
        "allowed)",
        Quoted(tenant), kOperatorTenant));
  }
  return Status::Ok();
}

Result<std::string> NormalizeEnvironment(std::string_view environment) {
  return NormalizeEnvironmentField(environment, "environment");
}

Status NormalizeEnvironments(std::vector<std::string>* environments) {
  if (environments->size() > kMaxKeyEnvironments) {
    return Status::InvalidArgument(fmt::format("environments: {} entries; the limit is {}",
                                               environments->size(), kMaxKeyEnvironments));
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < environments->size(); ++i) {
    Result<std::string> env =
        NormalizeEnvironmentField((*environments)[i], fmt::format("environments[{}]", i));
    if (!env.ok()) return env.status();
    if (std::find(out.begin(), out.end(), *env) == out.end()) out.push_back(std::move(*env));
  }
  *environments = std::move(out);
  return Status::Ok();
}

Result<std::vector<std::string>> ParseEnvironmentList(std::string_view text) {
  std::vector<std::string> out;
  if (Trim(text).empty()) return out;
  while (true) {
    const size_t comma = text.find(',');
    out.emplace_back(Trim(text.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  RETURN_IF_ERROR(NormalizeEnvironments(&out));
  return out;
}

Status ValidateKeyName(std::string_view name) {
  if (name.empty()) return Status::InvalidArgument("name: empty");
  if (name.size() > kMaxKeyNameBytes) {
    return Status::InvalidArgument(
        fmt::format("name: {} bytes; the limit is {}", name.size(), kMaxKeyNameBytes));
  }
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7F) {
      return Status::InvalidArgument(fmt::format("name: control character at byte {}", i));
    }
  }
  return Status::Ok();
}

}  // namespace vigil::api
