// Scope names: "ingest", "read", "export", "admin" (principal.h), parsed
// from and formatted as comma-separated lists ("read,export").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/auth/principal.h"
#include "core/status.h"

namespace vigil::api {

// Every scope, in the order lists are written.
inline constexpr Scope kAllScopes[] = {Scope::kIngest, Scope::kRead, Scope::kExport, Scope::kAdmin};
inline constexpr ScopeSet kAllScopeBits = ScopeBit(Scope::kIngest) | ScopeBit(Scope::kRead) |
                                          ScopeBit(Scope::kExport) | ScopeBit(Scope::kAdmin);

std::string_view ScopeName(Scope scope);
// The scope with this exact (lower-case) name.
std::optional<Scope> ScopeFromName(std::string_view name);

// Parses "read,export" (spaces around names are ignored; repeats are
// allowed). InvalidArgument naming the bad entry: `unknown scope "reed"
// (scopes: ingest, read, export, admin)`, `empty scope name at position 2`,
// or `no scopes given` for an empty list.
Result<ScopeSet> ParseScopes(std::string_view text);

// Names of the scopes in scopes, in kAllScopes order.
std::vector<std::string> ScopeNames(ScopeSet scopes);
// "read,export"; "" for none.
std::string FormatScopes(ScopeSet scopes);

}  // namespace vigil::api
