// EmbeddedStore::RedactActor: the personal values of one actor's events are
// erased from every file of the data directory while every leaf hash, root
// and proof stays the same, across flushes, reopen and crashes.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <thread>

#include "ledger/merkle.h"
#include "ledger/seal.h"
#include "store/engine/data_dir.h"
#include "store/engine/embedded_store.h"
#include "store/engine/engine_test_util.h"
#include "store/engine/segment_index_file.h"
#include "store/fs/fault_injection_file_system.h"
#include "store/segment/segment_reader.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kEmail = "ada@example.com";
constexpr std::string_view kName = "Ada Lovelace";
constexpr std::string_view kUserAgent = "AdaBrowser/1.0";

using test::TempDir;

// Event i: tenant "other" for every fifth, else "acme"; actor u1 for every
// third, else u2; every seventh has no personal value (so no seal key).
Event MakeEvent(int i) {
  Event e;
  e.tenant = i % 5 == 4 ? "other" : "acme";
  e.id = "e" + std::to_string(i);
  e.time_ms = 1'000'000 + i * 1000;
  e.received_at_ms = e.time_ms + 5;
  e.environment = "production";
  e.action = "doc.edit";
  e.actor.type = "user";
  e.actor.id = i % 3 == 0 ? "u1" : "u2";
  e.description = "event " + std::to_string(i);
  if (i % 7 != 6) {
    const bool ada = e.actor.id == "u1";
    e.actor.email =
        ada ? (e.tenant == "acme" ? std::string(kEmail) : "ada@other.example") : "bob@example.com";
    e.actor.name = ada ? std::string(kName) : "Bob";
    e.context.ip = "203.0.113." + std::to_string(i % 250);
    e.context.user_agent = ada && e.tenant == "acme" ? std::string(kUserAgent) : "Other/2.0";
    e.context.method = "POST";
  }
  return e;
}

bool Redactable(int i) { return i % 5 != 4 && i % 3 == 0 && i % 7 != 6; }

std::unique_ptr<EmbeddedStore> OpenOrDie(const std::string& dir, const EngineOptions& options) {
  Result<std::unique_ptr<EmbeddedStore>> s = EmbeddedStore::Open(dir, options);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(*s) : nullptr;
}

void Ingest(Store* store, int n, int batch = 20) {
  for (int first = 0; first < n; first += batch) {
    std::vector<Event> events;
    for (int i = first; i < std::min(n, first + batch); ++i) events.push_back(MakeEvent(i));
    Result<std::vector<AppendAck>> acks = store->Append(std::move(events));
    ASSERT_TRUE(acks.ok()) << acks.status().ToString();
  }
}

std::vector<Event> AllEvents(Store* store) {
  std::vector<Event> out;
  EXPECT_TRUE(store
                  ->Scan(ScanRequest{},
                         [&](const Event& e) {
                           out.push_back(e);
                           return Status::Ok();
                         })
                  .ok());
  return out;
}

std::vector<ledger::Hash> Roots(Store* store, uint64_t n) {
  std::vector<ledger::Hash> roots;
  for (uint64_t size = 0; size <= n; ++size) {
    Result<ledger::Hash> r = store->LedgerRoot(size);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    roots.push_back(r.ok() ? *r : ledger::Hash{});
  }
  return roots;
}

// The first tree size whose root differs, or "none".
std::string FirstDifferentRoot(const std::vector<ledger::Hash>& a,
                               const std::vector<ledger::Hash>& b) {
  if (a.size() != b.size()) return "sizes differ";
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return "size " + std::to_string(i);
  }
  return "none";
}

