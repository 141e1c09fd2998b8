// Delete-after: EmbeddedStore::SegmentsPastDeleteAge and DeleteSegments
// delete whole segments past their tenants' age while the ledger stays
// whole (roots, proofs of the remaining events, consistency from checkpoint
// sizes); a deletion a crash interrupts is finished on open; the deletions
// file is checked like every stored file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/event_json.h"
#include "store/engine/data_dir.h"
#include "store/engine/deletion_log.h"
#include "store/engine/engine_test_util.h"
#include "store/engine/segment_archive.h"
#include "store/engine/segment_compaction.h"
#include "store/fs/fault_injection_file_system.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using test::AllJson;
using test::OpenOrDie;
using test::TempDir;

constexpr int64_t kDay = kMsPerRetentionDay;
constexpr int64_t kNow = 800 * kDay;

struct Part {
  int size;
  int64_t age_days;
};

// One flushed segment per part, events of tenant "a", ids e0, e1, … in order.
void FillSegments(EmbeddedStore* store, const std::vector<Part>& parts) {
  int n = 0;
  for (const Part& p : parts) {
    std::vector<Event> batch;
    for (int i = 0; i < p.size; ++i, ++n) {
      batch.push_back(test::MakeEvent("a", "e" + std::to_string(n), kNow - p.age_days * kDay + n));
    }
    ASSERT_TRUE(store->Append(std::move(batch)).ok());
    ASSERT_TRUE(store->Flush().ok());
  }
}

RetentionPolicy DeleteAfterAYear() {
  RetentionPolicy p;
  p.delete_after_ms = 365 * kDay;
  return p;
}

// Appends the event announcing a deletion (the server's audit.retention) and
// returns its seq.
uint64_t Announce(EmbeddedStore* store) {
  Event e = test::MakeEvent("_system", "announce-" + std::to_string(store->EndSeq()), kNow);
  Result<std::vector<AppendAck>> acks = store->Append({std::move(e)});
  EXPECT_TRUE(acks.ok());
  return acks.ok() ? (*acks)[0].seq : 0;
}

// The JSON of the events not in [first, last] of a sorted-by-seq listing.
std::vector<std::string> Without(const std::vector<std::string>& all,
                                 const std::vector<SeqRange>& gone) {
  std::vector<std::string> out;
  for (size_t seq = 0; seq < all.size(); ++seq) {
    bool deleted = false;
    for (const SeqRange& r : gone) deleted |= seq >= r.first && seq <= r.last;
    if (!deleted) out.push_back(all[seq]);
  }
  return out;
}

std::vector<std::string> SegmentNames(const std::string& dir) {
  return test::FileNames(dir, ".vseg");
}

TEST(RetentionPolicyTest, DeleteAfterIsOffByDefaultAndNeverShorterThanTheWindow) {
  RetentionPolicy p;
  EXPECT_FALSE(p.deletes());
  EXPECT_EQ(p.DeleteAfterMs("acme"), 0);
  p.delete_after_ms_by_tenant["acme"] = 400 * kDay;
  EXPECT_TRUE(p.deletes());
  EXPECT_EQ(p.DeleteAfterMs("acme"), 400 * kDay);
  EXPECT_EQ(p.DeleteAfterMs("globex"), 0);
  EXPECT_TRUE(p.Validate().ok());
  p.delete_after_ms = 30 * kDay;
  EXPECT_EQ(p.Validate().message(),
            "retention: the delete-after age is shorter than the online window; events would be "
            "deleted while default reads still cover them");
  p.delete_after_ms = 0;
  p.online_ms_by_tenant["acme"] = 500 * kDay;
  EXPECT_EQ(p.Validate().message(),
            "retention: the delete-after age of tenant 'acme' is shorter than its online window");
}

TEST(SegmentArchiveTest, PastTheDeleteAgeOfEveryTenantInTheSegment) {
  RetentionPolicy p;
  p.delete_after_ms = 365 * kDay;
  SegmentInfo info;
  info.tenants = {"a", "b"};
  info.max_time_ms = kNow - 366 * kDay;
  EXPECT_TRUE(PastDeleteAge(info, p, kNow));
  p.delete_after_ms_by_tenant["b"] = 400 * kDay;
  EXPECT_FALSE(PastDeleteAge(info, p, kNow));
  p.delete_after_ms = 0;  // a is kept forever now, b's age is past
  info.max_time_ms = kNow - 500 * kDay;
  EXPECT_FALSE(PastDeleteAge(info, p, kNow));
  info.tenants = {"b"};
  EXPECT_TRUE(PastDeleteAge(info, p, kNow));
}

