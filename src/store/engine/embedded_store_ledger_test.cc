// EmbeddedStore's ledger: every event in the Merkle tree across flushes and
// reopen, proofs against a reference tree, the tiles file's damage and
// migration.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "ledger/log_tree.h"
#include "ledger/merkle.h"
#include "ledger/seal.h"
#include "store/engine/embedded_store.h"
#include "store/engine/engine_test_util.h"
#include "store/engine/ledger_log.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using test::Batch;
using test::OpenOrDie;
using test::TempDir;

// The reference: the tree of the stored events' leaf hashes, in seq order.
ledger::MemoryTree ReferenceTree(EmbeddedStore& store) {
  ledger::MemoryTree tree;
  ScanRequest all;
  EXPECT_TRUE(store
                  .Scan(all,
                        [&](const Event& e) {
                          tree.Append(*ledger::EventLeafHash(e));
                          return Status::Ok();
                        })
                  .ok());
  return tree;
}

TEST(EmbeddedStoreTest, LedgerCoversEveryEventAcrossFlushesAndReopen) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 300;  // flushes that end inside a tile
  const uint64_t n = 1000;
  {
    auto store = OpenOrDie(dir.data(), opts);
    for (int i = 0; i < static_cast<int>(n); i += 100) {
      ASSERT_TRUE(store->Append(Batch("org_1", i, 100)).ok());
    }
    const ledger::MemoryTree ref = ReferenceTree(*store);
    ASSERT_EQ(ref.size(), n);
    for (uint64_t size : {uint64_t{1}, uint64_t{256}, uint64_t{301}, n}) {
      EXPECT_EQ(*store->LedgerRoot(size), ref.RootAt(size)) << size;
    }
    auto proof = store->InclusionProof(7, n);
    ASSERT_TRUE(proof.ok()) << proof.status().ToString();
    EXPECT_TRUE(ledger::VerifyInclusion(ref.leaves()[7], 7, n, *proof, ref.Root()).valid());
    ASSERT_TRUE(store->Close().ok());
  }
  // Closing flushed every event: each complete tile's root is stored.
  EXPECT_EQ(fs::file_size(dir.data() + "/ledger/tiles"),
            kTilesHeaderSize + (n / ledger::kTileSize) * kTileRecordSize);
  auto store = OpenOrDie(dir.data(), opts);
  const ledger::MemoryTree ref = ReferenceTree(*store);
  EXPECT_EQ(*store->LedgerRoot(n), ref.Root());
  auto consistency = store->ConsistencyProof(300, n);
  ASSERT_TRUE(consistency.ok());
  EXPECT_TRUE(ledger::VerifyConsistency(300, n, *consistency, ref.RootAt(300), ref.Root()).valid());
  // A proof reaching into tile 0 rehashes its events from the segment.
  auto old = store->InclusionProof(3, 600);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_TRUE(ledger::VerifyInclusion(ref.leaves()[3], 3, 600, *old, ref.RootAt(600)).valid());
  EXPECT_TRUE(store->LedgerRoot(n + 1).status().IsInvalidArgument());
  EXPECT_TRUE(store->InclusionProof(n, n).status().IsInvalidArgument());
  EXPECT_TRUE(store->ConsistencyProof(5, 4).status().IsInvalidArgument());
}

TEST(EmbeddedStoreTest, StoredEventsAreSealed) {
  TempDir dir;
  auto store = OpenOrDie(dir.data());
  ASSERT_TRUE(store->Append(Batch("org_1", 0, 2)).ok());
  auto got = store->Get("org_1", "e1");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_FALSE((*got)->seal.key.empty()) << "actor.email is personal: the event has a key";
  EXPECT_TRUE(ledger::EventLeafHash(**got).ok());
}

TEST(EmbeddedStoreTest, TilesFileDamageIsReportedAndATornRecordCutOff) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 512;
  {
    auto store = OpenOrDie(dir.data(), opts);
    for (int i = 0; i < 600; i += 100) ASSERT_TRUE(store->Append(Batch("org_1", i, 100)).ok());
    ASSERT_TRUE(store->Close().ok());
  }
  const std::string tiles = dir.data() + "/ledger/tiles";
  ASSERT_EQ(fs::file_size(tiles), kTilesHeaderSize + (600 / ledger::kTileSize) * kTileRecordSize);
  ledger::Hash root;
  {
    auto store = OpenOrDie(dir.data(), opts);
    root = *store->LedgerRoot(600);
  }
  auto contents = [&] {
    std::ifstream in(tiles, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string whole = contents();
  // A crash in the middle of appending a record: cut off, the later tiles
  // rebuilt from the events and stored again, byte for byte.
  fs::resize_file(tiles, kTilesHeaderSize + kTileRecordSize + 10);
  {
    auto store = OpenOrDie(dir.data(), opts);
    EXPECT_EQ(*store->LedgerRoot(600), root);
  }
  EXPECT_EQ(contents(), whole);
  // A flipped bit in a stored root is corruption naming the tile.
  {
    std::fstream f(tiles, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(kTilesHeaderSize + 5));
    f.put('\x7f');
  }
  Result<std::unique_ptr<EmbeddedStore>> s = EmbeddedStore::Open(dir.data(), opts);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.status().IsCorruption());
  const std::string message =
      fmt::format("tile 0 (seqs 0-{}): checksum mismatch", ledger::kTileSize - 1);
  EXPECT_NE(s.status().message().find(message), std::string::npos) << s.status().ToString();
}

// A tiles file of another tile height (written by an earlier release) is not
// an error: the tile roots are rebuilt from the events and the file rewritten.
TEST(EmbeddedStoreTest, TilesOfAnotherHeightAreRebuilt) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 512;
  ledger::Hash root;
  {
    auto store = OpenOrDie(dir.data(), opts);
    for (int i = 0; i < 600; i += 100) ASSERT_TRUE(store->Append(Batch("org_1", i, 100)).ok());
    root = *store->LedgerRoot(600);
    ASSERT_TRUE(store->Close().ok());
  }
  const std::string tiles = dir.data() + "/ledger/tiles";
  const uintmax_t size = fs::file_size(tiles);
  {
    std::fstream f(tiles, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(12);  // the tile height, u32 LE
    f.put(static_cast<char>(ledger::kTileHeight + 4));
  }
  auto store = OpenOrDie(dir.data(), opts);
  EXPECT_EQ(*store->LedgerRoot(600), root);
  auto proof = store->InclusionProof(2, 600);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  EXPECT_EQ(fs::file_size(tiles), size);
  std::ifstream in(tiles, std::ios::binary);
  in.seekg(12);
  EXPECT_EQ(in.get(), static_cast<int>(ledger::kTileHeight)) << "rewritten at the current height";
}

}  // namespace
}  // namespace vigil
