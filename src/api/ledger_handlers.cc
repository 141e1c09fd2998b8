#include "api/ledger_handlers.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "api/json_response.h"
#include "api/ledger/checkpoint_log.h"
#include "api/ledger_source.h"
#include "api/read_scope_builder.h"
#include "core/json_writer.h"
#include "ledger/seal.h"
#include "store/filter_matcher.h"

namespace vigil::api {
namespace {

net::HttpResponse BadRequest(std::string message) {
  return ErrorResponse(ApiError(ApiErrorCode::kBadRequest, std::move(message)));
}

net::HttpResponse NoCheckpoints() {
  return ErrorResponse(ApiError(ApiErrorCode::kUnavailable,
                                "the ledger API is not available: this server keeps no signed "
                                "checkpoints"));
}

// A query parameter holding a seq or a tree size: decimal digits only (no
// sign, no exponent, not empty), below 2^64. nullopt when absent.
Result<std::optional<uint64_t>> ParseNumber(const RequestContext& ctx, std::string_view name,
                                            std::string_view what) {
  const std::optional<std::string_view> text = ctx.http.Param(name);
  if (!text) return std::optional<uint64_t>();
  const char* end = text->data() + text->size();
  uint64_t v = 0;
  const bool digits = !text->empty() && std::all_of(text->begin(), text->end(),
                                                    [](char c) { return c >= '0' && c <= '9'; });
  auto [ptr, ec] = std::from_chars(text->data(), end, v);
  if (!digits || ec != std::errc() || ptr != end) {
    return Status::InvalidArgument(
        fmt::format("{}: expected {} (decimal digits, below 2^64), got '{}'", name, what, *text));
  }
  return std::optional<uint64_t>(v);
}

// The ledger a request names with ?node= (this node's when absent).
Result<std::unique_ptr<LedgerSource>> RequestedLedger(const ApiDeps& deps,
                                                      const RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::optional<uint16_t> node, ParseNodeParam(ctx));
  return LedgerFor(deps, node);
}

// The latest checkpoint; for this node, one of its log's current size when
// none exists yet.
Result<SignedCheckpoint> CurrentCheckpoint(LedgerSource& ledger) {
  ASSIGN_OR_RETURN(std::optional<SignedCheckpoint> latest, ledger.Latest());
  if (latest) return std::move(*latest);
  ASSIGN_OR_RETURN(uint64_t end, ledger.End());
  return ledger.Covering(end);
}

// The latest checkpoint when it has this size.
Result<std::optional<SignedCheckpoint>> CheckpointOfSize(LedgerSource& ledger, uint64_t size) {
  ASSIGN_OR_RETURN(std::optional<SignedCheckpoint> latest, ledger.Latest());
  if (latest && latest->checkpoint.size == size) return latest;
  return std::optional<SignedCheckpoint>();
}

// The log's root of its first `size` events, checked against the signed
// checkpoint of that size when there is one: the server never hands out a
// proof to a root that the signature contradicts.
Result<ledger::Hash> RootAt(LedgerSource& ledger, uint64_t size,
                            const std::optional<SignedCheckpoint>& signed_checkpoint) {
  ASSIGN_OR_RETURN(ledger::Hash root, ledger.Root(size));
  if (signed_checkpoint && signed_checkpoint->checkpoint.size == size &&
      signed_checkpoint->checkpoint.root != root) {
    return Status::Corruption(
        fmt::format("ledger of node {}: the store's root of its first {} events is not the one "
                    "its signed checkpoint of that size holds",
                    ledger.node(), size));
  }
  return root;
}

// The event at seq of node's log, whatever its tenant (visibility is the
// caller's check, so that the scan stops at once instead of walking to the
// tenant's next event); nullopt past the log's end.
Result<std::optional<Event>> EventAtSeq(Store* store, uint16_t node, uint64_t seq) {
  std::optional<Event> found;
  ScanRequest req;
  req.from_seq = seq;
  req.node = node;
  Status s = store->Scan(req, [&](const Event& e) -> Status {
    found = e;
    return Status::Internal("stop");  // ends the scan after one event
  });
  if (found) {
    if (found->seq != seq) return std::optional<Event>();
    return found;
  }
  if (!s.ok()) return s;
  return std::optional<Event>();
}

// "node": N, on a store whose reads hold several nodes' logs.
void WriteNodeMember(const ApiDeps& deps, JsonWriter& w, uint16_t node) {
  if (!deps.store->HoldsOtherLedgers()) return;
  w.Key("node");
  w.Uint(node);
}

// Whether the caller may see e: its tenant (or the tenant an operator asked
// for) and its fixed filters, as GET /v1/events/{id}.
bool Visible(const RequestContext& ctx, std::string_view tenant, const Event& e) {
  if (!tenant.empty() && e.tenant != tenant) return false;
  const Filter restrictions = PrincipalRestrictions(ctx.principal);
  return FilterMatcher(restrictions).Matches(e);
}

// An inclusion proof of one event.
struct Inclusion {
  uint64_t size = 0;
  ledger::Hash leaf_hash{};
  std::vector<ledger::Hash> proof;
  ledger::Hash root{};
  std::optional<SignedCheckpoint> checkpoint;  // the signed checkpoint of `size`, if any
};

// e's proof in the tree of `size` events of its node's log; by default the
// latest checkpoint (for this node, written first when it does not cover e).
// Precondition: e.seq < *size.
Result<Inclusion> ProveInclusion(LedgerSource& ledger, const Event& e,
                                 std::optional<uint64_t> size) {
  Inclusion in;
  if (size) {
    in.size = *size;
    ASSIGN_OR_RETURN(in.checkpoint, CheckpointOfSize(ledger, *size));
  } else {
    ASSIGN_OR_RETURN(SignedCheckpoint cp, ledger.Covering(e.seq + 1));
    in.size = cp.checkpoint.size;
    in.checkpoint = std::move(cp);
  }
  Result<ledger::Hash> leaf = ledger::EventLeafHash(e);
  if (!leaf.ok()) {
    // Stored data the ledger cannot hash: the server's fault, not the request's.
    return Status::Internal(fmt::format("event seq {}: cannot compute its leaf hash: {}", e.seq,
                                        leaf.status().message()));
  }
  in.leaf_hash = *leaf;
  ASSIGN_OR_RETURN(in.proof, ledger.InclusionProof(e.seq, in.size));
  ASSIGN_OR_RETURN(in.root, RootAt(ledger, in.size, in.checkpoint));
  return in;
}

void WriteProof(JsonWriter& w, const std::vector<ledger::Hash>& proof) {
  w.BeginArray();
  for (const ledger::Hash& h : proof) w.String(ledger::HashToBase64(h));
  w.EndArray();
}

// "size", "leaf_hash", "proof", "root" and, when signed, "checkpoint".
void WriteInclusionMembers(JsonWriter& w, const Inclusion& in) {
  w.Key("size");
  w.Uint(in.size);
  w.Key("leaf_hash");
  w.String(ledger::HashToBase64(in.leaf_hash));
  w.Key("proof");
  WriteProof(w, in.proof);
  w.Key("root");
  w.String(ledger::HashToBase64(in.root));
  if (in.checkpoint) {
    w.Key("checkpoint");
    w.String(in.checkpoint->note);
  }
}

}  // namespace