TEST(EmbeddedStoreDeletionTest, DeletedSegmentsAreGoneAndTheLedgerStaysWhole) {
  TempDir tmp;
  EngineOptions options;
  options.segment_rows_per_group = 16;
  auto store = OpenOrDie(tmp.data(), options);
  // Old, new, old (back-filled), new, new: two gaps once deleted.
  FillSegments(store.get(), {{40, 400}, {25, 1}, {60, 390}, {5, 1}, {30, 1}});
  const std::vector<std::string> before = AllJson(store.get());
  // A checkpoint of size 20 (inside tile 1, deleted whole): its leaves stay.
  DataDir layout(DefaultFileSystem(), tmp.data());
  fs::create_directories(layout.CheckpointsDir());
  std::ofstream(fs::path(layout.CheckpointsDir()) / "00000000000000000020.note") << "x";

  Result<std::vector<SeqRange>> due = store->SegmentsPastDeleteAge(DeleteAfterAYear(), kNow);
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  const std::vector<SeqRange> gone = {{0, 39}, {65, 124}};
  EXPECT_EQ(*due, gone);
  const uint64_t announced = Announce(store.get());
  const uint64_t end = store->EndSeq();
  const ledger::Hash root = *store->LedgerRoot(end);
  std::vector<std::vector<ledger::Hash>> proofs;
  for (uint64_t seq = 0; seq < end; ++seq) proofs.push_back(*store->InclusionProof(seq, end));
  const std::vector<uint64_t> sizes = {20, 32, 40, 41, 64, 70, 125, 128, end};
  std::vector<std::vector<ledger::Hash>> consistency;
  for (uint64_t size : sizes) consistency.push_back(*store->ConsistencyProof(size, end));

  Result<RetentionResult> r = store->DeleteSegments(*due, announced);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->segments_deleted, 2u);
  EXPECT_EQ(r->events_deleted, 100u);
  EXPECT_GT(r->bytes_deleted, 0u);

  auto check = [&](EmbeddedStore* s, bool reopened) {
    std::vector<std::string> expected = Without(before, gone);
    std::vector<std::string> all = AllJson(s);
    ASSERT_EQ(all.size(), expected.size() + 1);  // and the announcement
    all.pop_back();
    EXPECT_EQ(all, expected);
    EXPECT_FALSE(s->Get("a", "e5")->has_value());
    EXPECT_TRUE(s->Get("a", "e50")->has_value());
    EXPECT_EQ(*s->LedgerRoot(end), root);
    for (uint64_t seq = 0; seq < end; ++seq) {
      if (seq <= 39 || (seq >= 65 && seq <= 124)) continue;
      EXPECT_EQ(*s->InclusionProof(seq, end), proofs[seq]) << "seq " << seq;
    }
    for (size_t i = 0; i < sizes.size(); ++i) {
      Result<std::vector<ledger::Hash>> p = s->ConsistencyProof(sizes[i], end);
      ASSERT_TRUE(p.ok()) << "size " << sizes[i] << ": " << p.status().ToString();
      EXPECT_EQ(*p, consistency[i]) << "size " << sizes[i];
    }
    // Tile 4 (seqs 64-79) is deleted in part: its leaf 64 was kept. Tile 5
    // (80-95) is deleted whole and no checkpoint falls in it (before the
    // reopen the tree still has its leaves in memory).
    if (reopened) {
      Result<std::vector<ledger::Hash>> lost = s->ConsistencyProof(90, end);
      EXPECT_EQ(lost.status().code(), StatusCode::kNotFound) << lost.status().ToString();
    }
    Result<StoreStats> st = s->Stats();
    EXPECT_EQ(st->deleted_events, 100u);
    EXPECT_EQ(st->events, end - 100);
    EXPECT_EQ(st->segments, reopened ? 4u : 3u);  // closing flushed the announcement
  };
  check(store.get(), false);
  store.reset();
  store = OpenOrDie(tmp.data(), options);
  check(store.get(), true);
  EXPECT_EQ(SegmentNames(layout.segments_dir()).size(), 4u);
  // Nothing is due any more; an event with a deleted id is stored anew.
  EXPECT_TRUE(store->SegmentsPastDeleteAge(DeleteAfterAYear(), kNow)->empty());
  Result<std::vector<AppendAck>> acks = store->Append({test::MakeEvent("a", "e5", kNow)});
  ASSERT_TRUE(acks.ok());
  EXPECT_FALSE((*acks)[0].duplicate);
}

