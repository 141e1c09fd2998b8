#include "api/ledger/checkpoint_log.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "api/auth/temp_dir.h"
#include "api/ledger/checkpoint_test_events.h"
#include "store/engine/embedded_store.h"

namespace vigil::api {
namespace {

std::vector<Event> Events(int first, int n) { return test::CheckpointTestEvents(first, n); }

class CheckpointLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = EmbeddedStore::Open(dir_.Path("data"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  std::string data() const { return dir_.Path("data"); }
  ledger::NoteSigner Key() {
    auto k = LoadOrCreateLedgerKey(DefaultFileSystem(), data(), "vigil.test/ledger");
    EXPECT_TRUE(k.ok()) << k.status().ToString();
    return std::move(*k);
  }
  std::unique_ptr<CheckpointLog> OpenLog(CheckpointOptions options = {}) {
    auto log = CheckpointLog::Open(DefaultFileSystem(), data(), store_.get(), Key(), options);
    EXPECT_TRUE(log.ok()) << log.status().ToString();
    return log.ok() ? std::move(*log) : nullptr;
  }
  // The checkpoint files, by name.
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(CheckpointsDir(data()))) {
      names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  TempDir dir_;
  std::unique_ptr<EmbeddedStore> store_;
};

TEST_F(CheckpointLogTest, KeyIsCreatedOnceWithMode0600) {
  const ledger::NoteSigner first = Key();
  EXPECT_EQ(first.name(), "vigil.test/ledger");
  struct stat st;
  ASSERT_EQ(::stat((data() + "/ledger/signing.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = LoadOrCreateLedgerKey(DefaultFileSystem(), data(), "another/name");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->verifier_key(), first.verifier_key()) << "an existing key is kept";
  std::ifstream pub(data() + "/ledger/verifier.key");
  std::string line;
  std::getline(pub, line);
  EXPECT_EQ(line, first.verifier_key());

  std::ofstream(data() + "/ledger/signing.key") << "not a key\n";
  auto bad = LoadOrCreateLedgerKey(DefaultFileSystem(), data(), "x");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsCorruption());
  EXPECT_NE(bad.status().message().find("signing.key: not a ledger signing key"), std::string::npos)
      << bad.status().ToString();
}

TEST_F(CheckpointLogTest, CoveringSignsTheStoresRoot) {
  auto log = OpenLog();
  EXPECT_FALSE(log->Latest().has_value());
  auto empty = log->Covering(0);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(empty->checkpoint.size, 0u);
  EXPECT_EQ(empty->checkpoint.root, ledger::EmptyTreeHash());

  ASSERT_TRUE(store_->Append(Events(0, 10)).ok());
  EXPECT_TRUE(log->Covering(11).status().IsInvalidArgument());
  auto cp = log->Covering(3);
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->checkpoint.size, 10u) << "a new checkpoint is of the current size";
  EXPECT_EQ(cp->checkpoint.root, *store_->LedgerRoot(10));
  auto opened = ledger::OpenCheckpoint(cp->note, log->signer().verifier());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, cp->checkpoint);
  EXPECT_EQ(log->Covering(10)->note, cp->note) << "the latest is reused while it covers";
  EXPECT_EQ(Files(),
            (std::vector<std::string>{"00000000000000000000.note", "00000000000000000010.note"}));
}

TEST_F(CheckpointLogTest, BackgroundWriterAndStop) {
  auto log = OpenLog({.every_events = 100, .every = std::chrono::hours(1)});
  log->Start();
  ASSERT_TRUE(store_->Append(Events(0, 150)).ok());
  // Not a timing assertion: waits (bounded) for the writer to notice 100 new events.
  for (int i = 0; i < 500 && (!log->Latest() || log->Latest()->checkpoint.size < 100); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(log->Latest().has_value());
  EXPECT_EQ(log->Latest()->checkpoint.size, 150u);
  ASSERT_TRUE(store_->Append(Events(150, 5)).ok());
  ASSERT_TRUE(log->Stop().ok());
  EXPECT_EQ(log->Latest()->checkpoint.size, 155u) << "Stop writes a last checkpoint";
  EXPECT_TRUE(log->Stop().ok()) << "idempotent";
}

TEST_F(CheckpointLogTest, ReopenChecksTheNewestCheckpointAgainstTheStore) {
  ASSERT_TRUE(store_->Append(Events(0, 20)).ok());
  {
    auto log = OpenLog();
    ASSERT_TRUE(log->Stop().ok());
  }
  {
    auto log = OpenLog();
    ASSERT_TRUE(log->Latest().has_value());
    EXPECT_EQ(log->Latest()->checkpoint.size, 20u);
  }
  const std::string newest = CheckpointsDir(data()) + "/00000000000000000020.note";

  // A checkpoint signed by another key under the same name: refused.
  auto forger = ledger::NoteSigner::Generate("vigil.test/ledger");
  ASSERT_TRUE(forger.ok());
  ledger::Checkpoint fake{
      .origin = "vigil.test/ledger", .size = 20, .root = *store_->LedgerRoot(20), .extensions = {}};
  std::ofstream(newest, std::ios::trunc) << *ledger::SignCheckpoint(fake, *forger);
  auto forged = CheckpointLog::Open(DefaultFileSystem(), data(), store_.get(), Key());
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.status().code(), StatusCode::kUnauthenticated) << forged.status().ToString();

  // A genuine checkpoint whose root the store no longer has: corruption.
  ledger::Checkpoint other = fake;
  other.root = *store_->LedgerRoot(19);
  std::ofstream(newest, std::ios::trunc) << *ledger::SignCheckpoint(other, Key());
  auto changed = CheckpointLog::Open(DefaultFileSystem(), data(), store_.get(), Key());
  ASSERT_FALSE(changed.ok());
  EXPECT_TRUE(changed.status().IsCorruption());
  EXPECT_NE(changed.status().message().find("no longer hash to this signed checkpoint's root"),
            std::string::npos)
      << changed.status().ToString();

  // A checkpoint of more events than the store holds: events were lost.
  std::filesystem::remove(newest);
  ledger::Checkpoint ahead = fake;
  ahead.size = 25;
  std::ofstream(CheckpointsDir(data()) + "/00000000000000000025.note")
      << *ledger::SignCheckpoint(ahead, Key());
  auto lost = CheckpointLog::Open(DefaultFileSystem(), data(), store_.get(), Key());
  ASSERT_FALSE(lost.ok());
  EXPECT_NE(lost.status().message().find("store holds only 20: events were lost"),
            std::string::npos)
      << lost.status().ToString();
}

}  // namespace
}  // namespace vigil::api
