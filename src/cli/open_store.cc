#include "cli/commands.h"
#include "store/engine/embedded_store.h"

namespace vigil::cli {

Result<std::unique_ptr<Store>> OpenStore(const GlobalOptions& options, OpenMode mode) {
  EngineOptions engine;
  engine.create_if_missing = mode == OpenMode::kCreateIfMissing;
  ASSIGN_OR_RETURN(std::unique_ptr<EmbeddedStore> store,
                   EmbeddedStore::Open(options.data_dir, engine));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace vigil::cli
