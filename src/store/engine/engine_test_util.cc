#include "store/engine/engine_test_util.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

namespace vigil::test {

namespace fs = std::filesystem;

namespace {

std::string MakeTempDir() {
  const char* base = std::getenv("VIGIL_TEST_TMPDIR");
  std::string root = base != nullptr ? base : fs::temp_directory_path().string();
  fs::create_directories(root);
  std::string tmpl = root + "/store-XXXXXX";
  char* made = ::mkdtemp(tmpl.data());
  EXPECT_NE(made, nullptr);
  return tmpl;
}

}  // namespace

TempDir::TempDir() : path_(MakeTempDir()) {}
TempDir::~TempDir() { fs::remove_all(path_); }

Event MakeEvent(std::string tenant, std::string id, int64_t time_ms, std::string action) {
  Event e;
  e.tenant = std::move(tenant);
  e.id = std::move(id);
  e.time_ms = time_ms;
  e.received_at_ms = time_ms + 5;
  e.environment = "production";
  e.action = std::move(action);
  e.actor.id = "u1";
  e.actor.email = "ada@example.com";
  e.actor.type = "user";
  e.description = "Ada updated app " + e.id;
  return e;
}

std::vector<Event> Batch(const std::string& tenant, int first, int count, int64_t t0) {
  std::vector<Event> out;
  for (int i = first; i < first + count; ++i) {
    out.push_back(MakeEvent(tenant, "e" + std::to_string(i), t0 + i * 1000));
  }
  return out;
}

std::unique_ptr<EmbeddedStore> OpenOrDie(const std::string& dir, EngineOptions options) {
  Result<std::unique_ptr<EmbeddedStore>> s = EmbeddedStore::Open(dir, options);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(*s) : nullptr;
}

}  // namespace vigil::test
