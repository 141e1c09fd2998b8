// Spool on the real file system, without ClickHouse.
#include "store/clickhouse/spool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace vigil::clickhouse {
namespace {

namespace fs = std::filesystem;

BatchRows Rows(uint64_t first, uint64_t count, size_t bytes = 100) {
  return BatchRows{.first_seq = first,
                   .count = count,
                   .events_by_month = {std::string(bytes, 'e')},
                   .ids = "ids",
                   .leaves = "leaves"};
}

class SpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("VIGIL_TEST_TMPDIR");
    dir_ = (fs::path(tmp != nullptr ? tmp : fs::temp_directory_path().string()) /
            ("spool-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::unique_ptr<Spool> OpenOrDie(uint64_t committed, uint64_t file_bytes = 16 << 20) {
    auto s =
        Spool::Open({.fs = DefaultFileSystem(), .dir = dir_, .file_bytes = file_bytes}, committed);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }
  size_t Files() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }
  std::string dir_;
};

TEST_F(SpoolTest, BatchesComeBackInOrderAndFilesGoOnceForwarded) {
  {
    auto spool = OpenOrDie(5, /*file_bytes=*/300);  // a new file every two batches
    for (uint64_t b = 0; b < 5; ++b) ASSERT_TRUE(spool->Add(Rows(5 + 3 * b, 3)).ok());
    EXPECT_EQ(Files(), 3u);
    ASSERT_TRUE(spool->PopFront().ok());
    EXPECT_EQ(Files(), 3u);  // the first file still holds batch 2
    ASSERT_TRUE(spool->PopFront().ok());
    EXPECT_EQ(Files(), 2u);
  }
  // Reopened where ClickHouse's log ends (14: batch 3 was forwarded too).
  auto spool = OpenOrDie(14);
  std::vector<std::shared_ptr<const BatchRows>> pending = spool->Pending();
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0]->first_seq, 14u);
  EXPECT_EQ(pending[1]->first_seq, 17u);
  EXPECT_EQ(pending[1]->events_by_month, Rows(17, 3).events_by_month);
  EXPECT_EQ(pending[1]->leaves, "leaves");
  ASSERT_TRUE(spool->PopFront().ok());
  ASSERT_TRUE(spool->PopFront().ok());
  EXPECT_TRUE(spool->empty());
  EXPECT_EQ(Files(), 0u);
  EXPECT_EQ(spool->bytes(), 0u);
}

TEST_F(SpoolTest, ASpoolThatDoesNotContinueTheLogIsRefused) {
  {
    auto spool = OpenOrDie(0);
    ASSERT_TRUE(spool->Add(Rows(0, 3)).ok());
  }
  auto gap = Spool::Open({.fs = DefaultFileSystem(), .dir = dir_}, 2);  // log ends inside it
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.status().code(), StatusCode::kCorruption);
  EXPECT_NE(gap.status().message().find("the log continues at 2"), std::string::npos)
      << gap.status().ToString();
}

TEST_F(SpoolTest, ATornLastRecordIsCutAndTheRestKept) {
  std::string path;
  {
    auto spool = OpenOrDie(0);
    ASSERT_TRUE(spool->Add(Rows(0, 2)).ok());
    ASSERT_TRUE(spool->Add(Rows(2, 2)).ok());
    path = fs::directory_iterator(dir_)->path().string();
  }
  fs::resize_file(path, fs::file_size(path) - 10);  // a crash mid-write
  auto spool = OpenOrDie(0);
  ASSERT_EQ(spool->Pending().size(), 1u);
  EXPECT_TRUE(spool->Add(Rows(2, 2)).ok());
}

TEST_F(SpoolTest, ABatchPastTheBoundIsRefusedAndNothingWritten) {
  auto s = Spool::Open({.fs = DefaultFileSystem(), .dir = dir_, .max_bytes = 1000}, 0);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->Add(Rows(0, 1, 500)).ok());
  const uint64_t before = (*s)->bytes();
  Status full = (*s)->Add(Rows(1, 1, 500));
  EXPECT_EQ(full.code(), StatusCode::kUnavailable);
  EXPECT_NE(full.message().find("local spool is full"), std::string::npos) << full.ToString();
  EXPECT_EQ((*s)->bytes(), before);
  EXPECT_EQ((*s)->Pending().size(), 1u);
}

TEST_F(SpoolTest, DamagedBytesAreCorruptionNamingThem) {
  EXPECT_EQ(DecodeBatchRows("xyz").status().code(), StatusCode::kCorruption);
  std::string good = EncodeBatchRows(Rows(4, 2));
  auto back = DecodeBatchRows(good);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->end_seq(), 6u);
  EXPECT_EQ(DecodeBatchRows(good + "x").status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace vigil::clickhouse