TEST(EmbeddedStoreDeletionTest, SegmentsMergeOnlyAcrossNoGap) {
  TempDir tmp;
  EngineOptions options;
  options.compaction_max_rows = 1000;
  auto store = OpenOrDie(tmp.data(), options);
  FillSegments(store.get(), {{10, 400}, {10, 1}, {10, 400}, {10, 1}, {10, 1}});
  const uint64_t announced = Announce(store.get());
  ASSERT_TRUE(store->DeleteSegments({{0, 9}, {20, 29}}, announced).ok());
  ASSERT_TRUE(store->Flush().ok());
  Result<CompactionResult> r = store->Compact();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->runs, 1u);  // 30-50; 10-19 stands alone
  DataDir layout(DefaultFileSystem(), tmp.data());
  const std::vector<std::string> names = SegmentNames(layout.segments_dir());
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0], layout.SegmentPath(10, 19).substr(layout.segments_dir().size() + 1));
  EXPECT_EQ(names[1], layout.SegmentPath(30, 50).substr(layout.segments_dir().size() + 1));
}

TEST(EmbeddedStoreDeletionTest, TheNewestSegmentAndUnlistedSegmentsStay) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.data());
  FillSegments(store.get(), {{10, 400}, {10, 400}});
  const uint64_t announced = Announce(store.get());
  ASSERT_TRUE(store->Flush().ok());  // the announcement is the newest segment now
  Result<std::vector<SeqRange>> due = store->SegmentsPastDeleteAge(DeleteAfterAYear(), kNow);
  EXPECT_EQ(*due, (std::vector<SeqRange>{{0, 19}}));
  // Only segments inside the ranges given go.
  Result<RetentionResult> r = store->DeleteSegments({{0, 14}}, announced);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->segments_deleted, 1u);
  EXPECT_EQ(store->Stats()->events, 11u);
  EXPECT_EQ(store->DeleteSegments({{0, 19}}, 99).status().message(),
            "the announcing event's seq 99 is not stored (the log ends at 21)");
}

TEST(EmbeddedStoreDeletionTest, MissingRecordsAndTilesAreReportedOnOpen) {
  TempDir tmp;
  {
    auto store = OpenOrDie(tmp.data());
    FillSegments(store.get(), {{20, 400}, {20, 1}});
    const uint64_t announced = Announce(store.get());
    ASSERT_TRUE(store->DeleteSegments({{0, 19}}, announced).ok());
  }
  DataDir layout(DefaultFileSystem(), tmp.data());
  const std::string deletions = layout.DeletionsPath();
  fs::rename(deletions, deletions + ".away");
  Result<std::unique_ptr<EmbeddedStore>> s = EmbeddedStore::Open(tmp.data());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("events 0..19 are missing"), std::string::npos)
      << s.status().ToString();
  fs::rename(deletions + ".away", deletions);
  fs::remove(layout.TilesPath());
  s = EmbeddedStore::Open(tmp.data());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kCorruption);
  EXPECT_NE(s.status().message().find("missing or unusable, and events were deleted"),
            std::string::npos)
      << s.status().ToString();
}

// File-system operations of one DeleteSegments over these segments.
uint64_t DeletionOperations() {
  TempDir dir;
  FaultInjectionFileSystem fault(DefaultFileSystem());
  EngineOptions opts;
  opts.fs = &fault;
  auto store = OpenOrDie(dir.data(), opts);
  FillSegments(store.get(), {{20, 400}, {20, 400}, {20, 1}});
  const uint64_t announced = Announce(store.get());
  const uint64_t start = fault.OperationCount();
  EXPECT_EQ(store->DeleteSegments({{0, 39}}, announced)->segments_deleted, 2u);
  return fault.OperationCount() - start;
}

