// ClickHouseStore against a real clickhouse-server on loopback (Debian's
// package), started once for this file; each test works in a database of
// its own.
#include "store/clickhouse/clickhouse_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "core/event_json.h"
#include "core/timestamp.h"
#include "ledger/merkle.h"
#include "ledger/seal.h"
#include "store/clickhouse/clickhouse_store_fixture.h"
#include "store/clickhouse/clickhouse_test_server.h"
#include "store/clickhouse/sql_text.h"
#include "store/engine/engine_test_util.h"

namespace vigil::clickhouse {
namespace {

namespace fs = std::filesystem;

TEST_F(ClickHouseStoreTest, QuotedLiteralsRoundTripEveryByte) {
  ClickHouseClient client(server_->Client("system"));
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  for (const std::string& s : {all, std::string("x' OR 1=1 --"), std::string("\\'"),
                               std::string("é東京\\"), std::string()}) {
    auto got = client.Query("SELECT hex(" + Quote(s) + ")");
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    std::string want;
    for (unsigned char c : s) want += fmt::format("{:02X}", c);
    EXPECT_EQ(*got, want + "\n");
  }
}

TEST_F(ClickHouseStoreTest, AppendsAreReadBackWholeInPagesAndById) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  std::vector<Event> events = test::Batch("acme", 0, 30);
  events[3].resources.push_back({"doc", "d-1", "Plan"});
  events[4].context.ip = "10.1.2.3";
  events[4].context.duration_ms = 12.5;
  for (Event& e : events) ledger::SealEvent(&e);
  std::vector<AppendAck> acks = AppendOrDie(store.get(), events);
  ASSERT_EQ(acks.size(), 30u);
  for (size_t i = 0; i < acks.size(); ++i) {
    EXPECT_EQ(acks[i].seq, i);
    EXPECT_FALSE(acks[i].duplicate);
    events[i].seq = i;
  }
  EXPECT_EQ(store->EndSeq(), 30u);

  SearchRequest req;
  req.scope.tenant = "acme";
  req.limit = 7;
  std::vector<std::string> ids = Ids(store.get(), req);
  ASSERT_EQ(ids.size(), 30u);
  EXPECT_EQ(ids.front(), "e29");
  EXPECT_EQ(ids.back(), "e0");
  req.order = Order::kOldestFirst;
  req.limit = 1;
  auto first = store->Search(req);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->events.at(0), events[0]);

  auto got = store->Get("acme", "e4");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, events[4]);
  EXPECT_FALSE(store->Get("other", "e4")->has_value());
  EXPECT_TRUE(store->Get("", "e4")->has_value());  // operator access: any tenant

  // Repeats, stored or within the batch, are acknowledged with the first seq.
  std::vector<Event> again = test::Batch("acme", 28, 4);
  again.push_back(again.back());
  acks = AppendOrDie(store.get(), again);
  ASSERT_EQ(acks.size(), 5u);
  EXPECT_TRUE(acks[0].duplicate);
  EXPECT_EQ(acks[0].seq, 28u);
  EXPECT_TRUE(acks[1].duplicate);
  EXPECT_FALSE(acks[2].duplicate);
  EXPECT_EQ(acks[2].seq, 30u);
  EXPECT_EQ(acks[3].seq, 31u);
  EXPECT_TRUE(acks[4].duplicate);
  EXPECT_EQ(acks[4].seq, 31u);
  EXPECT_EQ(store->Stats()->events, 32u);
}

