// Handlers of the admin endpoints: API keys (/v1/keys, admin scope), viewer
// tokens (/v1/viewer-tokens, read scope) and redactions
// (/v1/admin/redactions, admin scope).
#pragma once

#include "api/api_deps.h"
#include "api/auth/api_key_store.h"
#include "api/auth/viewer_token_signer.h"
#include "api/request_context.h"
#include "net/http_types.h"

namespace vigil::api {

struct AdminDeps {
  ApiKeyStore* keys = nullptr;
  ViewerTokenSigner* tokens = nullptr;
};

// GET /v1/keys — the keys the caller administers (a tenant-bound admin sees
// its tenant's keys only). Never secrets.
net::HttpResponse ListKeys(const ApiDeps& deps, const AdminDeps& admin, RequestContext& ctx);

// POST /v1/keys {"name","scopes":[…],"tenant","environments":[…]} — 201 with
// the secret, shown once. A tenant-bound admin creates keys for its tenant only.
net::HttpResponse CreateKey(const ApiDeps& deps, const AdminDeps& admin, RequestContext& ctx);

// DELETE /v1/keys/{id} — revokes; 404 for keys outside the caller's tenant.
net::HttpResponse RevokeKey(const ApiDeps& deps, const AdminDeps& admin, RequestContext& ctx);

// POST /v1/viewer-tokens {"tenant","ttl_seconds","scopes":[…],"workspace",
// "environment","actor"} — 201 with a signed token for embedding the UI.
net::HttpResponse MintViewerToken(const ApiDeps& deps, const AdminDeps& admin, RequestContext& ctx);

// POST /v1/admin/redactions {"tenant","actor"} — erases the personal values
// of the actor's events in the tenant (Store::RedactActor); 200
// {"tenant","actor","events","segments"}, recorded as audit.redact in that
// tenant. A tenant-bound admin redacts its own tenant only (403), and may
// leave "tenant" out.
net::HttpResponse CreateRedaction(const ApiDeps& deps, RequestContext& ctx);

}  // namespace vigil::api
