// The randomized query-vs-reference test (query_reference.h) against the
// ClickHouse backend: a real clickhouse-server on loopback, started here.
// Checked after ingest, after more ingest, and after the node restarts
// (a new ClickHouseStore over the same database).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

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
  // Redaction rewrites rows (ALTER TABLE … UPDATE); reads agree after it.
  ASSERT_NO_FATAL_FAILURE(check.RedactOne(*store, 21));
  check.CheckRandomQueries(*store, 6, 40, kMaxPage);
  store.reset();
  store = open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->EndSeq(), 5500u);
  check.CheckRandomQueries(*store, 3, 80, kMaxPage);
  check.Ingest(*store, GenerateEvents(7, 1000, 5500));
  check.CheckRandomQueries(*store, 4, 60, kMaxPage);
}

// The same on a 2-shard cluster behind Distributed tables, with two nodes
// writing (each through its own shard's server) and the reference checked
// through a third node.
TEST(QueryReferenceClickHouseTest, RandomQueriesAgreeOnATwoShardCluster) {
  const char* tmp = std::getenv("VIGIL_TEST_TMPDIR");
  const fs::path root = tmp != nullptr ? tmp : fs::temp_directory_path();
  const std::string dir = (root / ("qref-chc-" + std::to_string(::getpid()))).string();
  auto shards = clickhouse::ClickHouseTestServer::StartCluster(dir, 2, "vigil_ref");
  ASSERT_TRUE(shards.ok()) << shards.status().ToString();
  auto open = [&](uint16_t node, size_t via) {
    clickhouse::ClickHouseStoreOptions options;
    options.client = (*shards)[via]->Client("vigil_reference");
    options.cluster = "vigil_ref";
    for (const auto& s : *shards) options.shards.push_back(s->Client("vigil_reference"));
    options.node_id = node;
    options.node_name = "node-" + std::to_string(node);
    auto s = clickhouse::ClickHouseStore::Open(options);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  };
  auto a = open(1, 0);
  auto b = open(2, 1);
  auto reader = open(3, 0);
  ASSERT_TRUE(a && b && reader);
  reference::ReferenceCheck check;
  std::vector<Event> events = GenerateEvents(11, 3000, 0);
  check.Ingest(*a, {events.begin(), events.begin() + 1500});
  check.Ingest(*b, {events.begin() + 1500, events.end()});
  check.CheckRandomQueries(*reader, 5, 80, kMaxPage);
  // A redaction through the reader rewrites both writers' rows on both shards.
  ASSERT_NO_FATAL_FAILURE(check.RedactOne(*reader, 22));
  check.CheckRandomQueries(*reader, 6, 40, kMaxPage);
  shards->clear();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vigil