TEST_F(ClickHouseStoreTest, LedgerProofsVerifyAndSurviveAReopen) {
  std::vector<ledger::Hash> leaves;
  {
    auto store = OpenOrDie();
    ASSERT_NE(store, nullptr);
    for (int b = 0; b < 5; ++b) {  // 5 × 13 events: tiles of 16 complete across batches
      PreparedBatch batch = PreparedBatch::From(test::Batch("acme", b * 13, 13));
      leaves.insert(leaves.end(), batch.leaf_hashes.begin(), batch.leaf_hashes.end());
      ASSERT_TRUE(store->Append(std::move(batch)).ok());
    }
  }
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  ASSERT_EQ(store->EndSeq(), 65u);
  const ledger::Hash root = *store->LedgerRoot(65);
  EXPECT_EQ(root, ledger::HashLeaves(leaves));
  for (uint64_t seq : {0u, 15u, 16u, 40u, 64u}) {
    auto proof = store->InclusionProof(seq, 65);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_TRUE(ledger::VerifyInclusion(leaves[seq], seq, 65, *proof, root).valid()) << seq;
  }
  auto consistency = store->ConsistencyProof(20, 65);
  ASSERT_TRUE(consistency.ok());
  EXPECT_TRUE(ledger::VerifyConsistency(
                  20, 65, *consistency,
                  ledger::HashLeaves(std::span<const ledger::Hash>(leaves.data(), 20)), root)
                  .valid());
  // Appends go on from where the log ended; ids from before are known.
  std::vector<AppendAck> acks = AppendOrDie(store.get(), test::Batch("acme", 64, 3));
  ASSERT_EQ(acks.size(), 3u);
  EXPECT_TRUE(acks[0].duplicate);
  EXPECT_EQ(acks[1].seq, 65u);
}

TEST_F(ClickHouseStoreTest, ANodeIdBelongsToOneNode) {
  ASSERT_NE(OpenOrDie(1, "node-a"), nullptr);
  auto other = ClickHouseStore::Open(Options(1, "node-b"));
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("registered to 'node-a'"), std::string::npos)
      << other.status().ToString();
  // Two nodes: their own logs, one set of events.
  auto a = OpenOrDie(1, "node-a");
  auto b = OpenOrDie(2, "node-b");
  ASSERT_TRUE(a && b);
  AppendOrDie(a.get(), test::Batch("acme", 0, 3));
  std::vector<AppendAck> acks = AppendOrDie(b.get(), test::Batch("acme", 2, 3));
  EXPECT_TRUE(acks.at(0).duplicate);  // stored by node a
  EXPECT_EQ(acks.at(1).seq, 0u);      // node b's log starts at 0
  EXPECT_EQ(a->EndSeq(), 3u);
  EXPECT_EQ(b->EndSeq(), 2u);
  SearchRequest req;
  req.limit = 2;
  EXPECT_EQ(Ids(b.get(), req), (std::vector<std::string>{"e4", "e3", "e2", "e1", "e0"}));
}

TEST_F(ClickHouseStoreTest, AnAppendCutShortBeforeItsLeavesIsRemovedOnOpen) {
  auto other = OpenOrDie(1, "node-b");
  ASSERT_NE(other, nullptr);
  AppendOrDie(other.get(), test::Batch("acme", 0, 2));
  {
    auto store = OpenOrDie(2, "node-c");
    AppendOrDie(store.get(), test::Batch("acme", 10, 4));
  }
  // What a crash between an append's inserts leaves: node 2's events and ids
  // without their ledger leaves (the commit point).
  ClickHouseClient client(server_->Client(database_));
  ASSERT_TRUE(client.Query("ALTER TABLE ledger_leaves DELETE WHERE node = 2").ok());
  ASSERT_TRUE(client.Query("ALTER TABLE ledger_tiles DELETE WHERE node = 2").ok());
  for (int i = 0; i < 200; ++i) {
    auto pending = client.Query("SELECT count() FROM system.mutations WHERE is_done = 0");
    ASSERT_TRUE(pending.ok());
    if (*pending == "0\n") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  SearchRequest req;
  req.limit = 100;
  EXPECT_EQ(Ids(other.get(), req).size(), 6u);  // visible until node 2 restarts

  auto store = OpenOrDie(2, "node-c");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->EndSeq(), 0u);
  EXPECT_EQ(Ids(other.get(), req), (std::vector<std::string>{"e1", "e0"}));
  EXPECT_FALSE(store->Get("acme", "e10")->has_value());
  std::vector<AppendAck> acks = AppendOrDie(store.get(), test::Batch("acme", 10, 1));
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_FALSE(acks[0].duplicate);
  EXPECT_EQ(acks[0].seq, 0u);
}

