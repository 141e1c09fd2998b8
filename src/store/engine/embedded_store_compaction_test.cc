// EmbeddedStore::Compact: adjacent small segments of a tier merge into one
// while reads, proofs, duplicates and appends behave the same; a merge a
// crash interrupts loses nothing and is finished (or undone) on open; the
// server's background thread merges after flushes.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "core/event_json.h"
#include "store/engine/data_dir.h"
#include "store/engine/engine_test_util.h"
#include "store/engine/segment_compaction.h"
#include "store/fs/fault_injection_file_system.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using test::AllJson;
using test::OpenOrDie;
using test::TempDir;

constexpr int64_t kDay = kMsPerRetentionDay;
constexpr int64_t kNow = 400 * kDay;

// One flushed segment per entry of sizes, events of tenant "a" `age_days`
// old, ids e0, e1, … in order.
void FillSegments(EmbeddedStore* store, const std::vector<int>& sizes, int64_t age_days = 1) {
  int n = 0;
  for (int size : sizes) {
    std::vector<Event> batch;
    for (int i = 0; i < size; ++i, ++n) {
      batch.push_back(test::MakeEvent("a", "e" + std::to_string(n), kNow - age_days * kDay + n));
    }
    ASSERT_TRUE(store->Append(std::move(batch)).ok());
    ASSERT_TRUE(store->Flush().ok());
  }
}

std::vector<std::string> SegmentNames(const std::string& dir) {
  return test::FileNames(dir, ".vseg");
}

std::string Name(uint64_t first, uint64_t last) {
  return DataDir(DefaultFileSystem(), "d").SegmentPath(first, last).substr(11);  // "d/segments/"
}

TEST(SegmentCompactionTest, PlansMaximalRunsOfSmallAdjacentSegmentsOfOneTier) {
  TempDir tmp;
  EngineOptions options;
  options.compaction_max_rows = 100;
  auto store = OpenOrDie(tmp.data(), options);
  FillSegments(store.get(), {30, 30, 30, 30, 150, 20, 20, 99, 1});
  // 30+30+30 (the 4th would make 120), then 30 alone, 150 too large,
  // 20+20 (99 would make 139), 99+1.
  Result<CompactionResult> r = store->Compact();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->runs, 3u);
  EXPECT_EQ(r->segments_merged, 7u);
  EXPECT_EQ(r->events, 90u + 40u + 100u);
  EXPECT_GT(r->bytes_before, r->bytes_after);  // fewer footers, indexes, dictionaries
  EXPECT_EQ(SegmentNames(DataDir(DefaultFileSystem(), tmp.data()).segments_dir()),
            (std::vector<std::string>{Name(0, 89), Name(90, 119), Name(120, 269), Name(270, 309),
                                      Name(310, 409)}));
  // Nothing left to merge: a second run does nothing.
  r = store->Compact();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->runs, 0u);
  // 0 turns compaction off.
  TempDir tmp2;
  options.compaction_max_rows = 0;
  auto off = OpenOrDie(tmp2.data(), options);
  FillSegments(off.get(), {3, 3});
  EXPECT_EQ(off->Compact()->runs, 0u);
}

// Segments days apart stay apart, so retention can still move the old one.
TEST(SegmentCompactionTest, RunsSpanAtMostADayOfEventTime) {
  TempDir tmp;
  auto store = OpenOrDie(tmp.data());
  int n = 0;
  for (int64_t at : {kNow - 3 * kDay, kNow - kDay + 1, kNow - 1, kNow}) {
    ASSERT_TRUE(store->Append({test::MakeEvent("a", "e" + std::to_string(n++), at)}).ok());
    ASSERT_TRUE(store->Flush().ok());
  }
  ASSERT_EQ(store->Stats()->segments, 4u);
  Result<CompactionResult> r = store->Compact();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->runs, 1u);
  EXPECT_EQ(r->segments_merged, 3u);  // the last three: within a day of one another
  EXPECT_EQ(SegmentNames(DataDir(DefaultFileSystem(), tmp.data()).segments_dir()),
            (std::vector<std::string>{Name(0, 0), Name(1, 3)}));
}