Result<std::optional<uint16_t>> ParseNodeParam(const RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::optional<uint64_t> node, ParseNumber(ctx, "node", "a node id"));
  if (!node) return std::optional<uint16_t>();
  if (*node > 65535) {
    return Status::InvalidArgument(
        fmt::format("node: expected a node id (0 to 65535), got {}", *node));
  }
  return std::optional<uint16_t>(static_cast<uint16_t>(*node));
}

net::HttpResponse GetLedgerCheckpoint(const ApiDeps& deps, RequestContext& ctx) {
  if (deps.checkpoints == nullptr) return NoCheckpoints();
  Result<std::unique_ptr<LedgerSource>> ledger = RequestedLedger(deps, ctx);
  if (!ledger.ok()) return ErrorResponse(ledger.status());
  Result<SignedCheckpoint> cp = CurrentCheckpoint(**ledger);
  if (!cp.ok()) return ErrorResponse(cp.status());
  Result<std::string> key = (*ledger)->VerifierKey();
  if (!key.ok()) return ErrorResponse(key.status());
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  WriteNodeMember(deps, w, (*ledger)->node());
  w.Key("origin");
  w.String(cp->checkpoint.origin);
  w.Key("size");
  w.Uint(cp->checkpoint.size);
  w.Key("root");
  w.String(ledger::HashToBase64(cp->checkpoint.root));
  w.Key("checkpoint");
  w.String(cp->note);
  w.Key("verifier_key");
  w.String(*key);
  w.EndObject();
  return JsonResponse(std::move(out));
}

