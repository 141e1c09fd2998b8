// The fixture of the ClickHouseStore tests: one real clickhouse-server on
// loopback (Debian's package) per test binary, started before its first
// test and stopped after its last; each test works in a database named
// after it.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/clickhouse/clickhouse_store.h"
#include "store/clickhouse/clickhouse_test_server.h"

namespace vigil::clickhouse {

class ClickHouseStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* tmp = std::getenv("VIGIL_TEST_TMPDIR");
    std::filesystem::path root = tmp != nullptr ? tmp : std::filesystem::temp_directory_path();
    auto s =
        ClickHouseTestServer::Start((root / ("ch-store-" + std::to_string(::getpid()))).string());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = s->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    database_ = std::string("t_") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }

  ClickHouseStoreOptions Options(uint16_t node = 0, std::string name = "node-a") const {
    ClickHouseStoreOptions o;
    o.client = server_->Client(database_);
    o.node_id = node;
    o.node_name = std::move(name);
    return o;
  }
  std::unique_ptr<ClickHouseStore> OpenOrDie(uint16_t node = 0, std::string name = "node-a") {
    auto s = ClickHouseStore::Open(Options(node, std::move(name)));
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }
  std::vector<AppendAck> AppendOrDie(Store* store, std::vector<Event> events) {
    auto acks = store->Append(std::move(events));
    EXPECT_TRUE(acks.ok()) << acks.status().ToString();
    return acks.ok() ? *acks : std::vector<AppendAck>{};
  }
  std::vector<std::string> Ids(Store* store, SearchRequest req) {
    std::vector<std::string> out;
    for (;;) {
      auto page = store->Search(req);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) return out;
      for (const Event& e : page->events) out.push_back(e.id);
      if (page->next_cursor.empty()) return out;
      req.cursor = page->next_cursor;
    }
  }

  // Waits (up to 30 s) until the store's log in ClickHouse reaches end.
  static void WaitForForwarding(ClickHouseStore* store, uint64_t end) {
    for (int i = 0; i < 600 && store->EndSeq() < end; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  // A fresh spool directory for this test.
  std::string SpoolDir() const {
    const char* tmp = std::getenv("VIGIL_TEST_TMPDIR");
    std::filesystem::path dir =
        std::filesystem::path(tmp != nullptr ? tmp
                                             : std::filesystem::temp_directory_path().string()) /
        fmt::format("ch-spool-{}-{}", ::getpid(), database_);
    std::filesystem::remove_all(dir);
    return dir.string();
  }

  static inline ClickHouseTestServer* server_ = nullptr;
  std::string database_;
};

}  // namespace vigil::clickhouse
