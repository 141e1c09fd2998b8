#include "api/export_handler.h"

#include <fmt/format.h>

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "api/json_response.h"
#include "api/ledger/checkpoint_log.h"
#include "api/ledger_handlers.h"
#include "api/ledger_source.h"
#include "api/read_scope_builder.h"
#include "api/tile_proofs.h"
#include "core/event_json.h"
#include "core/json_writer.h"
#include "core/timestamp.h"
#include "export/csv_writer.h"
#include "ledger/seal.h"

namespace vigil::api {
namespace {

constexpr size_t kChunkBytes = 256 * 1024;

// The checkpoint an export with proofs is taken against, checked against the
// log's own root of that size (the server never hands out proofs to a root
// its signature contradicts).
Result<SignedCheckpoint> ExportCheckpoint(LedgerSource& ledger) {
  ASSIGN_OR_RETURN(uint64_t end, ledger.End());
  ASSIGN_OR_RETURN(SignedCheckpoint cp, ledger.Covering(end));
  ASSIGN_OR_RETURN(ledger::Hash root, ledger.Root(cp.checkpoint.size));
  if (root != cp.checkpoint.root) {
    return Status::Corruption(fmt::format(
        "ledger of node {}: the store's root of its first {} events is not the one its signed "
        "checkpoint of that size holds",
        ledger.node(), cp.checkpoint.size));
  }
  return cp;
}

// {"ledger":{["node":N,]"checkpoint":…,"size":N,"root":…}} and a newline;
// node on a store holding several nodes' logs.
void AppendLedgerHeader(const SignedCheckpoint& cp, std::optional<uint16_t> node,
                        std::string* out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("ledger");
  w.BeginObject();
  if (node) {
    w.Key("node");
    w.Uint(*node);
  }
  w.Key("checkpoint");
  w.String(cp.note);
  w.Key("size");
  w.Uint(cp.checkpoint.size);
  w.Key("root");
  w.String(ledger::HashToBase64(cp.checkpoint.root));
  w.EndObject();
  w.EndObject();
  out->push_back('\n');
}

// Replaces the closing '}' of the event just written with ,"proof":[…]}.
void AppendProofMember(const std::vector<ledger::Hash>& proof, std::string* out) {
  out->pop_back();
  out->append(",\"proof\":[");
  for (size_t i = 0; i < proof.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->push_back('"');
    out->append(ledger::HashToBase64(proof[i]));
    out->push_back('"');
  }
  out->append("]}");
}

// Whether a scan with this scope visits every event of its tenant (or of
// the log): no query, no time range, the archive tier included.
bool CoversWholeLog(const ReadScope& scope) {
  return scope.filter.op == FilterNode::Op::kAll && scope.range.from_ms == TimeRange().from_ms &&
         scope.range.to_ms == TimeRange().to_ms && scope.online_from_ms == TimeRange().from_ms;
}

// Takes one finished line (with its "\n").
using LineSink = std::function<Status(std::string_view line)>;

// The scope's events of ledger's log below `size` with their proofs
// (LedgerSource::InclusionProof for each), in seq order.
Status ScanWithStoreProofs(const ApiDeps& deps, LedgerSource& ledger, const ReadScope& scope,
                           uint64_t size, const LineSink& emit) {
  ScanRequest req;
  req.scope = scope;
  req.node = ledger.node();
  bool past_end = false;
  std::string line;
  Status s = deps.store->Scan(req, [&](const Event& e) -> Status {
    if (e.seq >= size) {
      past_end = true;
      return Status::Internal("stop");  // ends the scan
    }
    line.clear();
    AppendEventWithSeq(e, &line);
    ASSIGN_OR_RETURN(std::vector<ledger::Hash> proof, ledger.InclusionProof(e.seq, size));
    AppendProofMember(proof, &line);
    line.push_back('\n');
    return emit(line);
  });
  return past_end ? Status::Ok() : s;
}

// The same for a scope without query or time range, faster: every event of
// the log below the checkpoint's size is read (leaf hashes need whole proof
// tiles), a proof tile's lines are held until its last event is read (at
// most TileProofs::kLeaves lines), then proved from its nodes
// (api/tile_proofs.h). Events of the last, incomplete one get
// LedgerSource::InclusionProof.
Status ScanWithTileProofs(const ApiDeps& deps, LedgerSource& ledger, const std::string& tenant,
                          const ledger::Checkpoint& checkpoint, const LineSink& emit) {
  const uint64_t size = checkpoint.size;
  TileProofs tiles(&ledger, checkpoint);
  std::vector<ledger::Hash> leaves;
  leaves.reserve(TileProofs::kLeaves);
  std::vector<std::pair<uint64_t, std::string>> pending;  // the tile's lines to export
  bool past_end = false;
  ScanRequest whole_log;
  whole_log.node = ledger.node();
  Status s = deps.store->Scan(whole_log, [&](const Event& e) -> Status {
    if (e.seq >= size) {
      past_end = true;
      return Status::Internal("stop");  // ends the scan
    }
    const uint64_t tile = e.seq / TileProofs::kLeaves;
    if (e.seq != tile * TileProofs::kLeaves + leaves.size()) {
      return Status::Corruption(fmt::format("ledger: the scan gave seq {} after seq {}", e.seq,
                                            tile * TileProofs::kLeaves + leaves.size()));
    }
    Result<ledger::Hash> leaf = ledger::EventLeafHash(e);
    if (!leaf.ok()) {
      // Stored data the ledger cannot hash: the server's fault, not the request's.
      return Status::Internal(fmt::format("event seq {}: cannot compute its leaf hash: {}", e.seq,
                                          leaf.status().message()));
    }
    leaves.push_back(*leaf);
    if (tenant.empty() || e.tenant == tenant) {
      pending.emplace_back(e.seq, std::string());
      AppendEventWithSeq(e, &pending.back().second);
    }
    if (leaves.size() < TileProofs::kLeaves) return Status::Ok();
    RETURN_IF_ERROR(tiles.Load(tile, std::move(leaves)));
    leaves.clear();
    for (auto& [seq, line] : pending) {
      AppendProofMember(tiles.Prove(seq), &line);
      line.push_back('\n');
      RETURN_IF_ERROR(emit(line));
    }
    pending.clear();
    return Status::Ok();
  });
  if (!past_end) RETURN_IF_ERROR(s);
  for (auto& [seq, line] : pending) {
    ASSIGN_OR_RETURN(std::vector<ledger::Hash> proof, ledger.InclusionProof(seq, size));
    AppendProofMember(proof, &line);
    line.push_back('\n');
    RETURN_IF_ERROR(emit(line));
  }
  return Status::Ok();
}

}  // namespace

Result<ExportParams> ParseExportParams(const ApiDeps& deps, const RequestContext& ctx) {
  ExportParams p;
  ASSIGN_OR_RETURN(p.scope, BuildReadScope(ctx, deps.retention, /*archive_by_default=*/true));
  const std::string_view format = ctx.http.Param("format").value_or("ndjson");
  if (format != "csv" && format != "ndjson") {
    return Status::InvalidArgument(fmt::format("format: must be csv or ndjson, got '{}'", format));
  }
  p.csv = format == "csv";
  ASSIGN_OR_RETURN(p.proofs, BoolParam(ctx, "proofs", false));
  ASSIGN_OR_RETURN(p.node, ParseNodeParam(ctx));
  if (!p.proofs) return p;
  if (p.csv) {
    return Status::InvalidArgument(
        "proofs: inclusion proofs come with format=ndjson only, not csv");
  }
  if (deps.checkpoints == nullptr) {
    return Status::Unavailable("proofs: not available: this server keeps no signed checkpoints");
  }
  if (deps.store->HoldsOtherLedgers() && !p.node) {
    return Status::InvalidArgument(
        fmt::format("node: required with proofs=true here, where each node keeps its own ledger "
                    "(docs/scale-out.md): export each node's events with node=N (this node is {})",
                    deps.store->LedgerNode()));
  }
  return p;
}

net::HttpResponse Export(const ApiDeps& deps, RequestContext& ctx) {
  Result<ExportParams> params = ParseExportParams(deps, ctx);
  if (!params.ok()) return ErrorResponse(params.status());
  const bool csv = params->csv;
  ReadScope& scope = params->scope;
  const std::optional<uint16_t> node = params->node;
  std::optional<SignedCheckpoint> checkpoint;
  std::shared_ptr<LedgerSource> ledger;  // the log the proofs are of
  if (params->proofs) {
    Result<std::unique_ptr<LedgerSource>> source = LedgerFor(deps, node);
    if (!source.ok()) return ErrorResponse(source.status());
    ledger = std::move(*source);
    Result<SignedCheckpoint> cp = ExportCheckpoint(*ledger);
    if (!cp.ok()) return ErrorResponse(cp.status());
    checkpoint = std::move(*cp);
  }
  const std::string tenant = scope.tenant.empty() ? std::string("all-tenants") : scope.tenant;
  const std::string stamp = FormatRfc3339(ctx.now_ms).substr(0, 10);

  net::HttpResponse r;
  r.headers.Add("Content-Type",
                csv ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson");
  r.headers.Add("Content-Disposition", fmt::format("attachment; filename=\"vigil-{}-{}.{}\"",
                                                   tenant, stamp, csv ? "csv" : "ndjson"));
  r.headers.Add("Cache-Control", "no-store");
  // Everything the stream needs is copied: it runs after this function returns.
  r.stream = [deps, scope = std::move(scope), csv, checkpoint = std::move(checkpoint), ledger, node,
              caller = AuditCaller::From(ctx),
              query =
                  std::string(ctx.http.Param("q").value_or(""))](net::BodyWriter& out) -> Status {
    std::string buf;
    buf.reserve(kChunkBytes + 64 * 1024);
    if (csv) CsvWriter::AppendHeader(&buf);
    if (checkpoint) {
      AppendLedgerHeader(*checkpoint,
                         deps.store->HoldsOtherLedgers() ? node : std::optional<uint16_t>(), &buf);
    }
    uint64_t rows = 0;
    // One finished line, its line ending included: buffered, written in chunks.
    auto emit = [&](std::string_view line) -> Status {
      buf.append(line);
      ++rows;
      if (buf.size() < kChunkBytes) return Status::Ok();
      Status w = out.Write(buf);
      buf.clear();
      return w;
    };
    Status s;
    if (checkpoint && CoversWholeLog(scope)) {
      s = ScanWithTileProofs(deps, *ledger, scope.tenant, checkpoint->checkpoint, emit);
    } else if (checkpoint) {
      s = ScanWithStoreProofs(deps, *ledger, scope, checkpoint->checkpoint.size, emit);
    } else {
      ScanRequest req;
      req.scope = scope;
      req.node = node;
      std::string line;
      s = deps.store->Scan(req, [&](const Event& e) -> Status {
        line.clear();
        if (csv) {
          CsvWriter::AppendRow(e, &line);
        } else {
          AppendEventWithSeq(e, &line);
          line.push_back('\n');
        }
        return emit(line);
      });
    }
    if (s.ok() && !buf.empty()) s = out.Write(buf);
    std::string meta;
    JsonWriter w(&meta);
    // Keys sorted: the order EventParser gives stored metadata back in, so
    // that the event re-parsed from an export has the same leaf hash.
    w.BeginObject();
    if (checkpoint) {
      w.Key("checkpoint_size");
      w.Uint(checkpoint->checkpoint.size);
    }
    w.Key("complete");
    w.Bool(s.ok());
    w.Key("format");
    w.String(csv ? "csv" : "ndjson");
    if (checkpoint) {
      w.Key("proofs");
      w.Bool(true);
    }
    w.Key("query");
    w.String(query);
    w.Key("rows");
    w.Uint(rows);
    w.EndObject();
    deps.audit->Record(
        caller, {.tenant = scope.tenant.empty() ? std::string(kSystemTenant) : scope.tenant,
                 .action = "audit.export",
                 .operation = "export",
                 .description = fmt::format("Exported {} events as {}{}", rows,
                                            csv ? "CSV" : "NDJSON", s.ok() ? "" : " (interrupted)"),
                 .metadata_json = std::move(meta),
                 .error = !s.ok()});
    return s;
  };
  return r;
}

}  // namespace vigil::api