net::HttpResponse GetInclusionProof(const ApiDeps& deps, RequestContext& ctx) {
  if (deps.checkpoints == nullptr) return NoCheckpoints();
  Result<std::string> tenant = ScopedTenant(ctx);
  if (!tenant.ok()) return ErrorResponse(tenant.status());
  Result<std::optional<uint64_t>> seq = ParseNumber(ctx, "seq", "an event seq");
  if (!seq.ok()) return ErrorResponse(seq.status());
  Result<std::optional<uint64_t>> size = ParseNumber(ctx, "size", "a tree size");
  if (!size.ok()) return ErrorResponse(size.status());
  Result<std::optional<uint16_t>> node = ParseNodeParam(ctx);
  if (!node.ok()) return ErrorResponse(node.status());
  const std::optional<std::string_view> id = ctx.http.Param("id");
  if (*seq && id) return BadRequest("give seq or id, not both");
  if (!*seq && !id) return BadRequest("give seq (the event's ledger position) or id");
  if (id && id->empty()) return BadRequest("id: must not be empty");
  if (id && *node) return BadRequest("node: goes with seq; an id names its event's node itself");

  // The log: the event's node for an id, ?node= (default this node's) for a seq.
  const uint16_t seq_node = node->value_or(deps.store->LedgerNode());
  Result<std::optional<Event>> found =
      *seq ? EventAtSeq(deps.store, seq_node, **seq) : deps.store->Get(*tenant, *id);
  if (!found.ok()) return ErrorResponse(found.status());
  Result<std::unique_ptr<LedgerSource>> ledger =
      LedgerFor(deps, found->has_value() ? (*found)->node : seq_node);
  if (!ledger.ok()) return ErrorResponse(ledger.status());
  Result<uint64_t> end = (*ledger)->End();
  if (!end.ok()) return ErrorResponse(end.status());
  if (*size && **size > *end) {
    return BadRequest(fmt::format("size: {} is past the log's end ({} events{})", **size, *end,
                                  (*ledger)->other() ? ", as its node last signed" : ""));
  }
  auto check_size = [&](uint64_t event_seq) -> std::optional<net::HttpResponse> {
    if (*size && **size <= event_seq) {
      return BadRequest(
          fmt::format("size: a tree of {} events does not hold seq {} (size must be above the seq)",
                      **size, event_seq));
    }
    return std::nullopt;
  };
  if (*seq) {
    if (auto bad = check_size(**seq)) return *bad;
  }
  if (!found->has_value() || !Visible(ctx, *tenant, **found)) {
    const uint64_t log_end = (*ledger)->other() ? *end : deps.store->EndSeq();
    std::string what = *seq ? fmt::format("seq {}", **seq) : fmt::format("id '{}'", *id);
    std::string message =
        *seq && **seq >= log_end && !found->has_value()
            ? fmt::format("no event with seq {}: the log holds {} events", **seq, log_end)
        : !tenant->empty() && PrincipalRestrictions(ctx.principal).op == FilterNode::Op::kAll
            ? fmt::format("no event with {} in this tenant", what)
            : fmt::format("no event with {} is visible to this caller", what);
    return ErrorResponse(ApiError(ApiErrorCode::kNotFound, std::move(message)));
  }
  const Event& e = **found;
  if (auto bad = check_size(e.seq)) return *bad;

  Result<Inclusion> in = ProveInclusion(**ledger, e, *size);
  if (!in.ok()) return ErrorResponse(in.status());
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  WriteNodeMember(deps, w, e.node);
  w.Key("seq");
  w.Uint(e.seq);
  w.Key("id");
  w.String(e.id);
  w.Key("tenant");
  w.String(e.tenant);
  WriteInclusionMembers(w, *in);
  w.EndObject();
  return JsonResponse(std::move(out));
}

