// ReadScopeBuilder: the query parameters of a read (q, from, to, tenant) and
// the caller's Principal → the ReadScope the store evaluates.
//
// This is where tenant isolation is enforced for reads: a tenant-bound key or
// viewer token always reads its own tenant only (a `tenant` parameter naming
// another tenant is refused), its environment binding is ANDed into the
// filter, and a viewer token's fixed filters (workspace, environment, actor)
// are ANDed in too, so no query text can widen them.
#pragma once

#include "api/request_context.h"
#include "core/status.h"
#include "store/retention_policy.h"
#include "store/store.h"

namespace vigil::api {

// Parses q (query language), from / to (RFC 3339, from inclusive, to
// exclusive), archive (true/false) and, for operator keys, tenant.
// InvalidArgument names the parameter ("q: unexpected ')' at 14", "from: …");
// PermissionDenied when a bound caller names another tenant.
//
// Tiers (docs/retention.md): with a retention policy, a read without
// archive=true covers the tenant's online window only (ReadScope::
// online_from_ms at the request's time); archive=true reads every event.
// archive_by_default: the default of `archive` (true for exports). A null
// retention: every read covers everything.
Result<ReadScope> BuildReadScope(const RequestContext& ctx, const RetentionPolicy* retention,
                                 bool archive_by_default = false);

// A true/false query parameter (`archive`, `proofs`): fallback when absent;
// InvalidArgument naming it for any other value.
Result<bool> BoolParam(const RequestContext& ctx, std::string_view name, bool fallback);

// The tenant a bound caller writes to or reads from, or the `tenant`
// parameter of an operator (empty when absent).
Result<std::string> ScopedTenant(const RequestContext& ctx);

// The caller's fixed restrictions (environments, viewer-token filters) as a
// filter; FilterNode::All() when none. Used by reads that do not take a query.
Filter PrincipalRestrictions(const Principal& principal);

}  // namespace vigil::api
