#include "catalogs/shipped_catalogs.h"

namespace vigil::catalogs {

const EmbeddedFile* FindShippedCatalog(std::string_view name) {
  for (const EmbeddedFile& file : ShippedCatalogs()) {
    const std::string_view stem = file.name.substr(0, file.name.rfind('.'));
    if (name == file.name || name == stem) return &file;
  }
  return nullptr;
}

}  // namespace vigil::catalogs
