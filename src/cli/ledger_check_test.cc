#include "cli/ledger_check.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ledger/log_tree.h"
#include "ledger/merkle.h"
#include "ledger/seal.h"

namespace vigil::cli {
namespace {

using ledger::Hash;
using ledger::kTileSize;

Event MakeEvent(uint64_t seq) {
  Event e;
  e.id = "ev" + std::to_string(seq);
  e.tenant = "acme";
  e.action = "doc.open";
  e.time_ms = 1'700'000'000'000 + static_cast<int64_t>(seq);
  e.seq = seq;
  return e;
}

std::vector<Hash> LeafHashes(uint64_t n) {
  std::vector<Hash> out;
  for (uint64_t i = 0; i < n; ++i) out.push_back(*ledger::EventLeafHash(MakeEvent(i)));
  return out;
}

CheckpointFile Checkpoint(uint64_t size, const Hash& root) {
  return {"cp/" + std::to_string(size) + ".note",
          ledger::Checkpoint{.origin = "log", .size = size, .root = root, .extensions = {}}};
}

Status Feed(LedgerCheck* check, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) RETURN_IF_ERROR(check->Visit(MakeEvent(i)));
  return Status::Ok();
}

TEST(LedgerCheckTest, EveryCheckpointFromTheEmptyTreeOnVerifies) {
  const std::vector<Hash> leaves = LeafHashes(600);
  const ledger::MemoryTree tree(leaves);
  LedgerCheck check({tree.RangeHash(0, kTileSize), tree.RangeHash(kTileSize, 2 * kTileSize)},
                    {Checkpoint(0, ledger::EmptyTreeHash()), Checkpoint(1, tree.RootAt(1)),
                     Checkpoint(300, tree.RootAt(300)), Checkpoint(600, tree.RootAt(600))});
  ASSERT_TRUE(Feed(&check, 600).ok());
  check.Finish();
  EXPECT_EQ(check.problems(), std::vector<std::string>{});
  EXPECT_EQ(check.tiles_checked(), 2u);
  EXPECT_EQ(check.checkpoints_verified(), 4u);
  ASSERT_TRUE(check.latest().has_value());
  EXPECT_EQ(check.latest()->checkpoint.size, 600u);
}

// Deletions: 200 events, seqs 0-39 and 50-99 deleted, announced by seq 199.
struct Deleted {
  std::string announced = R"({"deleted_seqs":[[0,39],[50,99]]})";
  Event At(uint64_t seq) const {
    Event e = MakeEvent(seq);
    if (seq == 199) {
      e.tenant = "_system";
      e.action = "audit.retention";
      e.operation = "delete";
      e.metadata_json = announced;
    }
    return e;
  }
  std::vector<Hash> Leaves() const {
    std::vector<Hash> out;
    for (uint64_t i = 0; i < 200; ++i) out.push_back(*ledger::EventLeafHash(At(i)));
    return out;
  }
  // What the store keeps: leaves of tiles deleted in part (2: 32-47, 3:
  // 48-63, 6: 96-111) and of the checkpoint at 20's tile (1: 16-31).
  std::vector<DeletionRecord> Records() const {
    const std::vector<Hash> leaves = Leaves();
    DeletionRecord a{.seqs = {0, 39}, .authorized_by = 199};
    DeletionRecord b{.seqs = {50, 99}, .authorized_by = 199};
    for (uint64_t s = 16; s <= 39; ++s) a.kept_leaves[s] = leaves[s];
    for (uint64_t s = 50; s <= 63; ++s) b.kept_leaves[s] = leaves[s];
    for (uint64_t s = 96; s <= 99; ++s) b.kept_leaves[s] = leaves[s];
    return {a, b};
  }
  LedgerCheck Check(std::vector<DeletionRecord> records) const {
    const ledger::MemoryTree tree(Leaves());
    std::vector<Hash> tiles;
    for (uint64_t t = 0; t < 12; ++t)
      tiles.push_back(tree.RangeHash(t * kTileSize, (t + 1) * kTileSize));
    return LedgerCheck(tiles,
                       {Checkpoint(20, tree.RootAt(20)), Checkpoint(150, tree.RootAt(150)),
                        Checkpoint(200, tree.RootAt(200))},
                       std::move(records));
  }
  Status Feed(LedgerCheck* check) const {
    for (uint64_t i = 0; i < 200; ++i) {
      if (i <= 39 || (i >= 50 && i <= 99)) continue;
      RETURN_IF_ERROR(check->Visit(At(i)));
    }
    return Status::Ok();
  }
};

TEST(LedgerCheckTest, DeletedEventsAreStoodInForByWhatTheirRecordsKept) {
  const Deleted d;
  LedgerCheck check = d.Check(d.Records());
  ASSERT_TRUE(d.Feed(&check).ok()) << fmt::format("{}", fmt::join(check.problems(), "; "));
  check.Finish();
  EXPECT_EQ(check.problems(), std::vector<std::string>{});
  EXPECT_EQ(check.checkpoints_verified(), 3u);
  EXPECT_EQ(check.deleted_events(), 90u);
  EXPECT_EQ(check.events(), 110u);
}

TEST(LedgerCheckTest, DeletionsNotAnnouncedOrMissingLeavesAreProblems) {
  Deleted d;
  d.announced = R"({"deleted_seqs":[[0,39]]})";  // 50-99 removed by hand, with a forged record
  LedgerCheck check = d.Check(d.Records());
  ASSERT_TRUE(d.Feed(&check).ok());
  check.Finish();
  // The announcement's own leaf differs now, so the checkpoint at 200 fails too.
  ASSERT_FALSE(check.problems().empty());
  EXPECT_EQ(check.problems().back(),
            "seqs 50-99 were deleted, but seq 199, which should announce it, is not an "
            "audit.retention delete event in _system whose deleted_seqs cover them: events were "
            "removed by hand");

  const Deleted ok;
  std::vector<DeletionRecord> records = ok.Records();
  for (uint64_t s = 16; s < 32; ++s) records[0].kept_leaves.erase(s);
  LedgerCheck lost = ok.Check(records);
  EXPECT_FALSE(ok.Feed(&lost).ok());
  EXPECT_EQ(lost.problems(), std::vector<std::string>{
                                 "checkpoint cp/20.note (size 20) falls in tile 1 (seqs "
                                 "16-31), whose events were deleted without their leaf hashes"});

  records = ok.Records();
  records[1].kept_leaves.erase(97);
  LedgerCheck hole = ok.Check(records);
  EXPECT_FALSE(ok.Feed(&hole).ok());
  EXPECT_EQ(hole.problems(),
            std::vector<std::string>{"seq 97 was deleted (seqs 50-99) without its leaf hash, "
                                     "which tile 6 (seqs 96-111) needs"});
}

TEST(LedgerCheckTest, MissingAndRepeatedSeqsStopTheCheck) {
  LedgerCheck gap({}, {});
  ASSERT_TRUE(gap.Visit(MakeEvent(0)).ok());
  EXPECT_FALSE(gap.Visit(MakeEvent(2)).ok());
  EXPECT_TRUE(gap.stopped());
  EXPECT_EQ(gap.problems(),
            std::vector<std::string>{"seq 2 comes after seq 0: event 1 is missing"});

  LedgerCheck first({}, {});
  EXPECT_FALSE(first.Visit(MakeEvent(7)).ok());
  EXPECT_EQ(first.problems(),
            std::vector<std::string>{"seq 7 comes first: events 0-6 are missing"});

  LedgerCheck again({}, {});
  ASSERT_TRUE(again.Visit(MakeEvent(0)).ok());
  EXPECT_FALSE(again.Visit(MakeEvent(0)).ok());
  EXPECT_EQ(again.problems(), std::vector<std::string>{"seq 0 comes again after seq 0"});
}

TEST(LedgerCheckTest, TileProblemsPastTenAreCounted) {
  std::vector<Hash> wrong(12, ledger::LeafHash("not a tile root"));
  LedgerCheck check(wrong, {Checkpoint(5000, Hash{})});
  ASSERT_TRUE(Feed(&check, 12 * kTileSize + 3).ok());
  check.Finish();
  ASSERT_EQ(check.problems().size(), 12u);
  EXPECT_EQ(check.problems()[0],
            fmt::format("tile 0 (seqs 0-{}): the stored events do not hash to the recorded tile "
                        "root",
                        kTileSize - 1));
  EXPECT_EQ(check.problems()[9],
            fmt::format("tile 9 (seqs {}-{}): the stored events do not hash to the recorded tile "
                        "root",
                        9 * kTileSize, 10 * kTileSize - 1));
  EXPECT_EQ(check.problems()[10],
            fmt::format("the log was truncated: checkpoint cp/5000.note is of size 5000 but the "
                        "store holds {} events",
                        12 * kTileSize + 3));
  EXPECT_EQ(check.problems()[11], "2 more tiles differ from their recorded roots");
  EXPECT_EQ(check.tiles_checked(), 12u);
}

TEST(LedgerCheckTest, ARootMismatchIsBoundedByTheLastMatchingCheckpoint) {
  const std::vector<Hash> leaves = LeafHashes(700);
  const ledger::MemoryTree tree(leaves);
  LedgerCheck check({tree.RangeHash(0, kTileSize), tree.RangeHash(kTileSize, 2 * kTileSize)},
                    {Checkpoint(300, tree.RootAt(300)), Checkpoint(700, Hash{})});
  ASSERT_TRUE(Feed(&check, 700).ok());
  check.Finish();
  EXPECT_EQ(check.problems(),
            std::vector<std::string>{fmt::format(
                "checkpoint cp/700.note (size 700): root mismatch; every recorded tile root up "
                "to seq {} matches, so events {}-699 changed (past the last recorded tile) or "
                "the tiles file was rewritten with the events; checkpoint cp/300.note (size 300) "
                "matches, so the change is in seqs 300-699",
                2 * kTileSize - 1, 2 * kTileSize)});
  EXPECT_EQ(check.checkpoints_verified(), 1u);
}

}  // namespace
}  // namespace vigil::cli
