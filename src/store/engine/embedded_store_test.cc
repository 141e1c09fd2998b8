#include "store/engine/embedded_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "ledger/seal.h"
#include "store/engine/data_dir.h"
#include "store/engine/engine_test_util.h"
#include "store/fs/fault_injection_file_system.h"
#include "store/segment/segment_reader.h"

namespace vigil {
namespace {

using test::Batch;
using test::MakeEvent;
using test::OpenOrDie;
using test::TempDir;

namespace fs = std::filesystem;

void RemoveSegmentsAndWals(DataDir& layout) {
  Result<std::vector<SegmentFile>> segs = layout.ListSegments();
  ASSERT_TRUE(segs.ok());
  for (const SegmentFile& seg : *segs) fs::remove(seg.path);
  Result<std::vector<WalFile>> wals = layout.ListWals();
  ASSERT_TRUE(wals.ok());
  for (const WalFile& w : *wals) fs::remove(w.path);
}

// Every event of the tenant, oldest first, by paging through Search.
std::vector<Event> All(Store* store, const std::string& tenant = "") {
  std::vector<Event> out;
  SearchRequest req;
  req.scope.tenant = tenant;
  req.order = Order::kOldestFirst;
  req.limit = 1000;
  while (true) {
    Result<SearchPage> page = store->Search(req);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    for (Event& e : page->events) out.push_back(std::move(e));
    if (page->next_cursor.empty()) break;
    req.cursor = page->next_cursor;
  }
  return out;
}

TEST(EmbeddedStoreTest, AppendAssignsContiguousSeqsAndReadsBack) {
  TempDir dir;
  auto store = OpenOrDie(dir.data());
  auto acks = store->Append(Batch("org_1", 0, 3));
  ASSERT_TRUE(acks.ok()) << acks.status().ToString();
  ASSERT_EQ(acks->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*acks)[i].seq, i);
    EXPECT_FALSE((*acks)[i].duplicate);
    EXPECT_EQ((*acks)[i].id, "e" + std::to_string(i));
  }
  std::vector<Event> all = All(store.get());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].id, "e2");
  EXPECT_EQ(all[2].seq, 2u);
  auto got = store->Get("org_1", "e1");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->description, "Ada updated app e1");
  EXPECT_FALSE(store->Get("org_2", "e1")->has_value());  // another tenant's id
  EXPECT_TRUE((*store->Get("", "e1")).has_value());      // operator: any tenant
}

TEST(EmbeddedStoreTest, RepeatedIdIsStoredOnceAndAcknowledgedAgain) {
  TempDir dir;
  auto store = OpenOrDie(dir.data());
  ASSERT_TRUE(store->Append(Batch("org_1", 0, 2)).ok());
  // Again in a later batch, twice within one batch, and the same id in another tenant.
  std::vector<Event> again = {MakeEvent("org_1", "e1", 5), MakeEvent("org_1", "new", 6),
                              MakeEvent("org_1", "new", 7), MakeEvent("org_2", "e1", 8)};
  auto acks = store->Append(std::move(again));
  ASSERT_TRUE(acks.ok());
  EXPECT_TRUE((*acks)[0].duplicate);
  EXPECT_EQ((*acks)[0].seq, 1u);
  EXPECT_FALSE((*acks)[1].duplicate);
  EXPECT_EQ((*acks)[1].seq, 2u);
  EXPECT_TRUE((*acks)[2].duplicate);
  EXPECT_EQ((*acks)[2].seq, 2u);
  EXPECT_FALSE((*acks)[3].duplicate);
  EXPECT_EQ((*acks)[3].seq, 3u);
  EXPECT_EQ(All(store.get()).size(), 4u);
  // The first copy wins: the stored "new" is the one with time 6.
  EXPECT_EQ((*store->Get("org_1", "new"))->time_ms, 6);
}

// Appends `batches` batches of `size` events of org_1 (ids e0, e1, …), then
// closes the store (flushing the memtable to a segment).
void FillAndClose(const std::string& dir, const EngineOptions& opts, int batches, int size) {
  auto store = OpenOrDie(dir, opts);
  for (int b = 0; b < batches; ++b) ASSERT_TRUE(store->Append(Batch("org_1", b * size, size)).ok());
  ASSERT_TRUE(store->Close().ok());
}

