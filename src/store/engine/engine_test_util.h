// Helpers shared by the EmbeddedStore tests: a temporary directory removed
// at the end of the test, simple events, and opening a store or failing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/event.h"
#include "store/engine/embedded_store.h"

namespace vigil::test {

// A fresh directory under $VIGIL_TEST_TMPDIR (else the system's), removed
// with its contents when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string data() const { return path_ + "/data"; }

 private:
  std::string path_;
};

// An event of actor u1 (ada@example.com, a personal value) in production.
Event MakeEvent(std::string tenant, std::string id, int64_t time_ms,
                std::string action = "app.update");

// Events e<first> … e<first+count-1> of tenant, a second apart from t0.
std::vector<Event> Batch(const std::string& tenant, int first, int count, int64_t t0 = 1'000'000);

// EmbeddedStore::Open, or a test failure and nullptr.
std::unique_ptr<EmbeddedStore> OpenOrDie(const std::string& dir, EngineOptions options = {});

}  // namespace vigil::test