TEST(EmbeddedStoreCompactionTest, MergedSegmentsReadProveAndDeduplicateTheSame) {
  TempDir tmp;
  EngineOptions options;
  options.compaction_max_rows = 1000;
  options.segment_rows_per_group = 16;  // merged groups straddle the inputs' boundaries
  auto store = OpenOrDie(tmp.data(), options);
  FillSegments(store.get(), {40, 25, 60, 5});
  const std::vector<std::string> before = AllJson(store.get());
  const uint64_t end = store->EndSeq();
  const ledger::Hash root = *store->LedgerRoot(end);
  const std::vector<ledger::Hash> proof = *store->InclusionProof(70, end);
  Result<SearchPage> page_before = store->Search(SearchRequest{});
  ASSERT_TRUE(page_before.ok());

  Result<CompactionResult> r = store->Compact();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->runs, 1u);
  EXPECT_EQ(store->Stats()->segments, 1u);
  EXPECT_EQ(AllJson(store.get()), before);
  EXPECT_EQ(*store->LedgerRoot(end), root);
  EXPECT_EQ(*store->InclusionProof(70, end), proof);
  Result<SearchPage> page = store->Search(SearchRequest{});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->events.size(), page_before->events.size());
  for (size_t i = 0; i < page->events.size(); ++i) {
    EXPECT_EQ(page->events[i].seq, page_before->events[i].seq);
  }
  Result<std::vector<AppendAck>> acks = store->Append({test::MakeEvent("a", "e77", kNow)});
  ASSERT_TRUE(acks.ok());
  EXPECT_TRUE((*acks)[0].duplicate);
  EXPECT_EQ((*acks)[0].seq, 77u);
  store.reset();
  store = OpenOrDie(tmp.data(), options);
  EXPECT_EQ(AllJson(store.get()), before);
  EXPECT_EQ(SegmentNames(DataDir(DefaultFileSystem(), tmp.data()).segments_dir()),
            std::vector<std::string>{Name(0, 129)});
}

TEST(EmbeddedStoreCompactionTest, ArchivedSegmentsMergeWithinTheArchive) {
  TempDir tmp;
  EngineOptions options;
  options.compaction_max_rows = 1000;
  auto store = OpenOrDie(tmp.data(), options);
  FillSegments(store.get(), {20, 20}, /*age_days=*/200);
  ASSERT_TRUE(store->RunRetention(RetentionPolicy{}, kNow).ok());
  ASSERT_TRUE(store->Append({test::MakeEvent("a", "new", kNow)}).ok());
  ASSERT_TRUE(store->Flush().ok());
  const std::vector<std::string> before = AllJson(store.get());
  Result<CompactionResult> r = store->Compact();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->runs, 1u);  // the two archived ones; the online one stays apart
  DataDir layout(DefaultFileSystem(), tmp.data());
  EXPECT_EQ(SegmentNames(layout.archive_dir()), std::vector<std::string>{Name(0, 39)});
  EXPECT_EQ(SegmentNames(layout.segments_dir()), std::vector<std::string>{Name(40, 40)});
  EXPECT_EQ(store->Stats()->archive_segments, 1u);
  EXPECT_EQ(AllJson(store.get()), before);
}

TEST(EmbeddedStoreCompactionTest, InputsACrashLeftBehindAreDeletedOnOpen) {
  TempDir tmp;
  DataDir layout(DefaultFileSystem(), tmp.data());
  std::vector<std::string> before;
  {
    auto store = OpenOrDie(tmp.data());
    FillSegments(store.get(), {10, 10, 10});
    before = AllJson(store.get());
    for (const std::string& n : SegmentNames(layout.segments_dir())) {
      fs::copy_file(fs::path(layout.segments_dir()) / n, tmp.File(n));
    }
    ASSERT_EQ(store->Compact()->runs, 1u);
  }
  // The inputs back beside the merged segment, as a crash before their
  // deletion would have left them.
  for (uint64_t first : {0, 10, 20}) {
    fs::copy_file(tmp.File(Name(first, first + 9)), layout.SegmentPath(first, first + 9));
  }
  auto store = OpenOrDie(tmp.data());
  EXPECT_EQ(SegmentNames(layout.segments_dir()), std::vector<std::string>{Name(0, 29)});
  EXPECT_EQ(AllJson(store.get()), before);
}

TEST(EmbeddedStoreCompactionTest, AnUnreadableMergedSegmentGivesWayToItsInputs) {
  TempDir tmp;
  DataDir layout(DefaultFileSystem(), tmp.data());
  std::vector<std::string> warnings;
  EngineOptions options;
  options.on_warning = [&](const std::string& m) { warnings.push_back(m); };
  std::vector<std::string> before;
  {
    auto store = OpenOrDie(tmp.data(), options);
    FillSegments(store.get(), {10, 10});
    before = AllJson(store.get());
  }
  // A merged file that does not open, beside its (intact) inputs.
  fs::copy_file(layout.SegmentPath(0, 9), tmp.File("x"));
  fs::resize_file(tmp.File("x"), 100);
  fs::copy_file(tmp.File("x"), layout.SegmentPath(0, 19));
  auto store = OpenOrDie(tmp.data(), options);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(AllJson(store.get()), before);
  EXPECT_EQ(SegmentNames(layout.segments_dir()),
            (std::vector<std::string>{Name(0, 9), Name(10, 19)}));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("unreadable copy"), std::string::npos) << warnings[0];
}