net::HttpResponse GetConsistencyProof(const ApiDeps& deps, RequestContext& ctx) {
  if (deps.checkpoints == nullptr) return NoCheckpoints();
  Result<std::optional<uint64_t>> from = ParseNumber(ctx, "from", "a tree size");
  if (!from.ok()) return ErrorResponse(from.status());
  Result<std::optional<uint64_t>> to = ParseNumber(ctx, "to", "a tree size");
  if (!to.ok()) return ErrorResponse(to.status());
  if (!*from) return BadRequest("from: required (the size of the older tree)");
  Result<std::unique_ptr<LedgerSource>> ledger = RequestedLedger(deps, ctx);
  if (!ledger.ok()) return ErrorResponse(ledger.status());
  LedgerSource& log = **ledger;
  Result<uint64_t> end = log.End();
  if (!end.ok()) return ErrorResponse(end.status());
  if (*to && **to > *end) {
    return BadRequest(fmt::format("to: {} is past the log's end ({} events)", **to, *end));
  }
  if (*to && **from > **to) {
    return BadRequest(fmt::format("from: {} is past to ({}); a log only grows", **from, **to));
  }

  std::optional<SignedCheckpoint> signed_to;
  uint64_t size2 = 0;
  if (*to) {
    size2 = **to;
    Result<std::optional<SignedCheckpoint>> of_size = CheckpointOfSize(log, size2);
    if (!of_size.ok()) return ErrorResponse(of_size.status());
    signed_to = std::move(*of_size);
  } else {
    if (**from > *end) {
      return BadRequest(fmt::format("from: {} is past the log's end ({} events)", **from, *end));
    }
    // The latest checkpoint, or a new one when from is past it.
    Result<SignedCheckpoint> latest = log.Covering(**from);
    if (!latest.ok()) return ErrorResponse(latest.status());
    size2 = latest->checkpoint.size;
    signed_to = std::move(*latest);
  }
  const uint64_t size1 = **from;
  Result<std::vector<ledger::Hash>> proof = log.ConsistencyProof(size1, size2);
  if (!proof.ok()) return ErrorResponse(proof.status());
  Result<std::optional<SignedCheckpoint>> signed_from = CheckpointOfSize(log, size1);
  if (!signed_from.ok()) return ErrorResponse(signed_from.status());
  Result<ledger::Hash> root1 = RootAt(log, size1, *signed_from);
  if (!root1.ok()) return ErrorResponse(root1.status());
  Result<ledger::Hash> root2 = RootAt(log, size2, signed_to);
  if (!root2.ok()) return ErrorResponse(root2.status());

  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  WriteNodeMember(deps, w, log.node());
  w.Key("from");
  w.Uint(size1);
  w.Key("to");
  w.Uint(size2);
  w.Key("proof");
  WriteProof(w, *proof);
  w.Key("root_from");
  w.String(ledger::HashToBase64(*root1));
  w.Key("root_to");
  w.String(ledger::HashToBase64(*root2));
  if (signed_to) {
    w.Key("checkpoint");
    w.String(signed_to->note);
  }
  w.EndObject();
  return JsonResponse(std::move(out));
}

Status AppendEventLedgerMember(const ApiDeps& deps, const Event& e, std::string* out) {
  if (deps.checkpoints == nullptr) return Status::Ok();
  if (out->empty() || out->back() != '}') {
    return Status::Internal("AppendEventLedgerMember: the output is not a JSON object");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<LedgerSource> ledger, LedgerFor(deps, e.node));
  Result<Inclusion> in = ProveInclusion(*ledger, e, std::nullopt);
  // Another node's event newer than that node's latest checkpoint: no proof
  // yet (it signs one within its interval), which is not the read's failure.
  if (!in.ok() && ledger->other() && in.status().code() == StatusCode::kUnavailable) {
    return Status::Ok();
  }
  if (!in.ok()) return in.status();
  std::string member;
  JsonWriter w(&member);
  w.BeginObject();
  WriteNodeMember(deps, w, e.node);
  w.Key("seq");
  w.Uint(e.seq);
  WriteInclusionMembers(w, *in);
  w.EndObject();
  out->pop_back();
  out->append(",\"ledger\":");
  out->append(member);
  out->push_back('}');
  return Status::Ok();
}

}  // namespace vigil::api