TEST_F(ClickHouseStoreTest, AnAppendWhileClickHouseIsDownFailsAndStoresNothing) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  AppendOrDie(store.get(), test::Batch("acme", 0, 5));
  server_->Kill();
  auto failed = store->Append(test::Batch("acme", 5, 5));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable) << failed.status().ToString();
  EXPECT_FALSE(store->Health().ok());
  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_TRUE(store->Health().ok());
  std::vector<AppendAck> acks = AppendOrDie(store.get(), test::Batch("acme", 5, 5));
  ASSERT_EQ(acks.size(), 5u);
  EXPECT_FALSE(acks[0].duplicate);
  EXPECT_EQ(acks[0].seq, 5u);
  SearchRequest req;
  req.limit = 100;
  EXPECT_EQ(Ids(store.get(), req).size(), 10u);
}

// An insert that fails after others of the same append landed (here the
// ledger's table is missing): the append fails, and the next one first
// removes what did land, so the batch is stored not at all.
TEST_F(ClickHouseStoreTest, AnAppendFailingAtItsCommitPointLeavesNothingBehind) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  AppendOrDie(store.get(), test::Batch("acme", 0, 3));
  ClickHouseClient client(server_->Client(database_));
  ASSERT_TRUE(client.Query("RENAME TABLE ledger_leaves TO ledger_leaves_away").ok());
  // Two months: two inserts into events before the failing one.
  std::vector<Event> batch = test::Batch("acme", 3, 4);
  batch[3].time_ms += 40 * kMsPerDay;
  auto failed = store->Append(batch);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("ledger_leaves"), std::string::npos)
      << failed.status().ToString();
  auto landed = client.Query("SELECT count() FROM events");
  ASSERT_TRUE(landed.ok());
  EXPECT_EQ(*landed, "7\n");  // the events of the failed append are in ClickHouse…
  ASSERT_TRUE(client.Query("RENAME TABLE ledger_leaves_away TO ledger_leaves").ok());
  std::vector<AppendAck> acks = AppendOrDie(store.get(), test::Batch("acme", 10, 1));
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(acks[0].seq, 3u);  // …and gone before the next append took seq 3
  SearchRequest req;
  req.limit = 100;
  EXPECT_EQ(Ids(store.get(), req), (std::vector<std::string>{"e10", "e2", "e1", "e0"}));
  EXPECT_FALSE(store->Get("acme", "e3")->has_value());
  EXPECT_FALSE(AppendOrDie(store.get(), batch).at(0).duplicate);
}

