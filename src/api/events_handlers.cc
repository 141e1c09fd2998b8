#include "api/events_handlers.h"

#include <fmt/format.h>

#include <charconv>

#include "api/http/body_decoder.h"
#include "api/http/media_type.h"
#include "api/http/server_metrics.h"
#include "api/json_response.h"
#include "api/ledger_handlers.h"
#include "api/read_scope_builder.h"
#include "core/event_json.h"
#include "core/json_writer.h"
#include "ingest/event_batch_parser.h"
#include "store/filter_matcher.h"

namespace vigil::api {
namespace {

// Canonical JSON of {"query": q, "from": …, "to": …, "results": n} for audit records.
std::string ReadMetadata(const RequestContext& ctx, uint64_t results) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  if (auto from = ctx.http.Param("from")) {
    w.Key("from");
    w.String(*from);
  }
  w.Key("query");
  w.String(ctx.http.Param("q").value_or(""));
  w.Key("results");
  w.Uint(results);
  if (auto to = ctx.http.Param("to")) {
    w.Key("to");
    w.String(*to);
  }
  w.EndObject();
  return out;
}

Result<size_t> ParseLimit(const RequestContext& ctx, const ApiLimits& limits) {
  auto text = ctx.http.Param("limit");
  if (!text) return limits.default_page_limit;
  size_t v = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v == 0 ||
      v > limits.max_page_limit) {
    return Status::InvalidArgument(fmt::format("limit: must be a number from 1 to {}, got '{}'",
                                               limits.max_page_limit, *text));
  }
  return v;
}

Result<Order> ParseOrder(const RequestContext& ctx) {
  auto text = ctx.http.Param("order").value_or("newest");
  if (text == "newest" || text == "desc") return Order::kNewestFirst;
  if (text == "oldest" || text == "asc") return Order::kOldestFirst;
  return Status::InvalidArgument(fmt::format("order: must be newest or oldest, got '{}'", text));
}

// The audit log of the read: the tenant read, or `_system` for an
// operator's read across tenants.
std::string AuditTenant(const ReadScope& scope) {
  return scope.tenant.empty() ? std::string(kSystemTenant) : scope.tenant;
}

}  // namespace