TEST(EmbeddedStoreTest, DuplicatesAreDetectedAfterFlushAndReopen) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 10;
  FillAndClose(dir.data(), opts, 5, 7);
  auto store = OpenOrDie(dir.data(), opts);
  auto stats = store->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->events, 35u);
  EXPECT_GE(stats->segments, 2u);
  auto acks = store->Append(Batch("org_1", 30, 10));  // e30..e34 exist, e35..e39 are new
  ASSERT_TRUE(acks.ok());
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ((*acks)[static_cast<size_t>(i)].duplicate, i < 5) << i;
    if (i < 5) {
      EXPECT_EQ((*acks)[static_cast<size_t>(i)].seq, static_cast<uint64_t>(30 + i));
    }
  }
  EXPECT_EQ(All(store.get()).size(), 40u);
}

// The id index is loaded in the background after open: reads by id answer
// at once (by a search until it is loaded), appends wait for it, and a
// close while it loads stops it.
TEST(EmbeddedStoreTest, IdsLoadInTheBackgroundAfterOpen) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 500;
  FillAndClose(dir.data(), opts, 6, 500);
  for (int round = 0; round < 3; ++round) {  // closed at once: the load stops
    auto store = OpenOrDie(dir.data(), opts);
    ASSERT_TRUE(store->Close().ok());
  }
  auto store = OpenOrDie(dir.data(), opts);
  Result<std::optional<Event>> got = store->Get("org_1", "e1234");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->seq, 1234u);
  EXPECT_FALSE(store->Get("org_2", "e1234")->has_value());
  auto acks = store->Append(Batch("org_1", 2995, 10));  // e2995..e2999 exist
  ASSERT_TRUE(acks.ok());
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ((*acks)[i].duplicate, i < 5) << i;
  EXPECT_EQ(store->Get("org_1", "e1234")->value().seq, 1234u);  // now through the id index
  EXPECT_EQ(All(store.get()).size(), 3005u);
}

// A segment whose ids cannot be read no longer keeps the store from
// opening: writes stop with an error naming it (Append, Health), and reads
// that meet it report it.
TEST(EmbeddedStoreTest, DamagedIdColumnStopsWritesNotTheOpen) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 100;
  FillAndClose(dir.data(), opts, 3, 100);
  DataDir layout(DefaultFileSystem(), dir.data());
  Result<std::vector<SegmentFile>> segs = layout.ListSegments();
  ASSERT_TRUE(segs.ok());
  ASSERT_EQ(segs->size(), 3u);
  const std::string damaged = segs->front().path;
  {  // a flipped byte in the first block (a column dictionary)
    std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(20);
    char c = 0;
    f.read(&c, 1);
    f.seekp(20);
    c = static_cast<char>(c ^ 0x5A);
    f.write(&c, 1);
  }
  auto store = OpenOrDie(dir.data(), opts);
  Result<std::vector<AppendAck>> acks = store->Append(Batch("org_1", 300, 5));
  ASSERT_FALSE(acks.ok());
  EXPECT_NE(acks.status().message().find("id index"), std::string::npos) << acks.status().message();
  EXPECT_NE(acks.status().message().find(damaged), std::string::npos) << acks.status().message();
  EXPECT_EQ(store->Health().code(), acks.status().code());
  // A read that meets the damaged segment reports it; others answer.
  Result<std::optional<Event>> got = store->Get("org_1", "e250");
  EXPECT_EQ(got.status().code(), StatusCode::kCorruption);
  EXPECT_NE(got.status().message().find(damaged), std::string::npos) << got.status().message();
  Result<StoreStats> stats = store->Stats();
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->events, 300u);
}

TEST(EmbeddedStoreTest, ConcurrentAppendersShareFsyncsAndLoseNothing) {
  // Counts file operations to show group commit: many appends, fewer fsyncs.
  TempDir dir;
  FaultInjectionFileSystem fault(DefaultFileSystem());
  EngineOptions opts;
  opts.fs = &fault;
  auto store = OpenOrDie(dir.data(), opts);
  constexpr int kThreads = 8, kBatches = 50, kPerBatch = 20;
  const uint64_t ops_before = fault.OperationCount();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < kBatches; ++b) {
        auto acks = store->Append(Batch("org_" + std::to_string(t), b * kPerBatch, kPerBatch));
        if (!acks.ok() || acks->size() != kPerBatch) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  std::vector<Event> all = All(store.get());
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kBatches * kPerBatch));
  std::set<uint64_t> seqs;
  for (const Event& e : all) seqs.insert(e.seq);
  EXPECT_EQ(seqs.size(), all.size());
  EXPECT_EQ(*seqs.rbegin(), all.size() - 1);  // contiguous from 0
  // Each append is two writes (record header, prepared events) plus (when it
  // leads) one sync; with sharing, operations are fewer than three per append.
  const uint64_t ops = fault.OperationCount() - ops_before;
  EXPECT_LT(ops, static_cast<uint64_t>(3 * kThreads * kBatches)) << "no group commit happened";
}

