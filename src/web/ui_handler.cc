#include "web/ui_handler.h"

#include <fmt/format.h>

#include "core/ascii.h"

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
    gzip_etags_.emplace(&a, fmt::format("\"{:016x}-gz\"", Fnv1a(a.body)));
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

bool UiHandler::AcceptsGzip(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    const size_t comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    const size_t semi = item.find(';');
    std::string_view coding = item.substr(0, semi);
    std::string_view params = semi == std::string_view::npos ? "" : item.substr(semi + 1);
    auto trim = [](std::string_view v) {
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
      return v;
    };
    coding = trim(coding);
    params = trim(params);
    if (!EqualsIgnoreAsciiCase(coding, "gzip")) continue;
    // q=0 (0, 0.0, 0.00, 0.000) refuses it.
    const bool refused = (params.starts_with("q=") || params.starts_with("Q=")) &&
                         params.substr(2).find_first_not_of("0.") == std::string_view::npos;
    return !refused;
  }
  return false;
}

net::HttpResponse UiHandler::Serve(const net::HttpRequest& request, const UiAsset& asset) const {
  net::HttpResponse r;
  const bool gzip =
      !asset.gzip.empty() &&
      AcceptsGzip(request.headers.Find("Accept-Encoding").value_or(std::string_view()));
  const std::string& etag = gzip ? gzip_etags_.at(&asset) : etags_.at(&asset);
  r.headers.Add("Content-Type", std::string(asset.content_type));
  if (!asset.gzip.empty()) r.headers.Add("Vary", "Accept-Encoding");
  if (gzip) r.headers.Add("Content-Encoding", "gzip");
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
  r.body = std::string(gzip ? asset.gzip : asset.body);
  return r;
}

}  // namespace vigil::web
