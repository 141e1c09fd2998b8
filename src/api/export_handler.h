// GET /v1/export?q=&from=&to=&format=csv|ndjson&proofs= — every matching
// event, streamed in ledger (seq) order in constant memory, whatever the
// period (no default time window: "download logs of any period").
//
// proofs=true (NDJSON only): the export is taken against one signed
// checkpoint, fixed when the request starts (the latest, or a new one of the
// store's size when the latest does not cover every event). Only events with
// seq below its size are exported. The first line is
//   {"ledger":{"checkpoint":"<signed note>","size":N,"root":"<base64>"}}
// and each event line is the display form with a last member
// "proof":["<base64>",…], its RFC 9162 inclusion proof in the tree of size
// N: `vigil verify --export` checks the file offline (docs/api.md). Without
// a query or time range the proofs are built a tile at a time
// (api/tile_proofs.h), holding at most one tile's lines.
#pragma once

#include <cstdint>
#include <optional>

#include "api/api_deps.h"
#include "api/request_context.h"
#include "net/http_types.h"

namespace vigil::api {

// The export's parameters, checked (InvalidArgument naming the parameter;
// Unavailable for proofs where no ledger is served): what POST
// /v1/export/links checks before it hands out a link.
struct ExportParams {
  ReadScope scope;
  bool csv = false;
  bool proofs = false;
  std::optional<uint16_t> node;  // node=N
};
Result<ExportParams> ParseExportParams(const ApiDeps& deps, const RequestContext& ctx);

net::HttpResponse Export(const ApiDeps& deps, RequestContext& ctx);

}  // namespace vigil::api
