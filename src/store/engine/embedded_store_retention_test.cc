// EmbeddedStore::RunRetention: segments whose events all left their tenants'
// online windows move to the archive tier, recompressed, while reads,
// proofs, redaction and appends behave the same; an interrupted move is
// finished on open.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "core/event_json.h"
#include "store/engine/data_dir.h"
#include "store/engine/engine_test_util.h"
#include "store/engine/segment_archive.h"
#include "store/engine/segment_index_file.h"
#include "store/fs/fault_injection_file_system.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using test::AllJson;
using test::OpenOrDie;
using test::TempDir;

constexpr int64_t kDay = kMsPerRetentionDay;
constexpr int64_t kNow = 400 * kDay;

// Segment k (of `per` events each) holds events of `tenant` k days old plus
// one of them, `mixed`, of "b" (so tenant b's window applies to it too).
// Descriptions repeat so that a higher zstd level has something to gain.
void FillSegments(EmbeddedStore* store, const std::vector<int64_t>& ages_days, int per = 300) {
  int n = 0;
  for (size_t k = 0; k < ages_days.size(); ++k) {
    std::vector<Event> batch;
    for (int i = 0; i < per; ++i, ++n) {
      Event e = test::MakeEvent(i == 0 ? "b" : "a", "e" + std::to_string(n),
                                kNow - ages_days[k] * kDay + i * 1000);
      e.description =
          "renamed the application report for the quarterly review " + std::to_string(n % 17);
      batch.push_back(std::move(e));
    }
    ASSERT_TRUE(store->Append(std::move(batch)).ok());
    ASSERT_TRUE(store->Flush().ok());
  }
}

TEST(RetentionPolicyTest, TenantWindowsAndTheWidestForOperators) {
  RetentionPolicy p;
  EXPECT_EQ(p.OnlineMs("acme"), 90 * kDay);
  p.online_ms_by_tenant["acme"] = 30 * kDay;
  p.online_ms_by_tenant["globex"] = 400 * kDay;
  EXPECT_EQ(p.OnlineMs("acme"), 30 * kDay);
  EXPECT_EQ(p.OnlineMs("initech"), 90 * kDay);
  EXPECT_EQ(p.OnlineMs(""), 400 * kDay);
  EXPECT_EQ(p.OnlineFrom("acme", kNow), kNow - 30 * kDay);
  EXPECT_TRUE(p.Validate().ok());
  p.online_ms_by_tenant["initech"] = 0;
  EXPECT_EQ(p.Validate().message(),
            "retention: the online window of tenant 'initech' must be positive");
}

TEST(SegmentArchiveTest, PastTheWindowOfEveryTenantInTheSegment) {
  RetentionPolicy p;
  p.online_ms = 30 * kDay;
  SegmentInfo info;
  info.tenants = {"a", "b"};
  info.max_time_ms = kNow - 31 * kDay;
  EXPECT_TRUE(PastOnlineWindow(info, p, kNow));
  p.online_ms_by_tenant["b"] = 60 * kDay;  // b's events are still online
  EXPECT_FALSE(PastOnlineWindow(info, p, kNow));
  info.tenants = {"a"};
  EXPECT_TRUE(PastOnlineWindow(info, p, kNow));
  info.max_time_ms = kNow - 30 * kDay;  // exactly at the edge: still online
  EXPECT_FALSE(PastOnlineWindow(info, p, kNow));
}

