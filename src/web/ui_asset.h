// The web UI's files (the Vite build of ui/), built into the binary by
// cmake/EmbedUiAssets.cmake. Static data: valid for the life of the program,
// safe to read from any thread.
#pragma once

#include <span>
#include <string_view>

namespace vigil::web {

struct UiAsset {
  std::string_view path;          // URL path: "/index.html", "/assets/index-3f9a1c.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8", …
  std::string_view body;
  bool hashed = false;    // the name holds a hash of the content: cacheable forever
  std::string_view gzip;  // the body gzip-compressed; empty when not worth it
};

// Every file of the build, sorted by path; empty in a build without the UI
// (-DVIGIL_UI=OFF).
std::span<const UiAsset> UiAssets();

}  // namespace vigil::web
