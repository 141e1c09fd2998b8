// The randomized query-vs-reference test (query_reference.h) against the
// ClickHouse backend: a real clickhouse-server on loopback, started here.
// Checked after ingest, after more ingest, and after the node restarts
// (a new ClickHouseStore over the same database).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "query_reference.h"
#include "store/clickhouse/clickhouse_store.h"
#include "store/clickhouse/clickhouse_test_server.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using reference::GenerateEvents;

constexpr size_t kMaxPage = 400;

TEST(QueryReferenceClickHouseTest, RandomQueriesAgreeAcrossIngestAndRestart) {
  const char* tmp = std::getenv("VIGIL_TEST_TMPDIR");
  const fs::path root = tmp != nullptr ? tmp : fs::temp_directory_path();
  auto server = clickhouse::ClickHouseTestServer::Start(
      (root / ("qref-ch-" + std::to_string(::getpid()))).string());
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  clickhouse::ClickHouseStoreOptions options;
  options.client = (*server)->Client("vigil_reference");
  auto open = [&] {
    auto s = clickhouse::ClickHouseStore::Open(options);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  };
  std::unique_ptr<clickhouse::ClickHouseStore> store = open();
  ASSERT_NE(store, nullptr);
  reference::ReferenceCheck check;
  check.Ingest(*store, GenerateEvents(7, 3000, 0));
  // Fewer queries and larger pages than the embedded engine's test: each
  // page is a statement to ClickHouse (a few milliseconds each).
  check.CheckRandomQueries(*store, 1, 80, kMaxPage);
  check.Ingest(*store, GenerateEvents(7, 2500, 3000));
  check.CheckRandomQueries(*store, 2, 80, kMaxPage);
  store.reset();
  store = open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->EndSeq(), 5500u);
  check.CheckRandomQueries(*store, 3, 80, kMaxPage);
  check.Ingest(*store, GenerateEvents(7, 1000, 5500));
  check.CheckRandomQueries(*store, 4, 60, kMaxPage);
}

}  // namespace
}  // namespace vigil
