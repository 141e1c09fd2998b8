// ClickHouseStore on a 2-shard cluster of real clickhouse-servers on
// loopback (Distributed tables over each shard's MergeTree tables): nodes
// writing through different shards, a third reading, and a shard killed
// while a node ingests.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "ledger/merkle.h"
#include "store/clickhouse/clickhouse_store.h"
#include "store/clickhouse/clickhouse_test_server.h"
#include "store/engine/engine_test_util.h"

namespace vigil::clickhouse {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCluster = "vigil_test";

class ClickHouseClusterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* tmp = std::getenv("VIGIL_TEST_TMPDIR");
    root_ = new fs::path(fs::path(tmp != nullptr ? tmp : fs::temp_directory_path().string()) /
                         ("ch-cluster-" + std::to_string(::getpid())));
    auto s = ClickHouseTestServer::StartCluster(root_->string(), 2, kCluster);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    shards_ = new std::vector<std::unique_ptr<ClickHouseTestServer>>(std::move(*s));
  }
  static void TearDownTestSuite() {
    delete shards_;
    shards_ = nullptr;
    if (root_ != nullptr) fs::remove_all(*root_);
    delete root_;
    root_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(shards_, nullptr);
    database_ = std::string("c_") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }

  // Node `node`, reading and writing through shard `via`'s server.
  ClickHouseStoreOptions Options(uint16_t node, size_t via) const {
    ClickHouseStoreOptions o;
    o.client = (*shards_)[via]->Client(database_);
    o.cluster = kCluster;
    for (const auto& s : *shards_) o.shards.push_back(s->Client(database_));
    o.node_id = node;
    o.node_name = fmt::format("node-{}", node);
    return o;
  }
  std::unique_ptr<ClickHouseStore> OpenOrDie(const ClickHouseStoreOptions& o) {
    auto s = ClickHouseStore::Open(o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }
  // Every event id through `store`, with how often each was read.
  std::map<std::string, int> IdCounts(Store* store) {
    std::map<std::string, int> out;
    SearchRequest req;
    req.limit = 1000;
    for (;;) {
      auto page = store->Search(req);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) return out;
      for (const Event& e : page->events) ++out[e.id];
      if (page->next_cursor.empty()) return out;
      req.cursor = page->next_cursor;
    }
  }
  // Rows of `table` on shard i itself.
  uint64_t LocalRows(size_t i, const std::string& table) {
    ClickHouseClient c((*shards_)[i]->Client(database_));
    auto n = c.Query("SELECT count() FROM " + table);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? std::stoull(*n) : 0;
  }

  static fs::path* root_;
  static std::vector<std::unique_ptr<ClickHouseTestServer>>* shards_;
  std::string database_;
};

fs::path* ClickHouseClusterTest::root_ = nullptr;
std::vector<std::unique_ptr<ClickHouseTestServer>>* ClickHouseClusterTest::shards_ = nullptr;

TEST_F(ClickHouseClusterTest, TwoNodesIngestConcurrentlyAndAThirdReadsEveryEvent) {
  auto a = OpenOrDie(Options(1, 0));
  auto b = OpenOrDie(Options(2, 1));
  auto reader = OpenOrDie(Options(3, 0));
  ASSERT_TRUE(a && b && reader);
  constexpr int kBatches = 20, kPerBatch = 50;
  auto ingest = [&](ClickHouseStore* store, int first, std::vector<ledger::Hash>* leaves) {
    for (int i = 0; i < kBatches; ++i) {
      PreparedBatch batch =
          PreparedBatch::From(test::Batch("acme", first + i * kPerBatch, kPerBatch));
      leaves->insert(leaves->end(), batch.leaf_hashes.begin(), batch.leaf_hashes.end());
      auto acks = store->Append(std::move(batch));
      ASSERT_TRUE(acks.ok()) << acks.status().ToString();
    }
  };
  std::vector<ledger::Hash> leaves_a, leaves_b;
  std::thread ta(ingest, a.get(), 0, &leaves_a);
  std::thread tb(ingest, b.get(), 100'000, &leaves_b);
  ta.join();
  tb.join();
  constexpr uint64_t kEach = kBatches * kPerBatch;

  std::map<std::string, int> ids = IdCounts(reader.get());
  EXPECT_EQ(ids.size(), 2 * kEach);
  for (const auto& [id, n] : ids) EXPECT_EQ(n, 1) << id;
  // The rows are spread over both shards, each event once.
  const uint64_t on1 = LocalRows(0, "events_local"), on2 = LocalRows(1, "events_local");
  EXPECT_GT(on1, kEach / 2);
  EXPECT_GT(on2, kEach / 2);
  EXPECT_EQ(on1 + on2, 2 * kEach);
  EXPECT_EQ(reader->Stats()->events, 2 * kEach);
  // Each writer's log is its own, whole, and provable through it.
  EXPECT_EQ(a->EndSeq(), kEach);
  EXPECT_EQ(b->EndSeq(), kEach);
  EXPECT_EQ(*a->LedgerRoot(kEach), ledger::HashLeaves(leaves_a));
  EXPECT_EQ(*b->LedgerRoot(kEach), ledger::HashLeaves(leaves_b));
  auto proof = b->InclusionProof(777, kEach);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_TRUE(
      ledger::VerifyInclusion(leaves_b[777], 777, kEach, *proof, *b->LedgerRoot(kEach)).valid());
  // A node restarting loads its log from whichever shard holds it.
  b.reset();
  b = OpenOrDie(Options(2, 0));
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->EndSeq(), kEach);
  EXPECT_EQ(*b->LedgerRoot(kEach), ledger::HashLeaves(leaves_b));
  // Ids stored by one node are duplicates for the other.
  auto dup = b->Append(test::Batch("acme", 10, 1));
  ASSERT_TRUE(dup.ok());
  EXPECT_TRUE(dup->at(0).duplicate);
}

