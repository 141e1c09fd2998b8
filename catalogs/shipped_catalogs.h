// The event catalogs shipped with Vigil (catalogs/*.yaml), compiled into the
// binaries so that nothing is read from disk at run time. The bytes are the
// files' exact contents; parse them with enrich::EventCatalog
// (src/enrich/event_catalog.h), which names errors after EmbeddedFile::name.
#pragma once

#include <span>
#include <string_view>

namespace vigil::catalogs {

struct EmbeddedFile {
  std::string_view name;  // the file name, e.g. "lowcoder.yaml"
  std::string_view text;  // its contents (static storage)
};

// Every shipped catalog: default, lowcoder, tooljet, appmixer, fliplet, dify,
// in that order.
std::span<const EmbeddedFile> ShippedCatalogs();

// The catalog named `name` ("lowcoder" or "lowcoder.yaml"), or null.
const EmbeddedFile* FindShippedCatalog(std::string_view name);

}  // namespace vigil::catalogs
