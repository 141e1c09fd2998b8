#include "store/engine/engine_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "core/event_json.h"

namespace vigil::test {

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

std::vector<std::string> AllJson(Store* store) {
  std::vector<std::string> out;
  EXPECT_TRUE(store
                  ->Scan(ScanRequest{},
                         [&](const Event& e) {
                           out.push_back(CanonicalEvent(e) + "@" + std::to_string(e.seq));
                           return Status::Ok();
                         })
                  .ok());
  return out;
}

std::vector<std::string> FileNames(const std::string& dir, std::string_view ext) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ext) out.push_back(entry.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace vigil::test
