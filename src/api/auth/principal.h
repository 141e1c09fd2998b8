// Principal: who is calling and what they may see, after authentication.
// Every API handler takes one; the tenant scope and fixed filters it carries
// are applied to every read, so a caller bound to tenant A can never read B.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::api {

enum class Scope : uint8_t {
  kIngest = 1 << 0,  // POST /v1/events
  kRead = 1 << 1,    // search, get, histogram, facets, stream; mint viewer tokens
  kExport = 1 << 2,  // GET /v1/export
  kAdmin = 1 << 3,   // keys, catalog, retention, configuration
};

// A set of scopes as bits.
using ScopeSet = uint8_t;

inline constexpr ScopeSet ScopeBit(Scope s) { return static_cast<ScopeSet>(s); }

struct Principal {
  enum class Kind : uint8_t { kApiKey, kViewerToken };
  Kind kind = Kind::kApiKey;
  std::string key_id;  // the API key's public id (for a viewer token: the key that minted it)
  std::string name;    // the key's name, for audit records
  ScopeSet scopes = 0;
  // The only tenant this principal may touch; empty: every tenant (an operator key).
  std::string tenant;
  // Environments it may touch; empty: any.
  std::vector<std::string> environments;
  // Viewer tokens only: filters fixed into every read (empty: not fixed).
  std::string workspace;
  std::string actor;
  std::string token_id;    // viewer tokens: the token's id, for audit records
  int64_t expires_ms = 0;  // viewer tokens: expiry (epoch ms)

  bool Has(Scope s) const { return (scopes & ScopeBit(s)) != 0; }
  bool is_operator() const { return tenant.empty(); }
};

}  // namespace vigil::api