TEST(EmbeddedStoreRetentionTest, OldSegmentsMoveToTheArchiveAndReadTheSame) {
  TempDir tmp;
  RetentionPolicy policy;
  policy.online_ms = 90 * kDay;
  policy.online_ms_by_tenant["b"] = 150 * kDay;
  std::vector<std::string> before;
  ledger::Hash root_before;
  {
    auto store = OpenOrDie(tmp.data());
    // Ages: 200 and 120 days (archived only the first: b keeps 150 days),
    // 100 (past a's window, but b's), 10 (online).
    FillSegments(store.get(), {200, 120, 100, 10});
    before = AllJson(store.get());
    root_before = *store->LedgerRoot(store->EndSeq());
    Result<RetentionResult> r = store->RunRetention(policy, kNow);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->segments_archived, 1u);
    EXPECT_EQ(r->events_archived, 300u);
    EXPECT_LT(r->bytes_after, r->bytes_before) << "recompressed at level " << kArchiveZstdLevel;
    // Once b's window passes for the second, it goes too; a second run at
    // the same time finds nothing more.
    r = store->RunRetention(policy, kNow);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->changed());
    r = store->RunRetention(policy, kNow + 31 * kDay);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->segments_archived, 1u);
    EXPECT_EQ(AllJson(store.get()), before);
    Result<StoreStats> st = store->Stats();
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(st->segments, 4u);
    EXPECT_EQ(st->archive_segments, 2u);
    EXPECT_GT(st->archive_bytes, 0u);
    // Reads through the archived segments' indexes.
    SearchRequest req;
    req.scope.tenant = "a";
    req.scope.filter = FilterNode::Term(FilterField::kId, {FilterValue::Exact("e5")});
    Result<SearchPage> page = store->Search(req);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->events.size(), 1u);
    EXPECT_EQ(page->events[0].id, "e5");
  }
  DataDir layout(DefaultFileSystem(), tmp.data());
  EXPECT_EQ(test::FileNames(layout.archive_dir(), ".vseg").size(), 2u);
  EXPECT_EQ(test::FileNames(layout.archive_dir(), ".vidx").size(), 2u);
  EXPECT_EQ(test::FileNames(layout.segments_dir(), ".vseg").size(), 2u);
  EXPECT_EQ(test::FileNames(layout.segments_dir(), ".vidx").size(), 2u);

  auto store = OpenOrDie(tmp.data());
  EXPECT_EQ(AllJson(store.get()), before);
  EXPECT_EQ(*store->LedgerRoot(store->EndSeq()), root_before);
  EXPECT_EQ(store->Stats()->archive_segments, 2u);
  // An id sent again is still a duplicate of the archived event.
  Result<std::vector<AppendAck>> acks = store->Append({test::MakeEvent("a", "e1", kNow)});
  ASSERT_TRUE(acks.ok());
  EXPECT_TRUE((*acks)[0].duplicate);
  EXPECT_EQ((*acks)[0].seq, 1u);
}

TEST(EmbeddedStoreRetentionTest, AMoveInterruptedByACrashIsFinishedOnOpen) {
  TempDir tmp;
  DataDir layout(DefaultFileSystem(), tmp.data());
  std::vector<std::string> before;
  {
    auto store = OpenOrDie(tmp.data());
    FillSegments(store.get(), {200, 10});
    before = AllJson(store.get());
    // Keep the online copy as the crash would have: before its deletion.
    const std::string online = layout.SegmentPath(0, 299);
    fs::copy_file(online, tmp.File("online.vseg"));
    RetentionPolicy policy;
    ASSERT_TRUE(store->RunRetention(policy, kNow).ok());
    ASSERT_TRUE(store->Close().ok());
    fs::copy_file(tmp.File("online.vseg"), online);
  }
  ASSERT_TRUE(fs::exists(layout.SegmentPath(0, 299)));
  auto store = OpenOrDie(tmp.data());
  EXPECT_FALSE(fs::exists(layout.SegmentPath(0, 299)));
  EXPECT_TRUE(fs::exists(layout.ArchivedSegmentPath(0, 299)));
  EXPECT_EQ(AllJson(store.get()), before);
  EXPECT_EQ(store->Stats()->archive_segments, 1u);
}

TEST(EmbeddedStoreRetentionTest, ArchivedSegmentsAreRedactedInPlace) {
  TempDir tmp;
  DataDir layout(DefaultFileSystem(), tmp.data());
  auto store = OpenOrDie(tmp.data());
  FillSegments(store.get(), {200, 10});
  ASSERT_TRUE(store->RunRetention(RetentionPolicy{}, kNow).ok());
  Result<RedactionResult> r = store->RedactActor("a", "u1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->segments, 2u);
  EXPECT_EQ(test::FileNames(layout.archive_dir(), ".vseg").size(), 1u);
  EXPECT_EQ(store->Stats()->archive_segments, 1u);
  Result<std::optional<Event>> e = store->Get("a", "e3");
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->actor.email, "");
}

TEST(EmbeddedStoreRetentionTest, AppendsGoOnWhileSegmentsMove) {
  TempDir tmp;
  EngineOptions options;
  options.memtable_max_events = 250;  // flushes while retention runs
  auto store = OpenOrDie(tmp.data(), options);
  FillSegments(store.get(), {300, 250, 200, 150, 120});
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
  Result<RetentionResult> r = store->RunRetention(RetentionPolicy{}, kNow);
  done.store(true);
  writer.join();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->segments_archived, 5u);
  EXPECT_EQ(AllJson(store.get()).size(), 1500u + appended.load());
  store.reset();
  store = OpenOrDie(tmp.data());
  EXPECT_EQ(AllJson(store.get()).size(), 1500u + appended.load());
  EXPECT_EQ(store->Stats()->archive_segments, 5u);
}