std::string ReadRaw(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every file of the data directory whose raw bytes hold `text`.
std::vector<std::string> FilesHolding(const std::string& dir, std::string_view text) {
  std::vector<std::string> out;
  for (const fs::directory_entry& f : fs::recursive_directory_iterator(dir)) {
    if (f.is_regular_file() && ReadRaw(f.path()).find(text) != std::string::npos) {
      out.push_back(f.path().string());
    }
  }
  return out;
}

// Calls fn(reader) for each segment file of the data directory.
void ForEachSegment(const std::string& dir, const std::function<void(const SegmentReader&)>& fn) {
  Result<std::vector<SegmentFile>> files = DataDir(DefaultFileSystem(), dir).ListSegments();
  ASSERT_TRUE(files.ok());
  for (const SegmentFile& f : *files) {
    Result<std::unique_ptr<SegmentReader>> reader =
        SegmentReader::Open(DefaultFileSystem(), f.path);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    fn(**reader);
  }
}

// Events of the segment files, decoded (segments are zstd-compressed: a raw
// grep cannot see their values), whose actor.email is `email`.
size_t SegmentEventsWithEmail(const std::string& dir, std::string_view email) {
  size_t n = 0;
  ForEachSegment(dir, [&](const SegmentReader& reader) {
    std::vector<Event> events;
    EXPECT_TRUE(reader.ReadEvents(ColumnSet::All(), &events).ok());
    for (const Event& e : events) n += e.actor.email == email ? 1 : 0;
  });
  return n;
}

// Rows of tenant in the segments' index files that hold `email` as an actor
// email or as full-text tokens (the index keeps terms raw but front-coded,
// so a grep of the bytes could miss them). With allow_missing, a segment
// without its index yet (a flush running meanwhile writes it just after the
// segment) is passed over; otherwise that fails.
size_t IndexedRowsWithEmail(const std::string& dir, std::string_view tenant, std::string_view email,
                            bool allow_missing = false) {
  size_t n = 0;
  ForEachSegment(dir, [&](const SegmentReader& reader) {
    Result<std::shared_ptr<const index::SegmentIndex>> ix =
        OpenSegmentIndex(DefaultFileSystem(), reader);
    if (allow_missing && ix.status().IsNotFound()) return;
    ASSERT_TRUE(ix.ok()) << ix.status().ToString();
    const index::Bitmap in_tenant = (*ix)->Exact(index::IndexKey::kTenant, tenant).rows;
    n += (*ix)->Exact(index::IndexKey::kActorEmail, email).rows.and_cardinality(in_tenant);
    const size_t at = email.find('@');
    const std::string local(email.substr(0, at));  // "ada": a name token too
    const std::string domain(email.substr(at + 1, email.find('.', at) - at - 1));
    n += ((*ix)->Exact(index::IndexKey::kText, local).rows &
          (*ix)->Exact(index::IndexKey::kText, domain).rows)
             .and_cardinality(in_tenant);
  });
  return n;
}

void ExpectRedacted(const Event& e) {
  EXPECT_TRUE(e.actor.email.empty() && e.actor.name.empty() && e.context.ip.empty() &&
              e.context.user_agent.empty())
      << e.id;
  EXPECT_TRUE(e.seal.key.empty()) << e.id;
  EXPECT_NE(e.seal.redacted_json.find("\"actor.email\""), std::string::npos) << e.id;
  EXPECT_EQ(e.actor.id, "u1");  // not personal: kept
  EXPECT_EQ(e.context.method, "POST");
}

TEST(EmbeddedStoreRedactionTest, ErasesValuesFromEveryFileAndKeepsEveryRootAndProof) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 64;  // several segments, and events left in the memtable
  const int n = 300;
  auto store = OpenOrDie(dir.data(), opts);
  Ingest(store.get(), n);
  ASSERT_GT(store->Stats()->memtable_events, 0u);
  ASSERT_FALSE(FilesHolding(dir.data(), kEmail).empty()) << "the WAL holds the memtable's values";
  ASSERT_GT(IndexedRowsWithEmail(dir.data(), "acme", kEmail, /*allow_missing=*/true), 0u)
      << "the segments' indexes hold them";
  const std::vector<Event> before = AllEvents(store.get());
  const std::vector<ledger::Hash> roots = Roots(store.get(), n);
  std::vector<std::vector<ledger::Hash>> proofs;
  for (uint64_t seq = 0; seq < n; ++seq) proofs.push_back(*store->InclusionProof(seq, n));

  Result<RedactionResult> r = store->RedactActor("acme", "u1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  int expected = 0;
  for (int i = 0; i < n; ++i) expected += Redactable(i) ? 1 : 0;
  EXPECT_EQ(r->events, static_cast<uint64_t>(expected));
  EXPECT_EQ(r->segments, store->Stats()->segments) << "every segment holds one of Ada's events";
  EXPECT_EQ(store->Stats()->memtable_events, 0u);

  EXPECT_EQ(FirstDifferentRoot(Roots(store.get(), n), roots), "none");
  const std::vector<Event> after = AllEvents(store.get());
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    const Event& e = after[i];
    EXPECT_EQ(*store->InclusionProof(i, n), proofs[i]);
    EXPECT_TRUE(
        ledger::VerifyInclusion(*ledger::EventLeafHash(e), i, n, proofs[i], roots[n]).valid());
    if (Redactable(static_cast<int>(i))) {
      ExpectRedacted(e);
    } else {
      EXPECT_EQ(e, before[i]) << "untouched: other actors, other tenants, no personal values";
    }
  }
  Result<std::optional<Event>> got = store->Get("acme", "e0");
  ASSERT_TRUE(got.ok() && got->has_value());
  ExpectRedacted(**got);
  // The same actor id in another tenant keeps its values.
  got = store->Get("other", "e9");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->actor.email, "ada@other.example");

  // No file holds the values: raw bytes (WAL files are not compressed) and
  // decoded segments.
  EXPECT_EQ(FilesHolding(dir.data(), kEmail), std::vector<std::string>{});
  EXPECT_EQ(FilesHolding(dir.data(), kUserAgent), std::vector<std::string>{});
  EXPECT_EQ(SegmentEventsWithEmail(dir.data(), kEmail), 0u);
  EXPECT_GT(SegmentEventsWithEmail(dir.data(), "ada@other.example"), 0u);
  // Nor does any index: each rewritten segment got a new one.
  EXPECT_EQ(IndexedRowsWithEmail(dir.data(), "acme", kEmail), 0u);
  EXPECT_GT(IndexedRowsWithEmail(dir.data(), "other", "ada@other.example"), 0u);

  // Twice is a no-op.
  r = store->RedactActor("acme", "u1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->events, 0u);
  EXPECT_EQ(r->segments, 0u);
  EXPECT_TRUE(store->RedactActor("acme", "nobody").ok());
  EXPECT_TRUE(store->RedactActor("", "u1").status().IsInvalidArgument());
  EXPECT_TRUE(store->RedactActor("acme", "").status().IsInvalidArgument());
  ASSERT_TRUE(store->Close().ok());
  store.reset();

  // After reopening: the same, and a proof into an old tile rehashes the
  // redacted events from their segment and checks them against its stored root.
  store = OpenOrDie(dir.data(), opts);
  EXPECT_EQ(FirstDifferentRoot(Roots(store.get(), n), roots), "none");
  EXPECT_EQ(*store->InclusionProof(3, n), proofs[3]);
  got = store->Get("acme", "e3");
  ASSERT_TRUE(got.ok() && got->has_value());
  ExpectRedacted(**got);
  // Events ingested later are sealed as usual, and a new redaction finds them.
  Event late = MakeEvent(0);
  late.id = "late";
  ASSERT_TRUE(store->Append({late}).ok());
  got = store->Get("acme", "late");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->actor.email, kEmail);
  r = store->RedactActor("acme", "u1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->events, 1u);
  EXPECT_EQ(r->segments, 1u);
  EXPECT_EQ(FilesHolding(dir.data(), kEmail), std::vector<std::string>{});
}

