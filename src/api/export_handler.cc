#include "api/export_handler.h"

#include <fmt/format.h>

#include "api/json_response.h"
#include "api/read_scope_builder.h"
#include "core/event_json.h"
#include "core/json_writer.h"
#include "core/timestamp.h"
#include "export/csv_writer.h"

namespace vigil::api {
namespace {

constexpr size_t kChunkBytes = 256 * 1024;

}  // namespace

net::HttpResponse Export(const ApiDeps& deps, RequestContext& ctx) {
  Result<ReadScope> scope = BuildReadScope(ctx);
  if (!scope.ok()) return ErrorResponse(scope.status());
  const std::string_view format = ctx.http.Param("format").value_or("ndjson");
  if (format != "csv" && format != "ndjson") {
    return ErrorResponse(
        Status::InvalidArgument(fmt::format("format: must be csv or ndjson, got '{}'", format)));
  }
  const bool csv = format == "csv";
  const std::string tenant = scope->tenant.empty() ? std::string("all-tenants") : scope->tenant;
  const std::string stamp = FormatRfc3339(ctx.now_ms).substr(0, 10);

  net::HttpResponse r;
  r.headers.Add("Content-Type",
                csv ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson");
  r.headers.Add("Content-Disposition",
                fmt::format("attachment; filename=\"vigil-{}-{}.{}\"", tenant, stamp, format));
  r.headers.Add("Cache-Control", "no-store");
  // Everything the stream needs is copied: it runs after this function returns.
  r.stream = [deps, scope = std::move(*scope), csv, caller = AuditCaller::From(ctx),
              query =
                  std::string(ctx.http.Param("q").value_or(""))](net::BodyWriter& out) -> Status {
    std::string buf;
    buf.reserve(kChunkBytes + 64 * 1024);
    if (csv) CsvWriter::AppendHeader(&buf);
    uint64_t rows = 0;
    ScanRequest req;
    req.scope = scope;
    Status s = deps.store->Scan(req, [&](const Event& e) -> Status {
      if (csv) {
        CsvWriter::AppendRow(e, &buf);
      } else {
        AppendEventWithSeq(e, &buf);
        buf.push_back('\n');
      }
      ++rows;
      if (buf.size() < kChunkBytes) return Status::Ok();
      Status w = out.Write(buf);
      buf.clear();
      return w;
    });
    if (s.ok() && !buf.empty()) s = out.Write(buf);
    std::string meta;
    JsonWriter w(&meta);
    w.BeginObject();
    w.Key("complete");
    w.Bool(s.ok());
    w.Key("format");
    w.String(csv ? "csv" : "ndjson");
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