net::HttpResponse PostEvents(const ApiDeps& deps, RequestContext& ctx) {
  Result<EventsBodyFormat> format = CheckEventsContentType(ctx.http.headers.Find("Content-Type"));
  if (!format.ok()) {
    return ErrorResponse(ApiError(ApiErrorCode::kUnsupportedMediaType, format.status().message()));
  }
  const BodyDecoder decoder({.max_decoded_bytes = deps.limits.max_decoded_body_bytes});
  DecodedBody body =
      decoder.Decode(ctx.http.headers.Find("Content-Encoding").value_or(""), ctx.http.body);
  if (!body.ok()) return ErrorResponse(body.ToApiError());

  ParseOptions opts;
  opts.receive_time_ms = ctx.now_ms;
  opts.ids = deps.ids;
  opts.default_tenant = ctx.principal.tenant;
  if (ctx.principal.environments.size() == 1) {
    opts.default_environment = ctx.principal.environments.front();
  }
  thread_local EventBatchParser parser;
  Result<ParsedBatch> parsed = parser.Parse(
      body.text(), *format == EventsBodyFormat::kNdjson ? BatchFormat::kNdjson : BatchFormat::kJson,
      opts, deps.enricher);
  if (!parsed.ok()) return ErrorResponse(parsed.status());
  if (parsed->error_count > 0) {
    ApiError error(ApiErrorCode::kUnprocessableEntity,
                   fmt::format("{} of the batch's events are invalid; nothing was stored",
                               parsed->error_count));
    for (const BatchError& e : parsed->errors) error.AddDetail(e.index, e.message);
    if (deps.metrics != nullptr) deps.metrics->AddEventsRejected(parsed->error_count);
    return ErrorResponse(error);
  }

  // Binding: a tenant-bound key writes only its tenant (and its environments).
  const Principal& p = ctx.principal;
  ApiError forbidden(ApiErrorCode::kForbidden,
                     "the batch names tenants or environments this key may not write; nothing "
                     "was stored");
  size_t violations = 0;
  for (size_t i = 0; i < parsed->prepared.size(); ++i) {
    const Event& e = parsed->prepared.events[i];
    std::string problem;
    if (!p.tenant.empty() && e.tenant != p.tenant) {
      problem =
          fmt::format("events[{}].tenant: this key may only write to tenant '{}'", i, p.tenant);
    } else if (!p.environments.empty() && std::find(p.environments.begin(), p.environments.end(),
                                                    e.environment) == p.environments.end()) {
      problem =
          fmt::format("events[{}].environment: this key may not write to '{}'", i, e.environment);
    }
    if (!problem.empty() && ++violations <= kMaxReportedErrors) {
      forbidden.AddDetail(i, std::move(problem));
    }
  }
  if (violations > 0) return ErrorResponse(forbidden);

  const size_t body_bytes = body.text().size();
  Result<std::vector<AppendAck>> acks = deps.store->Append(std::move(parsed->prepared));
  if (!acks.ok()) return ErrorResponse(acks.status());

  uint64_t stored = 0;
  std::string out;
  out.reserve(64 + acks->size() * 64);
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("events");
  w.BeginArray();
  for (const AppendAck& a : *acks) {
    w.BeginObject();
    w.Key("id");
    w.String(a.id);
    w.Key("seq");
    w.Uint(a.seq);
    if (a.duplicate) {
      w.Key("duplicate");
      w.Bool(true);
    } else {
      ++stored;
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("stored");
  w.Uint(stored);
  w.Key("duplicates");
  w.Uint(acks->size() - stored);
  w.EndObject();
  if (deps.metrics != nullptr) {
    deps.metrics->AddEventsIngested(stored);
    deps.metrics->AddIngestBytes(body_bytes);
  }
  return JsonResponse(std::move(out));
}

net::HttpResponse SearchEvents(const ApiDeps& deps, RequestContext& ctx) {
  Result<ReadScope> scope = BuildReadScope(ctx, deps.retention);
  if (!scope.ok()) return ErrorResponse(scope.status());
  SearchRequest req;
  req.scope = std::move(*scope);
  Result<size_t> limit = ParseLimit(ctx, deps.limits);
  if (!limit.ok()) return ErrorResponse(limit.status());
  req.limit = *limit;
  Result<Order> order = ParseOrder(ctx);
  if (!order.ok()) return ErrorResponse(order.status());
  req.order = *order;
  req.cursor = std::string(ctx.http.Param("cursor").value_or(""));
  Result<SearchPage> page = deps.store->Search(req);
  if (!page.ok()) return ErrorResponse(page.status());

  std::string out;
  out.reserve(256 + page->events.size() * 1024);
  out += "{\"events\":[";
  for (size_t i = 0; i < page->events.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendEventWithSeq(page->events[i], &out);
  }
  out += "],\"next_cursor\":";
  if (page->next_cursor.empty()) {
    out += "null";
  } else {
    AppendJsonString(page->next_cursor, &out);
  }
  out.push_back('}');

  deps.audit->Record(
      ctx, {.tenant = AuditTenant(req.scope),
            .action = "audit.view",
            .operation = "view",
            .description = fmt::format("Searched the audit log ({} events)", page->events.size()),
            .metadata_json = ReadMetadata(ctx, page->events.size())});
  return JsonResponse(std::move(out));
}

net::HttpResponse GetEvent(const ApiDeps& deps, RequestContext& ctx) {
  Result<std::string> tenant = ScopedTenant(ctx);
  if (!tenant.ok()) return ErrorResponse(tenant.status());
  Result<std::optional<Event>> found = deps.store->Get(*tenant, ctx.path_id);
  if (!found.ok()) return ErrorResponse(found.status());
  // Outside the caller's fixed filters is the same as absent: no existence leak.
  bool visible = found->has_value();
  if (visible) {
    const Filter restrictions = PrincipalRestrictions(ctx.principal);
    FilterMatcher matcher(restrictions);
    visible = matcher.Matches(**found);
  }
  if (!visible) {
    return ErrorResponse(
        ApiError(ApiErrorCode::kNotFound,
                 fmt::format("no event with id '{}' is visible to this caller", ctx.path_id)));
  }
  std::string out;
  AppendEventWithSeq(**found, &out);
  if (Status s = AppendEventLedgerMember(deps, **found, &out); !s.ok()) return ErrorResponse(s);
  deps.audit->Record(ctx, {.tenant = (*found)->tenant,
                           .action = "audit.view",
                           .operation = "view",
                           .description = fmt::format("Opened event {}", ctx.path_id),
                           .target_type = "event",
                           .target_id = ctx.path_id});
  return JsonResponse(std::move(out));
}

}  // namespace vigil::api
