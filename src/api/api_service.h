// ApiService: the /v1 API as an HttpHandler — routing, authentication,
// scope checks, rate limits, request ids, metrics; then the handler of the
// route. Tenant isolation is enforced below it, in BuildReadScope and the
// handlers, from the Principal this class establishes.
//
// Thread-safe: Handle runs concurrently on the server's connection threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/admin_handlers.h"
#include "api/api_deps.h"
#include "api/auth/authenticator.h"
#include "api/export_links.h"
#include "api/http/rate_limiter.h"
#include "net/http_types.h"

namespace vigil::api {

struct ApiServiceOptions {
  ApiLimits limits;
  RateLimit ingest_rate;     // per key, for POST /v1/events
  RateLimit read_rate;       // per key, for every other authenticated route
  std::string openapi_json;  // served at /v1/openapi.json
};

class ApiService final : public net::HttpHandler {
 public:
  // Everything pointed to must outlive the service.
  ApiService(ApiDeps deps, AdminDeps admin, const Authenticator* auth,
             const ApiServiceOptions& options);
  ~ApiService() override;

  net::HttpResponse Handle(const net::HttpRequest& request) override;

 private:
  using Fn = std::function<net::HttpResponse(RequestContext&)>;
  enum class RateClass : uint8_t { kNone, kIngest, kRead };
  struct Route {
    std::string method;
    std::string pattern;  // "/v1/events/{id}": at most one {id} segment, at the end
    bool authenticated = true;
    ScopeSet scope = 0;  // required scope (any of these bits)
    RateClass rate = RateClass::kRead;
    Fn fn;
  };

  void AddRoutes();
  // The route for method + path segments (net::HttpRequest::segments); sets
  // *path_id for "{id}" routes. When no route has the method, *allowed lists
  // the methods that routes matching the path do have ("GET, HEAD"), for 405.
  const Route* Match(std::string_view method, const std::vector<std::string>& segments,
                     std::string* path_id, std::string* allowed) const;
  net::HttpResponse Dispatch(const net::HttpRequest& request, std::string* route_name);

  ApiDeps deps_;
  AdminDeps admin_;
  const Authenticator* auth_;
  ApiServiceOptions options_;
  std::vector<Route> routes_;
  std::unique_ptr<RateLimiter> ingest_limiter_;
  std::unique_ptr<RateLimiter> read_limiter_;
  ExportLinks export_links_;  // download links minted here
};

}  // namespace vigil::api