TEST(EmbeddedStoreTest, RecoversAcknowledgedEventsAfterPowerLoss) {
  TempDir dir;
  FaultInjectionFileSystem fault(DefaultFileSystem());
  EngineOptions opts;
  opts.fs = &fault;
  opts.memtable_max_events = 25;  // some events in segments, some only in the WAL
  {
    auto store = OpenOrDie(dir.data(), opts);
    for (int b = 0; b < 6; ++b) ASSERT_TRUE(store->Append(Batch("org_1", b * 10, 10)).ok());
    // Power loss: from now on nothing reaches the disk, and unsynced bytes vanish.
    fault.SetFailWrites(true);
    fault.SetFailSyncs(true);
    EXPECT_FALSE(store->Append(Batch("org_1", 100, 5)).ok());  // not acknowledged
    (void)store->Close();
  }
  ASSERT_TRUE(fault.DropUnsyncedData().ok());
  fault.ClearFaults();
  auto store = OpenOrDie(dir.data(), opts);
  std::vector<Event> all = All(store.get());
  ASSERT_EQ(all.size(), 60u);  // every acknowledged event, nothing else
  for (int i = 0; i < 60; ++i) EXPECT_EQ(all[static_cast<size_t>(i)].id, "e" + std::to_string(i));
  // And the store accepts writes again, continuing the seqs.
  auto acks = store->Append(Batch("org_1", 200, 1));
  ASSERT_TRUE(acks.ok());
  EXPECT_EQ((*acks)[0].seq, 60u);
}

TEST(EmbeddedStoreTest, WalFailureIsStickyAndReadsStillWork) {
  TempDir dir;
  FaultInjectionFileSystem fault(DefaultFileSystem());
  EngineOptions opts;
  opts.fs = &fault;
  auto store = OpenOrDie(dir.data(), opts);
  ASSERT_TRUE(store->Append(Batch("org_1", 0, 3)).ok());
  fault.SetFailSyncs(true);
  auto failed = store->Append(Batch("org_1", 3, 1));
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(failed.status().IsIOError()) << failed.status().ToString();
  fault.ClearFaults();
  auto later = store->Append(Batch("org_1", 4, 1));
  ASSERT_FALSE(later.ok());  // still failed: the WAL's state is unknown until reopen
  EXPECT_NE(later.status().message().find("restart"), std::string::npos);
  EXPECT_EQ(All(store.get()).size(), 3u);  // reads keep working
}

TEST(EmbeddedStoreTest, DiskFullDuringFlushStopsWritesButKeepsData) {
  TempDir dir;
  FaultInjectionFileSystem fault(DefaultFileSystem());
  EngineOptions opts;
  opts.fs = &fault;
  opts.memtable_max_events = 10;
  {
    auto store = OpenOrDie(dir.data(), opts);
    ASSERT_TRUE(store->Append(Batch("org_1", 0, 10)).ok());
    fault.SetDiskFullAfter(0);
    // The next write freezes the full memtable; its flush hits the full disk.
    (void)store->Append(Batch("org_1", 10, 1));
    (void)store->Close();
  }
  fault.ClearFaults();
  auto store = OpenOrDie(dir.data(), opts);
  std::vector<Event> all = All(store.get());
  EXPECT_GE(all.size(), 10u);
}

