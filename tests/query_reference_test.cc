// Randomized differential test of the embedded engine (query parser →
// filter → segments + memtable scan → pages, histogram, facets) against the
// brute-force reference of query_reference.h. The data is checked after
// ingesting, after more ingest with flushes in between, after retention
// moves and compactions, and after reopens.
#include "query_reference.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store/engine/embedded_store.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;
using reference::GenerateEvents;
using reference::kEnd;
using reference::kSpan;

// Segments as the engine writes them (one row group for 700 events) and in
// small row groups (many groups per segment, more keys with row bitmaps), so
// both the index's group pruning and its exact path are exercised.
struct StoreShape {
  size_t memtable_max_events;
  uint32_t rows_per_group;
};

class QueryReferenceTest : public ::testing::TestWithParam<StoreShape> {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("VIGIL_TEST_TMPDIR");
    fs::path root = tmp != nullptr ? tmp : fs::temp_directory_path();
    fs::create_directories(root);
    dir_ = (root / ("qref-" + std::to_string(::getpid()))).string();
    fs::remove_all(dir_);
    options_.memtable_max_events = GetParam().memtable_max_events;
    options_.segment_rows_per_group = GetParam().rows_per_group;
    // Compact merges up to three full flushes, and the small segments reopens leave.
    options_.compaction_max_rows = 3 * GetParam().memtable_max_events + 100;
    options_.compaction_max_span_ms = kSpan;  // segments here span about a day each
    options_.on_warning = [this](const std::string& m) { warnings_.push_back(m); };
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void Reopen() {
    store_.reset();
    auto s = EmbeddedStore::Open(dir_, options_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  void Ingest(std::vector<Event> events) { check_.Ingest(*store_, std::move(events)); }
  void CheckRandomQueries(uint64_t seed, int queries) {
    check_.CheckRandomQueries(*store_, seed, queries);
  }

  // The index files of the segments written so far.
  std::vector<fs::path> IndexFiles() const {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(fs::path(dir_) / "segments")) {
      if (entry.path().extension() == ".vidx") out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string dir_;
  EngineOptions options_;
  std::vector<std::string> warnings_;
  std::unique_ptr<EmbeddedStore> store_;
  reference::ReferenceCheck check_;
};

TEST_P(QueryReferenceTest, RandomQueriesAgreeAcrossFlushesCompactionsRetentionAndReopen) {
  Ingest(GenerateEvents(7, 3000, 0));
  CheckRandomQueries(1, 150);
  // More events: more flushes, some left in the memtable.
  Ingest(GenerateEvents(7, 2500, 3000));
  CheckRandomQueries(2, 150);
  // Retention: the older segments move to the archive tier (recompressed,
  // indexed anew); reads are the same whichever tier a segment is in.
  // (Generated for 20,000, the 5,500 events span the oldest 27 % of kSpan:
  // this window's edge falls at about event 2,750.)
  RetentionPolicy policy;
  policy.online_ms = kSpan - kSpan * 2750 / 20'000;
  Result<RetentionResult> moved = store_->RunRetention(policy, kEnd);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_GT(moved->segments_archived, 0u);
  EXPECT_LT(moved->segments_archived, store_->Stats()->segments);
  CheckRandomQueries(8, 100);
  // Redaction rewrites the segments holding one actor's events.
  ASSERT_NO_FATAL_FAILURE(check_.RedactOne(*store_, 21));
  CheckRandomQueries(12, 60);
  // Reopen: everything comes back from both tiers and the WAL.
  Reopen();
  CheckRandomQueries(3, 150);
  // Compaction: adjacent segments of a tier (here at least the segment the
  // reopen flushed and the one before it) merged into larger ones.
  Result<CompactionResult> merged = store_->Compact();
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_GT(merged->runs, 0u);
  CheckRandomQueries(10, 100);
  // More ingest and a later retention run (more of it archived).
  Ingest(GenerateEvents(7, 1500, 5500));
  ASSERT_TRUE(store_->RunRetention(policy, kEnd + kSpan / 4).ok());
  CheckRandomQueries(9, 100);
  ASSERT_TRUE(store_->Compact().ok());
  Reopen();
  CheckRandomQueries(11, 100);
  ASSERT_TRUE(store_->Flush().ok());
  CheckRandomQueries(4, 100);
  store_->WaitUntilLoaded();
  EXPECT_TRUE(warnings_.empty()) << warnings_.front();
}

// Index files are derived data: a damaged one is reported by name and
// rebuilt, a missing one rebuilt silently, and reads stay right throughout.
TEST_P(QueryReferenceTest, DamagedOrMissingIndexesAreReportedAndRebuilt) {
  Ingest(GenerateEvents(11, 5000, 0));
  ASSERT_TRUE(store_->Flush().ok());
  store_.reset();
  std::vector<fs::path> files = IndexFiles();
  ASSERT_GE(files.size(), 3u);
  const uintmax_t size = fs::file_size(files[0]);
  {  // one flipped byte in the middle: a checksum mismatch
    std::fstream f(files[0], std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    char c = 0;
    f.read(&c, 1);
    f.seekp(static_cast<std::streamoff>(size / 2));
    c = static_cast<char>(c ^ 0x5A);
    f.write(&c, 1);
  }
  fs::resize_file(files[1], 100);  // truncated
  fs::remove(files[2]);            // gone
  Reopen();
  // Right after the open the indexes are still being checked (newest
  // first), and a segment without its index yet is scanned: reads are right.
  CheckRandomQueries(5, 60);
  store_->WaitUntilLoaded();
  ASSERT_EQ(warnings_.size(), 2u);
  // Newest first: files[1]'s segment is checked before files[0]'s.
  EXPECT_NE(warnings_[1].find(files[0].filename().string()), std::string::npos) << warnings_[1];
  EXPECT_NE(warnings_[1].find("checksum mismatch"), std::string::npos) << warnings_[1];
  EXPECT_NE(warnings_[1].find("rebuilding"), std::string::npos) << warnings_[1];
  EXPECT_NE(warnings_[0].find(files[1].filename().string()), std::string::npos) << warnings_[0];
  CheckRandomQueries(5, 60);
  // Rebuilt on disk: the next open finds every index whole.
  EXPECT_EQ(IndexFiles(), files);
  EXPECT_EQ(fs::file_size(files[0]), size);
  warnings_.clear();
  Reopen();
  store_->WaitUntilLoaded();
  EXPECT_TRUE(warnings_.empty()) << warnings_.front();
  CheckRandomQueries(6, 30);
}

INSTANTIATE_TEST_SUITE_P(Shapes, QueryReferenceTest,
                         ::testing::Values(StoreShape{700, 1024}, StoreShape{2000, 64}),
                         [](const ::testing::TestParamInfo<StoreShape>& p) {
                           return fmt::format("memtable{}_groups{}", p.param.memtable_max_events,
                                              p.param.rows_per_group);
                         });

}  // namespace
}  // namespace vigil
