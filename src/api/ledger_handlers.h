// Handlers of /v1/ledger: the latest signed checkpoint and the Merkle proofs
// an auditor checks against it (docs/format/ledger.md, docs/api.md
// "Ledger"), and the "ledger" member of GET /v1/events/{id}.
//
// Hashes travel as standard base64; a checkpoint is the signed note's text
// exactly as stored. When the server keeps no checkpoints (ApiDeps::
// checkpoints is null) the /v1/ledger routes answer 503 and events carry no
// "ledger" member. A proof to the latest checkpoint of an event newer than
// it writes a new checkpoint first (CheckpointLog::Covering), so the answer
// is always signed.
#pragma once

#include <string>

#include "api/api_deps.h"
#include "api/request_context.h"
#include "core/event.h"
#include "core/status.h"
#include "net/http_types.h"

namespace vigil::api {

// Every route takes ?node=N on a store holding several nodes' logs (the
// ClickHouse backend, docs/scale-out.md): that node's log, checkpoints and
// key, which the answers name ("node"). Without it: this node's. An event
// found by id is proved against its own node's log. Another node's log is
// served up to its latest signed checkpoint only: this server cannot sign
// for it.

// The ?node= parameter: a node id, 0 to 65535; nullopt when absent.
Result<std::optional<uint16_t>> ParseNodeParam(const RequestContext& ctx);

// GET /v1/ledger/checkpoint[?node=N] — {node, origin, size, root,
// checkpoint, verifier_key} of the latest checkpoint (for this node, one of
// the current size is made when none exists yet).
net::HttpResponse GetLedgerCheckpoint(const ApiDeps& deps, RequestContext& ctx);

// GET /v1/ledger/proof/inclusion?seq=N[&node=]|id=ID[&size=M][&tenant=] — the audit
// path of one event visible to the caller in the tree of size M (default:
// the latest checkpoint, which covers it). 404 for an event outside the
// caller's tenant or fixed filters, as GET /v1/events/{id}.
net::HttpResponse GetInclusionProof(const ApiDeps& deps, RequestContext& ctx);

// GET /v1/ledger/proof/consistency?from=A[&to=B][&node=] — the proof that the tree
// of size A is a prefix of the tree of size B (default: the latest
// checkpoint's size).
net::HttpResponse GetConsistencyProof(const ApiDeps& deps, RequestContext& ctx);

// Appends ,"ledger":{[node,] seq, leaf_hash, size, proof, root, checkpoint}
// — e's inclusion proof to the latest checkpoint of its node's log (for
// this node, written first when it does not cover e) — to the JSON object
// in *out, before its closing brace. Appends nothing when deps.checkpoints
// is null, or for another node's event newer than that node's latest
// checkpoint. Errors: the store's (reading the
// tree) and the checkpoint log's (writing a checkpoint).
Status AppendEventLedgerMember(const ApiDeps& deps, const Event& e, std::string* out);

}  // namespace vigil::api