TEST(EmbeddedStoreTest, TornWalTailIsTruncatedOnOpen) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.data());
    ASSERT_TRUE(store->Append(Batch("org_1", 0, 5)).ok());
    ASSERT_TRUE(store->Append(Batch("org_1", 5, 5)).ok());
    // Leave the events in the WAL: no Close (which would flush). Simulate by
    // copying the WAL away before Close and restoring it after.
    DataDir layout(DefaultFileSystem(), dir.data());
    auto wals = layout.ListWals();
    ASSERT_TRUE(wals.ok());
    fs::copy_file(wals->back().path, dir.path() + "/saved.wal");
    ASSERT_TRUE(store->Close().ok());
    RemoveSegmentsAndWals(layout);
    fs::copy_file(dir.path() + "/saved.wal", wals->back().path);
    // Tear the last record: cut 7 bytes off the end.
    fs::resize_file(wals->back().path, fs::file_size(wals->back().path) - 7);
  }
  auto store = OpenOrDie(dir.data());
  EXPECT_EQ(All(store.get()).size(), 5u);  // the torn second batch is gone, atomically
}

TEST(EmbeddedStoreTest, CorruptWalRecordInTheMiddleIsReportedWithFileAndOffset) {
  TempDir dir;
  DataDir layout(DefaultFileSystem(), dir.data());
  std::string wal_path;
  {
    auto store = OpenOrDie(dir.data());
    for (int b = 0; b < 3; ++b) ASSERT_TRUE(store->Append(Batch("org_1", b * 5, 5)).ok());
    wal_path = layout.ListWals()->back().path;
    fs::copy_file(wal_path, dir.path() + "/saved.wal");
    ASSERT_TRUE(store->Close().ok());
  }
  RemoveSegmentsAndWals(layout);
  fs::copy_file(dir.path() + "/saved.wal", wal_path);
  {
    // Flip a byte inside the first record's payload (after the 24-byte file header).
    std::fstream f(wal_path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(24 + 16 + 40);
    f.put('#');
  }
  auto opened = EmbeddedStore::Open(dir.data());
  ASSERT_FALSE(opened.ok());
  EXPECT_TRUE(opened.status().IsCorruption()) << opened.status().ToString();
  EXPECT_NE(opened.status().message().find(wal_path), std::string::npos);
  EXPECT_NE(opened.status().message().find("offset 24"), std::string::npos)
      << opened.status().message();
}

TEST(EmbeddedStoreTest, MissingSegmentIsCorruption) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 5;
  {
    auto store = OpenOrDie(dir.data(), opts);
    for (int b = 0; b < 4; ++b) ASSERT_TRUE(store->Append(Batch("org_1", b * 5, 5)).ok());
    ASSERT_TRUE(store->Close().ok());
  }
  DataDir layout(DefaultFileSystem(), dir.data());
  auto segs = layout.ListSegments();
  ASSERT_TRUE(segs.ok());
  ASSERT_GE(segs->size(), 3u);
  fs::remove((*segs)[1].path);
  auto opened = EmbeddedStore::Open(dir.data(), opts);
  ASSERT_FALSE(opened.ok());
  EXPECT_TRUE(opened.status().IsCorruption());
  EXPECT_NE(opened.status().message().find("missing"), std::string::npos)
      << opened.status().message();
}

TEST(EmbeddedStoreTest, SecondOpenOfTheSameDirectoryIsRefused) {
  TempDir dir;
  auto store = OpenOrDie(dir.data());
  auto second = EmbeddedStore::Open(dir.data());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("another vigil process"), std::string::npos);
}

TEST(EmbeddedStoreTest, RefusesADirectoryThatIsNotVigils) {
  TempDir dir;
  fs::create_directories(dir.data());
  { std::ofstream(dir.data() + "/notes.txt") << "mine"; }
  auto opened = EmbeddedStore::Open(dir.data());
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("not a vigil data directory"), std::string::npos);
}

