#include "api/stream_handler.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "api/json_response.h"
#include "api/read_scope_builder.h"
#include "core/event_json.h"
#include "core/json_writer.h"

namespace vigil::api {
namespace {

// Where a tail stands: the next seq to send of each node's log.
using Positions = std::map<uint16_t, uint64_t>;

// How often a tail asks for other nodes' new events (their appends do not
// wake this server).
constexpr auto kOtherNodesPoll = std::chrono::milliseconds(1000);

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

// An event id of a tail over several nodes' logs: "node:next,…", every
// node's next seq after that event.
std::string EncodePositions(const Positions& next) {
  std::string out;
  for (const auto& [node, seq] : next) {
    if (!out.empty()) out.push_back(',');
    out += fmt::format("{}:{}", node, seq);
  }
  return out;
}

Result<Positions> DecodePositions(std::string_view text) {
  Positions out;
  auto bad = [&] {
    return Status::InvalidArgument(fmt::format(
        "Last-Event-ID: expected node:seq pairs separated by commas (an id this stream sent), "
        "got '{}'",
        text));
  };
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view pair = text.substr(0, comma);
    const size_t colon = pair.find(':');
    if (colon == std::string_view::npos) return bad();
    uint64_t node = 0, seq = 0;
    auto [n_end, n_ec] = std::from_chars(pair.data(), pair.data() + colon, node);
    auto [s_end, s_ec] = std::from_chars(pair.data() + colon + 1, pair.data() + pair.size(), seq);
    if (n_ec != std::errc() || n_end != pair.data() + colon || node > 65535 ||
        s_ec != std::errc() || s_end != pair.data() + pair.size()) {
      return bad();
    }
    out[static_cast<uint16_t>(node)] = seq;
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

// Where a new tail starts: after the event a reconnecting client saw last
// (Last-Event-ID), after `after_seq` (this node's log), or at the newest
// events. On a store holding several nodes' logs the id carries every
// node's position; a node it does not name is tailed from its start.
Result<Positions> StartPositions(const ApiDeps& deps, const RequestContext& ctx) {
  const bool several = deps.store->HoldsOtherLedgers();
  const uint16_t own = deps.store->LedgerNode();
  const std::optional<std::string_view> last_id = ctx.http.headers.Find("Last-Event-ID");
  if (several && last_id) {
    ASSIGN_OR_RETURN(Positions next, DecodePositions(*last_id));
    ASSIGN_OR_RETURN(Positions ends, deps.store->LogEnds());
    for (const auto& [node, end] : ends) next.emplace(node, 0);
    return next;
  }
  ASSIGN_OR_RETURN(Positions next, deps.store->LogEnds());
  if (!several) {
    ASSIGN_OR_RETURN(std::optional<uint64_t> last, ParseSeq(last_id, "Last-Event-ID"));
    if (last) next[own] = *last + 1;
  }
  ASSIGN_OR_RETURN(std::optional<uint64_t> after,
                   ParseSeq(ctx.http.Param("after_seq"), "after_seq"));
  if (after) next[own] = *after + 1;
  return next;
}

}  // namespace

net::HttpResponse Stream(const ApiDeps& deps, RequestContext& ctx) {
  Result<ReadScope> scope = BuildReadScope(ctx, deps.retention);
  if (!scope.ok()) return ErrorResponse(scope.status());
  Result<Positions> start = StartPositions(deps, ctx);
  if (!start.ok()) return ErrorResponse(start.status());

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
  r.stream = [deps, scope = std::move(*scope),
              next = std::move(*start)](net::BodyWriter& out) mutable -> Status {
    const bool several = deps.store->HoldsOtherLedgers();
    const uint16_t own = deps.store->LedgerNode();
    // Tell EventSource to reconnect after 2 s, and confirm the stream is
    // open with the position it starts from as the event id: a client that
    // reconnects before any event arrived resumes from there, not from the
    // newest events then (nothing stored in between is missed). An empty
    // single-node log has no seq to name.
    std::string open = "retry: 2000\n";
    if (several) {
      open += "id: " + EncodePositions(next) + "\n";
    } else if (next[own] > 0) {
      open += "id: " + std::to_string(next[own] - 1) + "\n";
    }
    RETURN_IF_ERROR(out.Write(open + ": tail open\n\n"));
    std::string buf;
    // Waits are short so that a shutdown (out.Stopping()) ends an idle tail
    // within kStopPoll rather than at its next keep-alive.
    constexpr auto kStopPoll = std::chrono::milliseconds(200);
    auto last_write = std::chrono::steady_clock::now();
    auto last_poll = last_write;
    while (!out.Stopping()) {
      const bool woke = deps.store->WaitForEvents(
          next[own], std::min<std::chrono::milliseconds>(kStopPoll, deps.limits.stream_heartbeat));
      const auto now = std::chrono::steady_clock::now();
      const bool poll = several && now - last_poll >= kOtherNodesPoll;
      if (!woke && !poll) {
        if (out.Stopping()) break;
        if (now - last_write < deps.limits.stream_heartbeat) continue;
        RETURN_IF_ERROR(out.Write(": keep-alive\n\n"));
        last_write = now;
        continue;
      }
      if (poll) last_poll = now;
      ASSIGN_OR_RETURN(Positions ends, deps.store->LogEnds());
      for (const auto& [node, end] : ends) {
        uint64_t& from = next[node];
        if (end <= from) continue;
        ScanRequest req;
        req.scope = scope;
        req.from_seq = from;
        req.node = node;
        bool stopped = false;
        Status s = deps.store->Scan(req, [&](const Event& e) -> Status {
          if (e.seq >= end) {  // past the end read above: the next round's
            stopped = true;
            return Status::Internal("stop");
          }
          from = e.seq + 1;
          buf += "id: ";
          buf += several ? EncodePositions(next) : std::to_string(e.seq);
          buf += "\nevent: event\ndata: ";
          AppendEventWithSeq(e, &buf);
          buf += "\n\n";
          if (buf.size() < 64 * 1024) return Status::Ok();
          Status written = out.Write(buf);
          buf.clear();
          return written;
        });
        if (!stopped && !s.ok()) return s;
        from = end;
      }
      if (!buf.empty()) {
        RETURN_IF_ERROR(out.Write(buf));
        buf.clear();
        last_write = std::chrono::steady_clock::now();
      }
    }
    return Status::Ok();
  };
  return r;
}

}  // namespace vigil::api