// A shard dies while a node ingests: the node spools what it cannot store,
// acknowledges it, and forwards it when the shard is back. Every
// acknowledged event is then stored exactly once and the node's log is whole.
TEST_F(ClickHouseClusterTest, KillingAShardMidIngestLosesNothingAcknowledged) {
  ClickHouseStoreOptions options = Options(1, 0);
  options.spool_dir = (*root_ / ("spool-" + database_)).string();
  options.forward_retry = std::chrono::milliseconds(50);
  fs::remove_all(options.spool_dir);
  auto writer = OpenOrDie(options);
  auto reader = OpenOrDie(Options(2, 0));
  ASSERT_TRUE(writer && reader);

  std::atomic<int> batches{0};
  std::atomic<bool> stop{false};
  std::vector<std::string> acked;
  std::vector<ledger::Hash> leaves;
  std::thread ingest([&] {
    for (int i = 0; !stop; ++i) {
      PreparedBatch batch = PreparedBatch::From(test::Batch("acme", i * 20, 20));
      std::vector<ledger::Hash> hashes = batch.leaf_hashes;
      auto acks = writer->Append(std::move(batch));
      ASSERT_TRUE(acks.ok()) << acks.status().ToString();  // the spool takes what ClickHouse cannot
      for (size_t k = 0; k < acks->size(); ++k) {
        ASSERT_FALSE((*acks)[k].duplicate);
        acked.push_back((*acks)[k].id);
        leaves.push_back(hashes[k]);
      }
      ++batches;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  auto wait_for_batches = [&](int n) {
    for (int i = 0; i < 2000 && batches < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  wait_for_batches(10);
  (*shards_)[1]->Kill();
  const int at_kill = batches;
  wait_for_batches(at_kill + 15);  // acknowledged while the shard is down
  EXPECT_GT(writer->SpoolBytes(), 0u);
  EXPECT_FALSE(reader->Search(SearchRequest{}).ok());  // half the data is away: no answer
  ASSERT_TRUE((*shards_)[1]->Restart().ok());
  wait_for_batches(batches + 10);
  stop = true;
  ingest.join();

  const uint64_t n = acked.size();
  for (int i = 0; i < 1200 && writer->EndSeq() < n; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(writer->EndSeq(), n);
  EXPECT_EQ(writer->SpoolBytes(), 0u);
  std::map<std::string, int> ids = IdCounts(reader.get());
  EXPECT_EQ(ids.size(), n);
  for (const std::string& id : acked) EXPECT_EQ(ids[id], 1) << id;
  EXPECT_EQ(LocalRows(0, "events_local") + LocalRows(1, "events_local"), n);
  // The log in ClickHouse is whole: a restarted node rebuilds the same root.
  writer.reset();
  auto again = OpenOrDie(Options(1, 1));
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->EndSeq(), n);
  EXPECT_EQ(*again->LedgerRoot(n), ledger::HashLeaves(leaves));
  fs::remove_all(options.spool_dir);
}

TEST_F(ClickHouseClusterTest, ADatabaseMadeForOneServerIsNotTakenForAClusterOne) {
  ClickHouseStoreOptions single;
  single.client = (*shards_)[0]->Client(database_);
  ASSERT_NE(OpenOrDie(single), nullptr);
  auto clustered = ClickHouseStore::Open(Options(1, 0));
  ASSERT_FALSE(clustered.ok());
  EXPECT_EQ(clustered.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(clustered.status().message().find("engine 'MergeTree'"), std::string::npos)
      << clustered.status().ToString();
  ClickHouseStoreOptions half = Options(1, 0);
  half.shards.clear();
  EXPECT_EQ(ClickHouseStore::Open(half).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace vigil::clickhouse