// The file-system operations one retention run makes over segments of these
// ages (40 events each), counted on a fresh store: the crash tests fail each.
uint64_t RetentionOperations(const std::vector<int64_t>& ages_days) {
  TempDir dir;
  FaultInjectionFileSystem fault(DefaultFileSystem());
  EngineOptions opts;
  opts.fs = &fault;
  auto store = OpenOrDie(dir.data(), opts);
  FillSegments(store.get(), ages_days, 40);
  const uint64_t start = fault.OperationCount();
  EXPECT_TRUE(store->RunRetention(RetentionPolicy{}, kNow).ok());
  return fault.OperationCount() - start;
}

TEST(EmbeddedStoreRetentionTest, CrashAtAnyStepLosesNothingAndARetryFinishes) {
  auto fill = [](EmbeddedStore* store, std::vector<std::string>* all, ledger::Hash* root) {
    FillSegments(store, {200, 150, 10}, 40);
    *all = AllJson(store);
    *root = *store->LedgerRoot(store->EndSeq());
  };
  const uint64_t ops = RetentionOperations({200, 150, 10});
  ASSERT_GT(ops, 10u);
  int partial = 0;  // crashes after the first segment moved and before the second
  for (uint64_t fail_at = 1; fail_at <= ops; ++fail_at) {
    SCOPED_TRACE("operation " + std::to_string(fail_at));
    TempDir dir;
    FaultInjectionFileSystem fault(DefaultFileSystem());
    EngineOptions opts;
    opts.fs = &fault;
    std::vector<std::string> all;
    ledger::Hash root;
    {
      auto store = OpenOrDie(dir.data(), opts);
      fill(store.get(), &all, &root);
      fault.FailNthOperation(fail_at);
      (void)store->RunRetention(RetentionPolicy{}, kNow);
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
    partial += store->Stats()->archive_segments == 1 ? 1 : 0;
    Result<RetentionResult> retry = store->RunRetention(RetentionPolicy{}, kNow);
    ASSERT_TRUE(retry.ok()) << retry.status().ToString();
    EXPECT_EQ(store->Stats()->archive_segments, 2u);
    EXPECT_EQ(AllJson(store.get()), all);
    DataDir layout(DefaultFileSystem(), dir.data());
    EXPECT_EQ(test::FileNames(layout.segments_dir(), ".vseg").size(), 1u);
    EXPECT_EQ(test::FileNames(layout.archive_dir(), ".vseg").size(), 2u);
  }
  EXPECT_GT(partial, 0) << "no crash point fell between two segment moves";
}

// A run that fails after its archive copy was renamed into place removes the
// copy again: otherwise the next open would prefer it over an online segment
// that a redaction rewrote meanwhile, and bring the erased values back.
TEST(EmbeddedStoreRetentionTest, AFailedMoveLeavesNoCopyToComeBackAfterARedaction) {
  const uint64_t ops = RetentionOperations({200, 10});
  ASSERT_GT(ops, 5u);
  for (uint64_t fail_at = 1; fail_at <= ops; ++fail_at) {
    SCOPED_TRACE("operation " + std::to_string(fail_at));
    TempDir dir;
    FaultInjectionFileSystem fault(DefaultFileSystem());
    EngineOptions opts;
    opts.fs = &fault;
    {
      auto store = OpenOrDie(dir.data(), opts);
      FillSegments(store.get(), {200, 10}, 40);
      fault.FailNthOperation(fail_at);
      (void)store->RunRetention(RetentionPolicy{}, kNow);
      fault.ClearFaults();
      Result<RedactionResult> r = store->RedactActor("a", "u1");
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
    auto store = OpenOrDie(dir.data(), opts);
    ASSERT_NE(store, nullptr);
    int redacted = 0;
    for (const std::string& json : AllJson(store.get())) {
      if (json.find("\"tenant\":\"a\"") == std::string::npos) continue;  // b keeps its values
      EXPECT_EQ(json.find("ada@example.com"), std::string::npos) << json;
      ++redacted;
    }
    EXPECT_EQ(redacted, 78);
  }
}

}  // namespace
}  // namespace vigil
