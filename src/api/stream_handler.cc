#include "api/stream_handler.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "api/json_response.h"
#include "api/read_scope_builder.h"
#include "core/event_json.h"
#include "core/json_writer.h"

namespace vigil::api {
namespace {

Result<std::optional<uint64_t>> ParseSeq(std::optional<std::string_view> text,
                                         std::string_view name) {
  if (!text) return std::optional<uint64_t>();
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return Status::InvalidArgument(
        fmt::format("{}: expected an event seq (a number), got '{}'", name, *text));
  }
  return std::optional<uint64_t>(v);
}

}  // namespace

net::HttpResponse Stream(const ApiDeps& deps, RequestContext& ctx) {
  Result<ReadScope> scope = BuildReadScope(ctx, deps.retention);
  if (!scope.ok()) return ErrorResponse(scope.status());
  Result<std::optional<uint64_t>> last_id =
      ParseSeq(ctx.http.headers.Find("Last-Event-ID"), "Last-Event-ID");
  if (!last_id.ok()) return ErrorResponse(last_id.status());
  Result<std::optional<uint64_t>> after = ParseSeq(ctx.http.Param("after_seq"), "after_seq");
  if (!after.ok()) return ErrorResponse(after.status());
  // Start after the last event the client saw, else at the newest event.
  uint64_t next = deps.store->EndSeq();
  if (*last_id) next = **last_id + 1;
  if (*after) next = **after + 1;

  std::string meta;
  JsonWriter w(&meta);
  w.BeginObject();
  w.Key("query");
  w.String(ctx.http.Param("q").value_or(""));
  w.Key("stream");
  w.Bool(true);
  w.EndObject();
  deps.audit->Record(ctx,
                     {.tenant = scope->tenant.empty() ? std::string(kSystemTenant) : scope->tenant,
                      .action = "audit.view",
                      .operation = "view",
                      .description = "Opened a live tail of the audit log",
                      .metadata_json = std::move(meta)});

  net::HttpResponse r;
  r.headers.Add("Content-Type", "text/event-stream; charset=utf-8");
  r.headers.Add("Cache-Control", "no-store");
  r.headers.Add("X-Accel-Buffering", "no");  // proxies: do not buffer the stream
  r.stream = [deps, scope = std::move(*scope), next](net::BodyWriter& out) mutable -> Status {
    // Tell EventSource to reconnect after 2 s, and confirm the stream is open.
    RETURN_IF_ERROR(out.Write("retry: 2000\n: tail open\n\n"));
    std::string buf;
    // Waits are short so that a shutdown (out.Stopping()) ends an idle tail
    // within kStopPoll rather than at its next keep-alive.
    constexpr auto kStopPoll = std::chrono::milliseconds(200);
    auto last_write = std::chrono::steady_clock::now();
    while (!out.Stopping()) {
      if (!deps.store->WaitForEvents(
              next, std::min<std::chrono::milliseconds>(kStopPoll, deps.limits.stream_heartbeat))) {
        if (out.Stopping()) break;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_write < deps.limits.stream_heartbeat) continue;
        RETURN_IF_ERROR(out.Write(": keep-alive\n\n"));
        last_write = now;
        continue;
      }
      last_write = std::chrono::steady_clock::now();
      const uint64_t end = deps.store->EndSeq();
      ScanRequest req;
      req.scope = scope;
      req.from_seq = next;
      uint64_t seen_end = next;
      RETURN_IF_ERROR(deps.store->Scan(req, [&](const Event& e) -> Status {
        buf += "id: ";
        buf += std::to_string(e.seq);
        buf += "\nevent: event\ndata: ";
        AppendEventWithSeq(e, &buf);
        buf += "\n\n";
        seen_end = std::max(seen_end, e.seq + 1);
        if (buf.size() < 64 * 1024) return Status::Ok();
        Status s = out.Write(buf);
        buf.clear();
        return s;
      }));
      if (!buf.empty()) {
        RETURN_IF_ERROR(out.Write(buf));
        buf.clear();
      }
      next = std::max(end, seen_end);
    }
    return Status::Ok();
  };
  return r;
}

}  // namespace vigil::api