TEST(EmbeddedStoreTest, CursorPagesAreStableUnderConcurrentIngest) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 40;
  auto store = OpenOrDie(dir.data(), opts);
  ASSERT_TRUE(store->Append(Batch("org_1", 0, 100)).ok());
  std::set<std::string> expected;
  for (int i = 0; i < 100; ++i) expected.insert("e" + std::to_string(i));
  SearchRequest req;
  req.scope.tenant = "org_1";
  req.limit = 7;
  std::vector<std::string> seen;
  int next_new = 1000;
  int64_t last_time = INT64_MAX;
  while (true) {
    auto page = store->Search(req);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const Event& e : page->events) {
      seen.push_back(e.id);
      EXPECT_LE(e.time_ms, last_time);  // newest first
      last_time = e.time_ms;
    }
    // New events arrive between pages, newer and older than the cursor.
    ASSERT_TRUE(store
                    ->Append({MakeEvent("org_1", "n" + std::to_string(next_new), 9'000'000'000),
                              MakeEvent("org_1", "m" + std::to_string(next_new), 1'050'500)})
                    .ok());
    ++next_new;
    if (page->next_cursor.empty()) break;
    req.cursor = page->next_cursor;
  }
  std::set<std::string> seen_old;
  for (const std::string& id : seen) {
    if (id[0] == 'e') {
      EXPECT_TRUE(seen_old.insert(id).second) << "repeated " << id;
    }
  }
  EXPECT_EQ(seen_old, expected);  // every event that existed at the start, once
}

TEST(EmbeddedStoreTest, BadCursorAndLimitAreClearErrors) {
  TempDir dir;
  auto store = OpenOrDie(dir.data());
  SearchRequest req;
  req.cursor = "not-a-cursor!";
  auto page = store->Search(req);
  ASSERT_FALSE(page.ok());
  EXPECT_TRUE(page.status().IsInvalidArgument());
  EXPECT_TRUE(page.status().message().starts_with("cursor:"));
  req.cursor.clear();
  req.limit = 0;
  EXPECT_TRUE(store->Search(req).status().IsInvalidArgument());
}

TEST(EmbeddedStoreTest, HistogramAndFacetsCountMatchingEvents) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 30;
  auto store = OpenOrDie(dir.data(), opts);
  std::vector<Event> events;
  const int64_t day = 86'400'000;
  for (int i = 0; i < 90; ++i) {
    Event e = MakeEvent(i % 3 == 0 ? "org_a" : "org_b", "x" + std::to_string(i), i * day / 10,
                        i % 2 == 0 ? "user.login" : "app.create");
    if (i % 5 == 0) e.status = EventStatus::kError;
    events.push_back(std::move(e));
  }
  ASSERT_TRUE(store->Append(std::move(events)).ok());
  ASSERT_TRUE(store->Flush().ok());

  HistogramRequest h;
  h.scope.range = {0, 9 * day};
  h.interval_ms = day;
  auto hist = store->ComputeHistogram(h);
  ASSERT_TRUE(hist.ok()) << hist.status().ToString();
  ASSERT_EQ(hist->buckets.size(), 9u);
  uint64_t total = 0, errors = 0;
  for (const auto& b : hist->buckets) {
    EXPECT_EQ(b.count, 10u);
    total += b.count;
    errors += b.errors;
  }
  EXPECT_EQ(total, 90u);
  EXPECT_EQ(errors, 18u);

  FacetRequest f;
  f.scope.tenant = "org_b";
  f.fields = {"action", "status"};
  auto facets = store->ComputeFacets(f);
  ASSERT_TRUE(facets.ok()) << facets.status().ToString();
  ASSERT_EQ(facets->size(), 2u);
  uint64_t sum = 0;
  for (const auto& v : (*facets)[0].values) sum += v.count;
  EXPECT_EQ(sum, 60u);  // org_b holds 60 of the 90
  EXPECT_EQ((*facets)[1].values.size(), 2u);
  f.fields = {"description"};
  EXPECT_TRUE(store->ComputeFacets(f).status().IsInvalidArgument());
}

TEST(EmbeddedStoreTest, ScanVisitsEverythingInSeqOrderAcrossSegmentsAndMemtable) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 16;
  auto store = OpenOrDie(dir.data(), opts);
  for (int b = 0; b < 10; ++b) ASSERT_TRUE(store->Append(Batch("org_1", b * 5, 5)).ok());
  uint64_t expect_seq = 0;
  ASSERT_TRUE(store
                  ->Scan({},
                         [&](const Event& e) {
                           EXPECT_EQ(e.seq, expect_seq++);
                           return Status::Ok();
                         })
                  .ok());
  EXPECT_EQ(expect_seq, 50u);
}

