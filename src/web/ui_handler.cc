#include "web/ui_handler.h"

#include <fmt/format.h>

namespace vigil::web {
namespace {

// FNV-1a 64: a validator for ETag, not a security measure.
uint64_t Fnv1a(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// The single-page app's own pages: "/" and "/events/{id}".
bool IsAppPage(const std::vector<std::string>& segments) {
  if (segments.size() == 1 && segments[0].empty()) return true;
  return segments.size() == 2 && segments[0] == "events" && !segments[1].empty();
}

}  // namespace

UiHandler::UiHandler(std::span<const UiAsset> assets, net::HttpHandler* api,
                     const UiOptions& options)
    : api_(api) {
  // Everything the UI loads comes from this server: no inline scripts or
  // styles, no third-party hosts. uPlot and Preact set styles through the
  // CSSOM (element.style), which style-src does not restrict.
  csp_ = fmt::format(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
      "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
      "form-action 'none'; frame-ancestors {}",
      options.frame_ancestors);
  for (const UiAsset& a : assets) {
    by_path_.emplace(a.path, &a);
    etags_.emplace(&a, fmt::format("\"{:016x}\"", Fnv1a(a.body)));
    if (a.path == "/index.html") index_ = &a;
  }
}

const UiAsset* UiHandler::Find(const net::HttpRequest& request) const {
  if (request.method != "GET" && request.method != "HEAD") return nullptr;
  if (index_ != nullptr && IsAppPage(request.segments)) return index_;
  auto it = by_path_.find(request.path);
  return it == by_path_.end() ? nullptr : it->second;
}

net::HttpResponse UiHandler::Handle(const net::HttpRequest& request) {
  const UiAsset* asset = Find(request);
  if (asset == nullptr) return api_->Handle(request);
  return Serve(request, *asset);
}

net::HttpResponse UiHandler::Serve(const net::HttpRequest& request, const UiAsset& asset) const {
  net::HttpResponse r;
  const std::string& etag = etags_.at(&asset);
  r.headers.Add("Content-Type", std::string(asset.content_type));
  // Hashed names change with their content: cache them for a year. Anything
  // else (index.html) is revalidated on every load, so a new build shows at once.
  r.headers.Add("Cache-Control", asset.hashed ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.Add("ETag", etag);
  r.headers.Add("Content-Security-Policy", csp_);
  r.headers.Add("X-Content-Type-Options", "nosniff");
  r.headers.Add("Referrer-Policy", "no-referrer");
  r.headers.Add("Cross-Origin-Resource-Policy", "same-origin");
  if (auto match = request.headers.Find("If-None-Match"); match && *match == etag) {
    r.status = 304;
    return r;
  }
  r.body = std::string(asset.body);
  return r;
}

}  // namespace vigil::web