TEST(EmbeddedStoreDeletionTest, CrashAtAnyStepDeletesAWholeSegmentOrNoneAndARetryFinishes) {
  const uint64_t ops = DeletionOperations();
  ASSERT_GT(ops, 6u);
  int partial = 0;  // crashes after the first deletion and before the second
  for (uint64_t fail_at = 1; fail_at <= ops; ++fail_at) {
    SCOPED_TRACE("operation " + std::to_string(fail_at));
    TempDir dir;
    FaultInjectionFileSystem fault(DefaultFileSystem());
    EngineOptions opts;
    opts.fs = &fault;
    std::vector<std::string> all;
    ledger::Hash root;
    uint64_t announced = 0;
    {
      auto store = OpenOrDie(dir.data(), opts);
      FillSegments(store.get(), {{20, 400}, {20, 400}, {20, 1}});
      announced = Announce(store.get());
      ASSERT_TRUE(store->Flush().ok());
      all = AllJson(store.get());
      root = *store->LedgerRoot(store->EndSeq());
      fault.FailNthOperation(fail_at);
      (void)store->DeleteSegments({{0, 39}}, announced);
      fault.SetFailWrites(true);  // power loss right after
      fault.SetFailSyncs(true);
      (void)store->Close();
    }
    ASSERT_TRUE(fault.DropUnsyncedData().ok());
    fault.ClearFaults();
    auto store = OpenOrDie(dir.data(), opts);
    ASSERT_NE(store, nullptr);
    const uint64_t deleted = store->Stats()->deleted_events;
    ASSERT_TRUE(deleted == 0 || deleted == 20 || deleted == 40) << deleted;
    partial += deleted == 20 ? 1 : 0;
    EXPECT_EQ(AllJson(store.get()), deleted == 0 ? all : Without(all, {{0, deleted - 1}}));
    EXPECT_EQ(*store->LedgerRoot(store->EndSeq()), root);
    Result<RetentionResult> retry = store->DeleteSegments({{0, 39}}, announced);
    ASSERT_TRUE(retry.ok()) << retry.status().ToString();
    EXPECT_EQ(AllJson(store.get()), Without(all, {{0, 39}}));
    EXPECT_EQ(*store->LedgerRoot(store->EndSeq()), root);
    DataDir layout(DefaultFileSystem(), dir.data());
    EXPECT_EQ(SegmentNames(layout.segments_dir()).size(), 2u);
  }
  EXPECT_GT(partial, 0) << "no crash point fell between the two deletions";
}

TEST(DeletionLogTest, RecordsRoundTripATornTailIsCutAndDamageIsReported) {
  DeletionRecord a{.seqs = {0, 39}, .authorized_by = 125};
  a.kept_leaves[32] = ledger::Hash{};
  a.kept_leaves[32][0] = 7;
  DeletionRecord b{.seqs = {65, 124}, .authorized_by = 125};
  std::string data(kDeletionsMagic);
  data += std::string("\x01\0\0\0\0\0\0\0", 8);
  data += EncodeDeletionRecord(a) + EncodeDeletionRecord(b);
  size_t whole = 0;
  Result<std::vector<DeletionRecord>> r = ParseDeletionsFile(data, "d", &whole);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].seqs, a.seqs);
  EXPECT_EQ((*r)[0].kept_leaves, a.kept_leaves);
  EXPECT_EQ((*r)[1].authorized_by, 125u);
  EXPECT_EQ(whole, data.size());
  r = ParseDeletionsFile(data.substr(0, data.size() - 3), "d", &whole);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 1u);  // torn: b is cut off
  EXPECT_EQ(whole, data.size() - EncodeDeletionRecord(b).size());
  std::string damaged = data;
  damaged[kDeletionsHeaderSize + 6] ^= 1;
  EXPECT_EQ(ParseDeletionsFile(damaged, "d").status().message(),
            "d: record at offset 16: checksum mismatch");
  std::string overlap = data + EncodeDeletionRecord({.seqs = {100, 130}, .authorized_by = 1});
  EXPECT_EQ(ParseDeletionsFile(overlap, "d").status().message(),
            "d: record at offset " + std::to_string(data.size()) +
                ": seqs 100-130 overlap an earlier record's 65-124");
  EXPECT_EQ(ParseDeletionsFile("VGTILES\n12345678", "d").status().message(),
            "d: not a version 1 deletions file");
}

}  // namespace
}  // namespace vigil