TEST(EmbeddedStoreTest, TimePruningSkipsSegmentsOutsideTheRange) {
  // Two segments far apart in time; damage a column block of the older one.
  // A query for the newer range never touches it; a query covering it fails
  // with Corruption naming the file. Pruning is observable, not assumed.
  // (The older segment is one whole ledger tile, whose root is stored, so
  // reopening does not rehash its events.)
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = ledger::kTileSize;
  const int64_t old_t = 1'000'000'000'000, new_t = 1'700'000'000'000;
  {
    auto store = OpenOrDie(dir.data(), opts);
    ASSERT_TRUE(store->Append(Batch("org_1", 0, static_cast<int>(ledger::kTileSize), old_t)).ok());
    ASSERT_TRUE(store->Append(Batch("org_1", static_cast<int>(ledger::kTileSize), 50, new_t)).ok());
    ASSERT_TRUE(store->Close().ok());
  }
  DataDir layout(DefaultFileSystem(), dir.data());
  auto segs = layout.ListSegments();
  ASSERT_TRUE(segs.ok());
  ASSERT_EQ(segs->size(), 2u);
  {
    // Flip a byte inside the time column's block (every query reads time).
    auto reader = SegmentReader::Open(DefaultFileSystem(), (*segs)[0].path);
    ASSERT_TRUE(reader.ok());
    const uint64_t at = (*reader)->info().block(0, SegmentColumn::kTime).offset;
    std::fstream f((*segs)[0].path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(at));
    char c = 0;
    f.read(&c, 1);
    f.seekp(static_cast<std::streamoff>(at));
    f.put(static_cast<char>(c ^ 0x5A));
  }
  auto store = OpenOrDie(dir.data(), opts);
  SearchRequest recent;
  recent.scope.range = {new_t, new_t + 1'000'000'000};
  recent.limit = 1000;
  auto page = store->Search(recent);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->events.size(), 50u);
  SearchRequest all;
  all.limit = 1000;
  auto broken = store->Search(all);
  ASSERT_FALSE(broken.ok());
  EXPECT_TRUE(broken.status().IsCorruption()) << broken.status().ToString();
  EXPECT_NE(broken.status().message().find((*segs)[0].path), std::string::npos)
      << broken.status().message();
}

TEST(EmbeddedStoreTest, WaitForEventsWakesOnAppendTimesOutAndEndsOnClose) {
  TempDir dir;
  auto store = OpenOrDie(dir.data());
  EXPECT_EQ(store->EndSeq(), 0u);
  EXPECT_FALSE(store->WaitForEvents(0, std::chrono::milliseconds(20)));  // nothing yet
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(store->Append(Batch("org_1", 0, 3)).ok());
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(store->WaitForEvents(0, std::chrono::seconds(10)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  writer.join();
  EXPECT_EQ(store->EndSeq(), 3u);
  EXPECT_TRUE(store->WaitForEvents(2, std::chrono::milliseconds(1)));   // seq 2 is there
  EXPECT_FALSE(store->WaitForEvents(3, std::chrono::milliseconds(1)));  // seq 3 is not
  std::thread closer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(store->Close().ok());
  });
  EXPECT_FALSE(store->WaitForEvents(3, std::chrono::seconds(10)));  // returns at close
  closer.join();
}

// A file system whose segment files sync slowly, so flushes take a while;
// everything else goes straight to the real one.
class SlowSegmentSyncFileSystem final : public FileSystem {
 public:
  Result<std::unique_ptr<WritableFile>> OpenWritable(const std::string& path,
                                                     bool truncate) override {
    ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> f, base_->OpenWritable(path, truncate));
    if (!path.ends_with(".vseg.tmp")) return f;
    return std::unique_ptr<WritableFile>(std::make_unique<Slow>(std::move(f)));
  }
  Result<std::unique_ptr<RandomAccessFile>> OpenReadable(const std::string& p) override {
    return base_->OpenReadable(p);
  }
  Result<std::string> ReadFile(const std::string& p) override { return base_->ReadFile(p); }
  bool Exists(const std::string& p) override { return base_->Exists(p); }
  Result<uint64_t> FileSize(const std::string& p) override { return base_->FileSize(p); }
  Result<std::vector<std::string>> ListDir(const std::string& p) override {
    return base_->ListDir(p);
  }
  Status CreateDir(const std::string& p) override { return base_->CreateDir(p); }
  Status RemoveFile(const std::string& p) override { return base_->RemoveFile(p); }
  Status Rename(const std::string& a, const std::string& b) override { return base_->Rename(a, b); }
  Status Truncate(const std::string& p, uint64_t n) override { return base_->Truncate(p, n); }
  Status SyncDir(const std::string& p) override { return base_->SyncDir(p); }
  Result<std::unique_ptr<FileLock>> Lock(const std::string& p) override { return base_->Lock(p); }

 private:
  class Slow : public WritableFile {
   public:
    explicit Slow(std::unique_ptr<WritableFile> f) : f_(std::move(f)) {}
    Status Append(std::string_view d) override { return f_->Append(d); }
    Status Sync() override {
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      return f_->Sync();
    }
    Status Close() override { return f_->Close(); }
    uint64_t Size() const override { return f_->Size(); }

   private:
    std::unique_ptr<WritableFile> f_;
  };
  FileSystem* base_ = DefaultFileSystem();
};

