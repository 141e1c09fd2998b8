#include "api/api_service.h"

#include <fmt/format.h>

#include <chrono>

#include "api/aggregate_handlers.h"
#include "api/catalog_handlers.h"
#include "api/events_handlers.h"
#include "api/export_handler.h"
#include "api/export_link_handlers.h"
#include "api/http/server_metrics.h"
#include "api/json_response.h"
#include "api/ledger_handlers.h"
#include "api/retention_handlers.h"
#include "api/stream_handler.h"
#include "api/system_handlers.h"

namespace vigil::api {
namespace {

constexpr ScopeSet kIngest = ScopeBit(Scope::kIngest);
constexpr ScopeSet kRead = ScopeBit(Scope::kRead);
constexpr ScopeSet kExport = ScopeBit(Scope::kExport);
constexpr ScopeSet kAdmin = ScopeBit(Scope::kAdmin);

bool IsRequestIdSafe(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

std::string ScopeList(ScopeSet scopes) {
  std::vector<std::string_view> names;
  if (scopes & kIngest) names.push_back("ingest");
  if (scopes & kRead) names.push_back("read");
  if (scopes & kExport) names.push_back("export");
  if (scopes & kAdmin) names.push_back("admin");
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += " or ";
    out += n;
  }
  return out;
}

}  // namespace

ApiService::ApiService(ApiDeps deps, AdminDeps admin, const Authenticator* auth,
                       const ApiServiceOptions& options)
    : deps_(deps), admin_(admin), auth_(auth), options_(options) {
  ingest_limiter_ =
      std::make_unique<RateLimiter>(RateLimiter::Options{.limit = options.ingest_rate}, deps.clock);
  read_limiter_ =
      std::make_unique<RateLimiter>(RateLimiter::Options{.limit = options.read_rate}, deps.clock);
  AddRoutes();
}

ApiService::~ApiService() = default;

namespace {

net::HttpResponse NoCatalogs() {
  return ErrorResponse(ApiError(ApiErrorCode::kNotFound, "this server keeps no event catalogs"));
}

}  // namespace

void ApiService::AddRoutes() {
  auto add = [this](std::string method, std::string pattern, ScopeSet scope, RateClass rate,
                    Fn fn) {
    routes_.push_back(
        {std::move(method), std::move(pattern), scope != 0, scope, rate, std::move(fn)});
  };
  const ApiDeps& d = deps_;
  const AdminDeps& a = admin_;
  add("POST", "/v1/events", kIngest, RateClass::kIngest,
      [&d](RequestContext& c) { return PostEvents(d, c); });
  add("GET", "/v1/events", kRead, RateClass::kRead,
      [&d](RequestContext& c) { return SearchEvents(d, c); });
  add("GET", "/v1/events/{id}", kRead, RateClass::kRead,
      [&d](RequestContext& c) { return GetEvent(d, c); });
  add("GET", "/v1/histogram", kRead, RateClass::kRead,
      [&d](RequestContext& c) { return GetHistogram(d, c); });
  add("GET", "/v1/facets", kRead, RateClass::kRead,
      [&d](RequestContext& c) { return GetFacets(d, c); });
  add("GET", "/v1/export", kExport, RateClass::kRead,
      [&d](RequestContext& c) { return Export(d, c); });
  add("POST", "/v1/export/links", kExport, RateClass::kRead,
      [this](RequestContext& c) { return CreateExportLink(deps_, &export_links_, c); });
  // Authenticated by the link (the credential it stands for), not a header.
  add("GET", "/v1/export/links/{id}", 0, RateClass::kNone,
      [this](RequestContext& c) { return UseExportLink(deps_, &export_links_, *auth_, c); });
  add("GET", "/v1/stream", kRead, RateClass::kRead,
      [&d](RequestContext& c) { return Stream(d, c); });
  add("GET", "/v1/ledger/checkpoint", kRead, RateClass::kRead,
      [&d](RequestContext& c) { return GetLedgerCheckpoint(d, c); });
  add("GET", "/v1/ledger/proof/inclusion", kRead, RateClass::kRead,
      [&d](RequestContext& c) { return GetInclusionProof(d, c); });
  add("GET", "/v1/ledger/proof/consistency", kRead, RateClass::kRead,
      [&d](RequestContext& c) { return GetConsistencyProof(d, c); });
  add("GET", "/v1/keys", kAdmin, RateClass::kRead,
      [&d, &a](RequestContext& c) { return ListKeys(d, a, c); });
  add("POST", "/v1/keys", kAdmin, RateClass::kRead,
      [&d, &a](RequestContext& c) { return CreateKey(d, a, c); });
  add("DELETE", "/v1/keys/{id}", kAdmin, RateClass::kRead,
      [&d, &a](RequestContext& c) { return RevokeKey(d, a, c); });
  add("POST", "/v1/admin/redactions", kAdmin, RateClass::kRead,
      [&d](RequestContext& c) { return CreateRedaction(d, c); });
  add("GET", "/v1/admin/retention", kAdmin, RateClass::kRead,
      [&d](RequestContext& c) { return GetRetention(d, c); });
  add("POST", "/v1/admin/retention/runs", kAdmin, RateClass::kRead,
      [&d](RequestContext& c) { return RunRetentionNow(d, c); });
  add("POST", "/v1/viewer-tokens", kRead, RateClass::kRead,
      [&d, &a](RequestContext& c) { return MintViewerToken(d, a, c); });
  add("GET", "/v1/catalog", kRead, RateClass::kRead, [&d](RequestContext& c) {
    return d.catalogs != nullptr ? GetCatalog(d, d.catalogs, c) : NoCatalogs();
  });
  add("PUT", "/v1/catalog", kAdmin, RateClass::kRead, [&d](RequestContext& c) {
    return d.catalogs != nullptr ? PutCatalog(d, d.catalogs, c) : NoCatalogs();
  });
  add("GET", "/healthz", 0, RateClass::kNone, [&d](RequestContext& c) { return Healthz(d, c); });
  add("GET", "/metrics", 0, RateClass::kNone, [&d](RequestContext& c) { return Metrics(d, c); });
  add("GET", "/v1/openapi.json", 0, RateClass::kNone,
      [this](RequestContext&) { return OpenApi(options_.openapi_json); });
}

namespace {

// Whether decoded path segments match a route pattern ("/v1/events/{id}");
// sets *id to the segment in the place of "{id}", which must not be empty.
bool MatchesPattern(std::string_view pattern, const std::vector<std::string>& segments,
                    std::string* id) {
  size_t i = 0;
  std::string_view rest = pattern.substr(1);  // patterns start with '/'
  for (bool more = true; more; ++i) {
    const size_t slash = rest.find('/');
    more = slash != std::string_view::npos;
    const std::string_view part = rest.substr(0, slash);
    rest = more ? rest.substr(slash + 1) : std::string_view();
    if (i == segments.size()) return false;
    if (part == "{id}") {
      if (segments[i].empty()) return false;
      *id = segments[i];
    } else if (segments[i] != part) {
      return false;
    }
  }
  return i == segments.size();
}

}  // namespace

const ApiService::Route* ApiService::Match(std::string_view method,
                                           const std::vector<std::string>& segments,
                                           std::string* path_id, std::string* allowed) const {
  allowed->clear();
  for (const Route& r : routes_) {
    std::string id;
    if (!MatchesPattern(r.pattern, segments, &id)) continue;
    if (r.method == method || (method == "HEAD" && r.method == "GET")) {
      *path_id = std::move(id);
      return &r;
    }
    if (!allowed->empty()) *allowed += ", ";
    *allowed += r.method;
    if (r.method == "GET") *allowed += ", HEAD";
  }
  return nullptr;
}

net::HttpResponse ApiService::Handle(const net::HttpRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  std::string route = "unmatched";
  net::HttpResponse response = Dispatch(request, &route);
  if (deps_.metrics != nullptr) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    deps_.metrics->ObserveRequest(route, request.method, response.status, seconds);
  }
  return response;
}