// The local spool (spool.h): while ClickHouse is down, appends are
// acknowledged from the node's disk and forwarded when it is back.
TEST_F(ClickHouseStoreTest, WhileClickHouseIsDownAppendsAreSpooledAndForwardedLater) {
  ClickHouseStoreOptions options = Options();
  options.spool_dir = SpoolDir();
  options.forward_retry = std::chrono::milliseconds(50);
  auto opened = ClickHouseStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<ClickHouseStore> store = std::move(*opened);
  std::vector<ledger::Hash> leaves;
  auto append = [&](std::vector<Event> events) {
    PreparedBatch batch = PreparedBatch::From(std::move(events));
    std::vector<ledger::Hash> hashes = batch.leaf_hashes;
    auto acks = store->Append(std::move(batch));
    EXPECT_TRUE(acks.ok()) << acks.status().ToString();
    if (!acks.ok()) return std::vector<AppendAck>{};
    for (size_t i = 0; i < acks->size(); ++i) {
      if (!(*acks)[i].duplicate) leaves.push_back(hashes[i]);
    }
    return *acks;
  };
  append(test::Batch("acme", 0, 10));
  server_->Kill();
  std::vector<AppendAck> spooled = append(test::Batch("acme", 10, 12));
  ASSERT_EQ(spooled.size(), 12u);
  EXPECT_EQ(spooled[0].seq, 10u);
  // A retry of a spooled event is a duplicate, though ClickHouse cannot be asked.
  std::vector<AppendAck> retry = append(test::Batch("acme", 21, 3));
  ASSERT_EQ(retry.size(), 3u);
  EXPECT_TRUE(retry[0].duplicate);
  EXPECT_EQ(retry[0].seq, 21u);
  EXPECT_EQ(retry[1].seq, 22u);
  EXPECT_GT(store->SpoolBytes(), 0u);
  EXPECT_EQ(store->EndSeq(), 10u);  // readable once forwarded

  ASSERT_TRUE(server_->Restart().ok());
  WaitForForwarding(store.get(), 24);
  ASSERT_EQ(store->EndSeq(), 24u);
  EXPECT_EQ(store->SpoolBytes(), 0u);
  EXPECT_TRUE(fs::is_empty(options.spool_dir));
  SearchRequest req;
  req.limit = 100;
  EXPECT_EQ(Ids(store.get(), req).size(), 24u);
  const ledger::Hash root = *store->LedgerRoot(24);
  EXPECT_EQ(root, ledger::HashLeaves(leaves));
  for (uint64_t seq : {9u, 10u, 21u, 23u}) {
    auto proof = store->InclusionProof(seq, 24);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_TRUE(ledger::VerifyInclusion(leaves[seq], seq, 24, *proof, root).valid()) << seq;
  }
  // ClickHouse is the writer again: the next append is stored at once.
  append(test::Batch("acme", 30, 2));
  EXPECT_EQ(store->EndSeq(), 26u);
}

TEST_F(ClickHouseStoreTest, AFullSpoolRefusesTheBatchAndStoresNothingOfIt) {
  ClickHouseStoreOptions options = Options();
  options.spool_dir = SpoolDir();
  options.spool_max_bytes = 16 * 1024;
  options.forward_retry = std::chrono::milliseconds(50);
  auto store = *ClickHouseStore::Open(options);
  server_->Kill();
  AppendOrDie(store.get(), test::Batch("acme", 0, 2));
  auto refused = store->Append(test::Batch("acme", 2, 200));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(refused.status().message().find("local spool is full"), std::string::npos)
      << refused.status().ToString();
  ASSERT_TRUE(server_->Restart().ok());
  WaitForForwarding(store.get(), 2);
  EXPECT_EQ(store->EndSeq(), 2u);
  SearchRequest req;
  req.limit = 100;
  EXPECT_EQ(Ids(store.get(), req), (std::vector<std::string>{"e1", "e0"}));
}

// A node stopped with batches in its spool forwards them when it starts
// again; a spool file whose batches ClickHouse holds already (a crash
// between forwarding and removing it) is dropped, not stored twice.
TEST_F(ClickHouseStoreTest, SpooledBatchesSurviveARestartOfTheNodeAndAreStoredOnce) {
  ClickHouseStoreOptions options = Options();
  options.spool_dir = SpoolDir();
  options.forward_retry = std::chrono::milliseconds(50);
  const std::string copy = options.spool_dir + "-copy";
  {
    auto store = *ClickHouseStore::Open(options);
    AppendOrDie(store.get(), test::Batch("acme", 0, 3));
    server_->Kill();
    AppendOrDie(store.get(), test::Batch("acme", 3, 4));
    AppendOrDie(store.get(), test::Batch("acme", 7, 4));
    ASSERT_TRUE(store->Close().ok());
  }
  fs::remove_all(copy);
  fs::copy(options.spool_dir, copy);
  ASSERT_TRUE(server_->Restart().ok());
  {
    auto store = *ClickHouseStore::Open(options);
    WaitForForwarding(store.get(), 11);
    ASSERT_EQ(store->EndSeq(), 11u);
  }
  fs::remove_all(options.spool_dir);
  fs::copy(copy, options.spool_dir);
  auto store = *ClickHouseStore::Open(options);
  EXPECT_EQ(store->EndSeq(), 11u);
  EXPECT_EQ(store->SpoolBytes(), 0u);
  EXPECT_TRUE(fs::is_empty(options.spool_dir));
  SearchRequest req;
  req.limit = 100;
  EXPECT_EQ(Ids(store.get(), req).size(), 11u);
  EXPECT_EQ(AppendOrDie(store.get(), test::Batch("acme", 11, 1)).at(0).seq, 11u);
}