TEST(EmbeddedStoreRedactionTest, ReadsInFlightKeepTheirSnapshotAndAppendsWait) {
  TempDir dir;
  EngineOptions opts;
  opts.memtable_max_events = 40;
  auto store = OpenOrDie(dir.data(), opts);
  Ingest(store.get(), 200);
  ASSERT_TRUE(store->Flush().ok());
  // A scan that started before the redaction reads the replaced segments to
  // its end without error (through the old files' descriptors), and still
  // sees the values it started with.
  size_t seen = 0;
  size_t seen_with_email = 0;
  Status scan = store->Scan(ScanRequest{}, [&](const Event& e) {
    if (seen++ == 0) {
      Result<RedactionResult> r = store->RedactActor("acme", "u1");
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_GT(r->segments, 1u);
    }
    seen_with_email += e.actor.email == kEmail ? 1 : 0;
    return Status::Ok();
  });
  ASSERT_TRUE(scan.ok()) << scan.ToString();
  EXPECT_EQ(seen, 200u);
  EXPECT_GT(seen_with_email, 0u);

  // Appends racing a redaction are all stored, before or after it.
  std::atomic<bool> stop{false};
  std::atomic<int> acked{0};
  std::thread writer([&] {
    for (int i = 1000; !stop.load(); ++i) {
      Event e = MakeEvent(i);
      if (store->Append({e}).ok()) ++acked;
    }
  });
  for (int k = 0; k < 5; ++k) ASSERT_TRUE(store->RedactActor("acme", "u1").ok());
  stop = true;
  writer.join();
  EXPECT_EQ(AllEvents(store.get()).size(), 200u + static_cast<size_t>(acked.load()));
  ASSERT_TRUE(store->RedactActor("acme", "u1").ok());
  for (const Event& e : AllEvents(store.get())) {
    if (e.tenant == "acme" && e.actor.id == "u1") {
      EXPECT_TRUE(e.actor.email.empty()) << e.id;
    }
  }
}

