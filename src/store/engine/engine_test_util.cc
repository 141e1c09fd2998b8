#include "store/engine/engine_test_util.h"

#include <gtest/gtest.h>

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

}  // namespace vigil::test