TEST_F(ClickHouseStoreTest, ScanStreamsEveryEventInSeqOrder) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  // Enough bytes for many response chunks, in time order unlike seq order.
  for (int b = 0; b < 4; ++b) {
    std::vector<Event> batch = test::Batch("acme", b * 500, 500, 10'000'000 - b * 1'000'000);
    for (Event& e : batch) e.description.append(300, 'x');
    AppendOrDie(store.get(), batch);
  }
  uint64_t next = 100;
  ScanRequest req;
  req.from_seq = 100;
  ASSERT_TRUE(store
                  ->Scan(req,
                         [&](const Event& e) {
                           EXPECT_EQ(e.seq, next);
                           ++next;
                           return Status::Ok();
                         })
                  .ok());
  EXPECT_EQ(next, 2000u);
  // A visitor's error stops the scan and is returned.
  int seen = 0;
  Status stopped = store->Scan(ScanRequest{}, [&](const Event&) {
    return ++seen == 3 ? Status::Internal("enough") : Status::Ok();
  });
  EXPECT_EQ(stopped.message(), "enough");
  EXPECT_EQ(seen, 3);
}

TEST_F(ClickHouseStoreTest, BadRequestsNameTheProblem) {
  auto store = OpenOrDie();
  ASSERT_NE(store, nullptr);
  SearchRequest req;
  req.limit = 0;
  EXPECT_TRUE(store->Search(req).status().IsInvalidArgument());
  req.limit = 10;
  req.cursor = "not-a-cursor";
  EXPECT_TRUE(store->Search(req).status().IsInvalidArgument());
  FacetRequest facets;
  facets.fields = {"description"};
  EXPECT_NE(store->ComputeFacets(facets).status().message().find("cannot count values of"),
            std::string::npos);
  ClickHouseStoreOptions bad = Options();
  bad.client.database = "x; DROP TABLE events";
  EXPECT_TRUE(ClickHouseStore::Open(bad).status().IsInvalidArgument());
}

TEST_F(ClickHouseStoreTest, SharedSettingsGiveTheNewestWriteOfEachIdToEveryNode) {
  auto a = OpenOrDie(1, "node-a");
  auto b = OpenOrDie(2, "node-b");
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->SharesSettings());
  ASSERT_TRUE(a->PutSetting({"catalog", "acme", "v1", 1000}).ok());
  ASSERT_TRUE(b->PutSetting({"catalog", "acme", "v2", 2000}).ok());
  ASSERT_TRUE(a->PutSetting({"catalog", "acme", "v0", 500}).ok());  // older: loses
  ASSERT_TRUE(a->PutSetting({"catalog", "beta", "x' OR 1=1 --", 700}).ok());
  ASSERT_TRUE(a->PutSetting({"api_key", "key_1", "k", 900}).ok());
  for (ClickHouseStore* node : {a.get(), b.get()}) {
    auto got = node->Settings("catalog");
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_EQ(got->size(), 2u);
    EXPECT_EQ(((*got)[0].id), "acme");
    EXPECT_EQ(((*got)[0].body), "v2");
    EXPECT_EQ(((*got)[0].written_ms), 2000);
    EXPECT_EQ(((*got)[1].body), "x' OR 1=1 --");
  }
  EXPECT_EQ(b->Settings("api_key")->size(), 1u);
  EXPECT_TRUE(b->Settings("nothing")->empty());
}

}  // namespace
}  // namespace vigil::clickhouse