// A crash at each file-system operation of a redaction: the store opens with
// every root unchanged, each event either intact or redacted, and calling
// again completes the redaction.
TEST(EmbeddedStoreRedactionTest, CrashAtAnyStepLeavesAValidStoreAndARetryCompletesIt) {
  const int n = 70;
  uint64_t ops = 0;
  {
    TempDir dir;
    FaultInjectionFileSystem fault(DefaultFileSystem());
    EngineOptions opts;
    opts.fs = &fault;
    opts.memtable_max_events = 25;
    auto store = OpenOrDie(dir.data(), opts);
    Ingest(store.get(), n, 10);
    const uint64_t start = fault.OperationCount();
    ASSERT_TRUE(store->RedactActor("acme", "u1").ok());
    ops = fault.OperationCount() - start;
  }
  ASSERT_GT(ops, 5u);
  int partial = 0;  // crashes that left some segments redacted and some not
  for (uint64_t fail_at = 1; fail_at <= ops; ++fail_at) {
    SCOPED_TRACE("operation " + std::to_string(fail_at));
    TempDir dir;
    FaultInjectionFileSystem fault(DefaultFileSystem());
    EngineOptions opts;
    opts.fs = &fault;
    opts.memtable_max_events = 25;
    std::vector<ledger::Hash> roots;
    {
      auto store = OpenOrDie(dir.data(), opts);
      Ingest(store.get(), n, 10);
      roots = Roots(store.get(), n);
      fault.FailNthOperation(fail_at);
      (void)store->RedactActor("acme", "u1");
      // Power loss right after.
      fault.SetFailWrites(true);
      fault.SetFailSyncs(true);
      (void)store->Close();
    }
    ASSERT_TRUE(fault.DropUnsyncedData().ok());
    fault.ClearFaults();
    auto store = OpenOrDie(dir.data(), opts);
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(FirstDifferentRoot(Roots(store.get(), n), roots), "none");
    std::vector<Event> events = AllEvents(store.get());
    ASSERT_EQ(events.size(), static_cast<size_t>(n));
    size_t redacted = 0;
    size_t intact = 0;
    for (const Event& e : events) {
      if (!Redactable(std::stoi(e.id.substr(1)))) continue;
      (e.seal.key.empty() ? redacted : intact) += 1;
    }
    partial += redacted > 0 && intact > 0 ? 1 : 0;
    Result<RedactionResult> retry = store->RedactActor("acme", "u1");
    ASSERT_TRUE(retry.ok()) << retry.status().ToString();
    for (const Event& e : AllEvents(store.get())) {
      if (Redactable(std::stoi(e.id.substr(1)))) {
        ExpectRedacted(e);
      }
    }
    EXPECT_EQ(FirstDifferentRoot(Roots(store.get(), n), roots), "none");
    EXPECT_EQ(FilesHolding(dir.data(), kEmail), std::vector<std::string>{});
  }
  EXPECT_GT(partial, 0) << "no crash point fell between two segment rewrites";
}

}  // namespace
}  // namespace vigil