TEST(EmbeddedStoreTest, AppendFailsWithUnavailableWhenFlushesFallBehindAndLosesNothing) {
  TempDir dir;
  SlowSegmentSyncFileSystem slow;
  EngineOptions opts;
  opts.fs = &slow;
  opts.memtable_max_events = 10;
  opts.max_write_stall = std::chrono::milliseconds(30);
  auto store = OpenOrDie(dir.data(), opts);
  ASSERT_TRUE(store->Append(Batch("org_1", 0, 10)).ok());   // fills the memtable
  ASSERT_TRUE(store->Append(Batch("org_1", 10, 10)).ok());  // freezes it: a slow flush starts
  auto refused = store->Append(Batch("org_1", 20, 10));     // full again, flush still running
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("retry"), std::string::npos);
  // Not sticky: once the flush is done, the same batch is accepted (as a
  // client retrying after Retry-After would).
  Result<std::vector<AppendAck>> retried = Status::Unavailable("not tried");
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!retried.ok() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    retried = store->Append(Batch("org_1", 20, 10));
    if (!retried.ok()) {
      ASSERT_EQ(retried.status().code(), StatusCode::kUnavailable);
    }
  }
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ((*retried)[0].seq, 20u);
  EXPECT_EQ(All(store.get()).size(), 30u);
}

TEST(EmbeddedStoreTest, ObserversSeeWalSyncsAndFlushes) {
  TempDir dir;
  std::atomic<uint64_t> syncs{0}, synced_bytes{0}, flushed_events{0};
  EngineOptions opts;
  opts.memtable_max_events = 20;
  opts.on_wal_sync = [&](std::chrono::nanoseconds d, uint64_t bytes) {
    EXPECT_GE(d.count(), 0);
    ++syncs;
    synced_bytes += bytes;
  };
  opts.on_segment_flush = [&](uint64_t events, uint64_t bytes) {
    EXPECT_GT(bytes, 0u);
    flushed_events += events;
  };
  auto store = OpenOrDie(dir.data(), opts);
  for (int b = 0; b < 5; ++b) ASSERT_TRUE(store->Append(Batch("org_1", b * 10, 10)).ok());
  ASSERT_TRUE(store->Flush().ok());
  EXPECT_EQ(syncs.load(), 5u);
  EXPECT_GT(synced_bytes.load(), 5u * 10 * 100);
  EXPECT_EQ(flushed_events.load(), 50u);
}

TEST(EmbeddedStoreTest, HistogramWithAnOpenRangeSpansOnlyTheMatchingEvents) {
  TempDir dir;
  auto store = OpenOrDie(dir.data());
  const int64_t day = 86'400'000;
  std::vector<Event> events = {MakeEvent("org_a", "a1", 10 * day + 5),
                               MakeEvent("org_a", "a2", 12 * day + 7),
                               MakeEvent("org_b", "b1", 300 * day)};
  ASSERT_TRUE(store->Append(std::move(events)).ok());
  HistogramRequest h;
  h.scope.tenant = "org_a";
  h.interval_ms = day;
  auto hist = store->ComputeHistogram(h);
  ASSERT_TRUE(hist.ok()) << hist.status().ToString();
  ASSERT_EQ(hist->buckets.size(), 3u);  // days 10, 11, 12 — not up to day 300
  EXPECT_EQ(hist->buckets.front().start_ms, 10 * day);
  EXPECT_EQ(hist->buckets[0].count + hist->buckets[2].count, 2u);
  h.scope.tenant = "org_none";
  auto empty = store->ComputeHistogram(h);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->buckets.empty());
}

}  // namespace
}  // namespace vigil
