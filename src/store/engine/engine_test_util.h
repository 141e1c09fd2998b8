// Helpers shared by the EmbeddedStore tests: a temporary directory removed
// at the end of the test, simple events, and opening a store or failing.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "store/engine/embedded_store.h"
#include "store/segment/segment_test_util.h"

namespace vigil::test {

// segment_test::TempDir (removed with its contents at the end), plus the
// data directory inside it that the store tests open.
class TempDir : public segment_test::TempDir {
 public:
  std::string data() const { return File("data"); }
};

// An event of actor u1 (ada@example.com, a personal value) in production.
Event MakeEvent(std::string tenant, std::string id, int64_t time_ms,
                std::string action = "app.update");

// Events e<first> … e<first+count-1> of tenant, a second apart from t0.
std::vector<Event> Batch(const std::string& tenant, int first, int count, int64_t t0 = 1'000'000);

// Every stored event in seq order, as canonical JSON + "@" + seq (what a
// test compares before and after rewriting segments).
std::vector<std::string> AllJson(Store* store);

// The names of the files in dir ending in ext (".vseg"), sorted; none when
// dir does not exist.
std::vector<std::string> FileNames(const std::string& dir, std::string_view ext);

// EmbeddedStore::Open, or a test failure and nullptr.
std::unique_ptr<EmbeddedStore> OpenOrDie(const std::string& dir, EngineOptions options = {});

}  // namespace vigil::test
