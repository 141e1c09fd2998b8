// UiHandler: the web UI in front of the API. GET and HEAD of a UI file or of
// one of the UI's own pages ("/", "/events/{id}": the single-page app's
// index.html) are answered here, with a strict Content-Security-Policy,
// caching headers and, for clients that accept it, the gzip copy; every
// other request goes to the API handler unchanged.
//
// Thread-safe: Handle only reads state fixed at construction.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "net/http_types.h"
#include "web/ui_asset.h"

namespace vigil::web {

struct UiOptions {
  // CSP frame-ancestors: who may embed the UI in a frame. "'none'" (the
  // default) forbids embedding; "https://admin.example.com" allows that origin.
  std::string frame_ancestors = "'none'";
};

class UiHandler final : public net::HttpHandler {
 public:
  // `assets` (static data, see UiAssets()) and `api` must outlive the handler.
  UiHandler(std::span<const UiAsset> assets, net::HttpHandler* api, const UiOptions& options);

  net::HttpResponse Handle(const net::HttpRequest& request) override;

  // Whether an Accept-Encoding header value admits gzip ("gzip, br" yes;
  // "gzip;q=0", "identity" no).
  static bool AcceptsGzip(std::string_view accept_encoding);

  // The Content-Security-Policy header sent with every UI response.
  const std::string& content_security_policy() const { return csp_; }

 private:
  const UiAsset* Find(const net::HttpRequest& request) const;
  net::HttpResponse Serve(const net::HttpRequest& request, const UiAsset& asset) const;

  net::HttpHandler* api_;
  std::string csp_;
  std::unordered_map<std::string_view, const UiAsset*> by_path_;
  std::unordered_map<const UiAsset*, std::string> etags_;       // of the identity body
  std::unordered_map<const UiAsset*, std::string> gzip_etags_;  // of the gzip body
  const UiAsset* index_ = nullptr;
};

}  // namespace vigil::web
