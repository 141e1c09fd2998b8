// CheckpointLog over the ClickHouse backend (a real clickhouse-server on
// loopback): every checkpoint is also kept in ledger_checkpoints, so a node
// that lost its data directory's checkpoints gets them back, and one whose
// ClickHouse lost events it signed refuses to start.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "api/auth/temp_dir.h"
#include "api/ledger/checkpoint_log.h"
#include "api/ledger/checkpoint_test_events.h"
#include "store/clickhouse/clickhouse_store.h"
#include "store/clickhouse/clickhouse_test_server.h"

namespace vigil::api {
namespace {

namespace fs = std::filesystem;
using clickhouse::ClickHouseStore;
using clickhouse::ClickHouseTestServer;

std::vector<Event> Events(int first, int n) { return test::CheckpointTestEvents(first, n); }

class CheckpointLogClickHouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ClickHouseTestServer::Start(dir_.Path("clickhouse"));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    auto key = LoadOrCreateLedgerKey(DefaultFileSystem(), data(), "vigil.test/ledger");
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    key_ = std::move(*key);
  }
  std::string data() const { return dir_.Path("data"); }
  std::unique_ptr<ClickHouseStore> OpenStore(uint16_t node) {
    clickhouse::ClickHouseStoreOptions o;
    o.client = server_->Client("checkpoints");
    o.node_id = node;
    o.node_name = "node-" + std::to_string(node);
    auto s = ClickHouseStore::Open(o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }
  Result<std::unique_ptr<CheckpointLog>> OpenLog(Store* store) {
    auto key = LoadOrCreateLedgerKey(DefaultFileSystem(), data(), "vigil.test/ledger");
    if (!key.ok()) return key.status();
    return CheckpointLog::Open(DefaultFileSystem(), data(), store, std::move(*key));
  }

  TempDir dir_;
  std::unique_ptr<ClickHouseTestServer> server_;
  std::optional<ledger::NoteSigner> key_;
};

TEST_F(CheckpointLogClickHouseTest, CheckpointsAreKeptInClickHouseAndComeBackFromThere) {
  auto store = OpenStore(1);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Append(Events(0, 40)).ok());
  auto log = OpenLog(store.get());
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  auto cp = (*log)->Covering(40);
  ASSERT_TRUE(cp.ok()) << cp.status().ToString();
  ASSERT_TRUE((*log)->Stop().ok());
  auto stored = store->LatestCheckpoint();
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ(**stored, cp->note);
  auto other = OpenStore(2);  // each node's own
  ASSERT_NE(other, nullptr);
  EXPECT_FALSE(other->LatestCheckpoint()->has_value());

  // The directory's checkpoints lost: the latest comes back from ClickHouse,
  // and its file with it.
  fs::remove_all(CheckpointsDir(data()));
  log = OpenLog(store.get());
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  ASSERT_TRUE((*log)->Latest().has_value());
  EXPECT_EQ((*log)->Latest()->note, cp->note);
  EXPECT_EQ(std::distance(fs::directory_iterator(CheckpointsDir(data())), fs::directory_iterator{}),
            1);
  log->reset();

  // ClickHouse lost events this node signed (here: it holds a checkpoint of
  // more events than the log): the node refuses to serve.
  ledger::Checkpoint longer{
      .origin = key_->name(), .size = 45, .root = cp->checkpoint.root, .extensions = {}};
  auto note = ledger::SignCheckpoint(longer, *key_);
  ASSERT_TRUE(note.ok());
  ASSERT_TRUE(store->SaveCheckpoint(45, *note).ok());
  auto refused = OpenLog(store.get());
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(refused.status().IsCorruption()) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("the store's latest checkpoint: a signed checkpoint of "
                                            "45 events, but the store holds only 40"),
            std::string::npos)
      << refused.status().ToString();
}

TEST_F(CheckpointLogClickHouseTest, ADirectoryCheckpointMissingFromClickHouseIsCopiedThere) {
  auto store = OpenStore(1);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Append(Events(0, 10)).ok());
  {
    auto log = OpenLog(store.get());
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE((*log)->Covering(10).ok());
    ASSERT_TRUE((*log)->Stop().ok());
  }
  // ClickHouse's copy lost (or its insert failed): the next start copies
  // the directory's newest checkpoint there again.
  clickhouse::ClickHouseClient client(server_->Client("checkpoints"));
  ASSERT_TRUE(client.Query("TRUNCATE TABLE ledger_checkpoints").ok());
  EXPECT_FALSE(store->LatestCheckpoint()->has_value());
  auto log = OpenLog(store.get());
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  auto stored = store->LatestCheckpoint();
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ(**stored, (*log)->Latest()->note);
}

}  // namespace
}  // namespace vigil::api