TEST(EmbeddedStoreCompactionTest, AppendsGoOnWhileSegmentsMerge) {
  TempDir tmp;
  EngineOptions options;
  options.memtable_max_events = 100;  // flushes while the merges run
  options.compaction_max_rows = 1000;
  auto store = OpenOrDie(tmp.data(), options);
  FillSegments(store.get(), std::vector<int>(12, 50));
  std::atomic<bool> done{false};
  std::atomic<int> appended{0};
  std::thread writer([&] {
    for (int i = 0; !done.load() || i < 50; ++i) {
      Result<std::vector<AppendAck>> acks =
          store->Append({test::MakeEvent("c", "live" + std::to_string(i), kNow)});
      ASSERT_TRUE(acks.ok()) << acks.status().ToString();
      appended.fetch_add(1);
    }
  });
  Result<CompactionResult> r = store->Compact();
  done.store(true);
  writer.join();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GE(r->segments_merged, 12u);
  EXPECT_EQ(AllJson(store.get()).size(), 600u + appended.load());
  store.reset();
  store = OpenOrDie(tmp.data(), options);
  EXPECT_EQ(AllJson(store.get()).size(), 600u + appended.load());
}

// File-system operations of one Compact over these segments, on a fresh store.
uint64_t CompactionOperations(const std::vector<int>& sizes) {
  TempDir dir;
  FaultInjectionFileSystem fault(DefaultFileSystem());
  EngineOptions opts;
  opts.fs = &fault;
  opts.compaction_max_rows = 25;
  auto store = OpenOrDie(dir.data(), opts);
  FillSegments(store.get(), sizes);
  const uint64_t start = fault.OperationCount();
  EXPECT_EQ(store->Compact()->runs, 2u);
  return fault.OperationCount() - start;
}

TEST(EmbeddedStoreCompactionTest, CrashAtAnyStepLosesNothingAndARetryFinishes) {
  const std::vector<int> sizes = {10, 10, 10, 10};  // two runs of two
  const uint64_t ops = CompactionOperations(sizes);
  ASSERT_GT(ops, 10u);
  int partial = 0;  // crashes after the first merge and before the second
  for (uint64_t fail_at = 1; fail_at <= ops; ++fail_at) {
    SCOPED_TRACE("operation " + std::to_string(fail_at));
    TempDir dir;
    FaultInjectionFileSystem fault(DefaultFileSystem());
    EngineOptions opts;
    opts.fs = &fault;
    opts.compaction_max_rows = 25;
    std::vector<std::string> all;
    ledger::Hash root;
    {
      auto store = OpenOrDie(dir.data(), opts);
      FillSegments(store.get(), sizes);
      all = AllJson(store.get());
      root = *store->LedgerRoot(store->EndSeq());
      fault.FailNthOperation(fail_at);
      (void)store->Compact();
      fault.SetFailWrites(true);  // power loss right after
      fault.SetFailSyncs(true);
      (void)store->Close();
    }
    ASSERT_TRUE(fault.DropUnsyncedData().ok());
    fault.ClearFaults();
    auto store = OpenOrDie(dir.data(), opts);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(AllJson(store.get()), all);
    EXPECT_EQ(*store->LedgerRoot(store->EndSeq()), root);
    partial += store->Stats()->segments == 3 ? 1 : 0;
    Result<CompactionResult> retry = store->Compact();
    ASSERT_TRUE(retry.ok()) << retry.status().ToString();
    EXPECT_EQ(AllJson(store.get()), all);
    DataDir layout(DefaultFileSystem(), dir.data());
    EXPECT_EQ(SegmentNames(layout.segments_dir()),
              (std::vector<std::string>{Name(0, 19), Name(20, 39)}));
  }
  EXPECT_GT(partial, 0) << "no crash point fell between the two merges";
}

TEST(EmbeddedStoreCompactionTest, TheBackgroundThreadMergesAfterFlushes) {
  TempDir tmp;
  EngineOptions options;
  options.compaction_max_rows = 1000;
  options.background_compaction = true;
  auto store = OpenOrDie(tmp.data(), options);
  FillSegments(store.get(), std::vector<int>(6, 10));
  // Not a timing test: the merge happens after the flushes, whenever the
  // thread gets to it; the bound only keeps a broken thread from hanging.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (store->Stats()->segments > 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(store->Stats()->segments, 1u);
  EXPECT_EQ(AllJson(store.get()).size(), 60u);
  ASSERT_TRUE(store->Close().ok());  // stops the thread
}

}  // namespace
}  // namespace vigil
