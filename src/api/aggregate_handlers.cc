#include "api/aggregate_handlers.h"

#include <fmt/format.h>

#include <charconv>

#include "api/json_response.h"
#include "api/read_scope_builder.h"
#include "core/json_writer.h"
#include "core/timestamp.h"

namespace vigil::api {

Result<int64_t> ParseInterval(std::string_view text) {
  if (text.empty() || text == "auto") return int64_t{0};
  int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  const std::string_view unit(end, static_cast<size_t>(text.data() + text.size() - end));
  int64_t scale = 0;
  if (unit == "s") scale = kMsPerSecond;
  if (unit == "m") scale = kMsPerMinute;
  if (unit == "h") scale = kMsPerHour;
  if (unit == "d") scale = kMsPerDay;
  if (unit == "w") scale = 7 * kMsPerDay;
  if (ec != std::errc() || n <= 0 || scale == 0 || n > 100'000) {
    return Status::InvalidArgument(fmt::format(
        "interval: expected auto or a number with a unit s, m, h, d or w (like 5m), got '{}'",
        text));
  }
  return n * scale;
}

net::HttpResponse GetHistogram(const ApiDeps& deps, RequestContext& ctx) {
  Result<ReadScope> scope = BuildReadScope(ctx, deps.retention);
  if (!scope.ok()) return ErrorResponse(scope.status());
  Result<int64_t> interval = ParseInterval(ctx.http.Param("interval").value_or("auto"));
  if (!interval.ok()) return ErrorResponse(interval.status());
  HistogramRequest req;
  req.scope = std::move(*scope);
  req.interval_ms = *interval;
  Result<Histogram> h = deps.store->ComputeHistogram(req);
  if (!h.ok()) return ErrorResponse(h.status());
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("interval_ms");
  w.Int(h->interval_ms);
  w.Key("buckets");
  w.BeginArray();
  uint64_t total = 0;
  for (const HistogramBucket& b : h->buckets) {
    w.BeginObject();
    w.Key("time");
    w.String(FormatRfc3339(b.start_ms));
    w.Key("count");
    w.Uint(b.count);
    w.Key("errors");
    w.Uint(b.errors);
    w.EndObject();
    total += b.count;
  }
  w.EndArray();
  w.Key("total");
  w.Uint(total);
  w.EndObject();
  return JsonResponse(std::move(out));
}

net::HttpResponse GetFacets(const ApiDeps& deps, RequestContext& ctx) {
  Result<ReadScope> scope = BuildReadScope(ctx, deps.retention);
  if (!scope.ok()) return ErrorResponse(scope.status());
  FacetRequest req;
  req.scope = std::move(*scope);
  std::string_view fields = ctx.http.Param("fields").value_or("action,status,actor,environment");
  while (!fields.empty()) {
    size_t comma = fields.find(',');
    std::string_view f = fields.substr(0, comma);
    if (!f.empty()) req.fields.emplace_back(f);
    fields = comma == std::string_view::npos ? std::string_view() : fields.substr(comma + 1);
  }
  if (req.fields.size() > 20) {
    return ErrorResponse(Status::InvalidArgument("fields: at most 20 fields per request"));
  }
  if (auto top = ctx.http.Param("top")) {
    size_t v = 0;
    auto [end, ec] = std::from_chars(top->data(), top->data() + top->size(), v);
    if (ec != std::errc() || end != top->data() + top->size()) {
      return ErrorResponse(
          Status::InvalidArgument(fmt::format("top: expected a number, got '{}'", *top)));
    }
    req.top = v;
  }
  Result<std::vector<FacetResult>> facets = deps.store->ComputeFacets(req);
  if (!facets.ok()) return ErrorResponse(facets.status());
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("facets");
  w.BeginArray();
  for (const FacetResult& f : *facets) {
    w.BeginObject();
    w.Key("field");
    w.String(f.field);
    w.Key("values");
    w.BeginArray();
    for (const FacetValue& v : f.values) {
      w.BeginObject();
      w.Key("value");
      w.String(v.value);
      w.Key("count");
      w.Uint(v.count);
      w.EndObject();
    }
    w.EndArray();
    w.Key("other");
    w.Uint(f.other);
    w.Key("missing");
    w.Uint(f.missing);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return JsonResponse(std::move(out));
}

}  // namespace vigil::api