net::HttpResponse ApiService::Dispatch(const net::HttpRequest& request, std::string* route_name) {
  std::string path_id;
  std::string allowed;
  const Route* route = Match(request.method, request.segments, &path_id, &allowed);
  if (route == nullptr) {
    if (!allowed.empty()) {
      net::HttpResponse r =
          ErrorResponse(ApiError(ApiErrorCode::kMethodNotAllowed,
                                 fmt::format("method {} is not allowed on {}; allowed: {}",
                                             request.method, request.path, allowed)));
      r.headers.Add("Allow", allowed);
      return r;
    }
    return ErrorResponse(ApiError(ApiErrorCode::kNotFound,
                                  fmt::format("no such endpoint: {} {}; see /v1/openapi.json",
                                              request.method, request.path)));
  }
  *route_name = route->pattern;

  RequestContext ctx{.http = request};
  ctx.route = route->pattern;
  ctx.path_id = std::move(path_id);
  ctx.now_ms = deps_.clock->NowMs();
  auto request_id = request.headers.Find("X-Request-Id");
  ctx.request_id =
      request_id && IsRequestIdSafe(*request_id) ? std::string(*request_id) : deps_.ids->Next();
  if (route->authenticated) {
    Result<Principal> principal =
        auth_->Authenticate(request.headers.Find("Authorization"), ctx.now_ms);
    if (!principal.ok()) return ErrorResponse(principal.status());
    ctx.principal = std::move(*principal);
    if ((ctx.principal.scopes & route->scope) == 0) {
      return ErrorResponse(Status::PermissionDenied(
          fmt::format("{} {} needs the {} scope; this {} has {}", request.method, route->pattern,
                      ScopeList(route->scope),
                      ctx.principal.kind == Principal::Kind::kViewerToken ? "viewer token" : "key",
                      ScopeList(ctx.principal.scopes).empty() ? std::string("none")
                                                              : ScopeList(ctx.principal.scopes))));
    }
    RateLimiter* limiter = route->rate == RateClass::kIngest ? ingest_limiter_.get()
                           : route->rate == RateClass::kRead ? read_limiter_.get()
                                                             : nullptr;
    if (limiter != nullptr) {
      const std::string& bucket =
          ctx.principal.token_id.empty() ? ctx.principal.key_id : ctx.principal.token_id;
      RateDecision d = limiter->Admit(bucket);
      if (!d.allowed) {
        return ErrorResponse(ApiError(ApiErrorCode::kRateLimited,
                                      fmt::format("rate limit of this key exceeded; retry in {} s",
                                                  d.retry_after_seconds)),
                             static_cast<int>(d.retry_after_seconds));
      }
    }
  }
  net::HttpResponse response = route->fn(ctx);
  response.headers.Add("X-Request-Id", ctx.request_id);
  return response;
}

}  // namespace vigil::api
