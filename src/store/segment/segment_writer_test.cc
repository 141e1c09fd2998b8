// WriteSegment under injected faults: every failure is reported and leaves
// no file behind; an OK write survives power loss once its directory is synced.
#include "store/segment/segment_writer.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "store/fs/fault_injection_file_system.h"
#include "store/segment/segment_reader.h"
#include "store/segment/segment_test_util.h"

namespace vigil {
namespace {

class SegmentWriterFaultTest : public ::testing::Test {
 protected:
  void ExpectReadsBack(const std::string& path) {
    Result<std::unique_ptr<SegmentReader>> r = SegmentReader::Open(&fs_, path);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    std::vector<Event> out;
    ASSERT_TRUE((*r)->ReadEvents(ColumnSet::All(), &out).ok());
    EXPECT_TRUE(out == events_);
  }

  segment_test::TempDir dir_;
  FaultInjectionFileSystem fs_{DefaultFileSystem()};
  const std::vector<Event> events_ = segment_test::MakeVariedEvents(50);
  const SegmentWriteOptions options_ = [] {
    SegmentWriteOptions o;
    o.rows_per_group = 16;
    return o;
  }();
};

TEST_F(SegmentWriterFaultTest, EveryFailedOperationIsReportedAndCleanedUp) {
  const uint64_t before = fs_.OperationCount();
  ASSERT_TRUE(WriteSegment(&fs_, dir_.File("ok"), events_, options_).ok());
  const uint64_t operations = fs_.OperationCount() - before;
  ASSERT_GE(operations, 3u);  // open, appends, sync
  for (uint64_t n = 1; n <= operations; ++n) {
    SCOPED_TRACE("failing operation " + std::to_string(n) + " of " + std::to_string(operations));
    const std::string path = dir_.File("seg" + std::to_string(n));
    fs_.FailNthOperation(n);
    Status s = WriteSegment(&fs_, path, events_, options_).status();
    EXPECT_TRUE(s.IsIOError()) << s.ToString();
    EXPECT_NE(s.message().find("injected"), std::string::npos) << s.ToString();
    EXPECT_FALSE(fs_.Exists(path));
  }
  fs_.ClearFaults();
}

TEST_F(SegmentWriterFaultTest, DiskFullAndFailedSyncLeaveNoFile) {
  const std::string path = dir_.File("seg");
  fs_.SetDiskFullAfter(2000);
  Status s = WriteSegment(&fs_, path, events_, options_).status();
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_FALSE(fs_.Exists(path));
  fs_.ClearDiskFull();

  fs_.SetFailSyncs(true);
  s = WriteSegment(&fs_, path, events_, options_).status();
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_FALSE(fs_.Exists(path));
  fs_.ClearFaults();

  ASSERT_TRUE(WriteSegment(&fs_, path, events_, options_).ok());
  ExpectReadsBack(path);
}

// OK means the bytes are durable; the name is durable once the caller syncs
// the directory, as the contract says.
TEST_F(SegmentWriterFaultTest, SurvivesPowerLossOnceTheDirectoryIsSynced) {
  const std::string synced = dir_.File("synced");
  ASSERT_TRUE(WriteSegment(&fs_, synced, events_, options_).ok());
  ASSERT_TRUE(fs_.SyncDir(dir_.path()).ok());
  const std::string unsynced = dir_.File("unsynced");
  ASSERT_TRUE(WriteSegment(&fs_, unsynced, events_, options_).ok());

  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  ExpectReadsBack(synced);
  EXPECT_FALSE(fs_.Exists(unsynced));  // its directory entry was never synced
}

// The engine's pattern: write under a temporary name, rename, sync the directory.
TEST_F(SegmentWriterFaultTest, WriteRenameSyncDirIsDurable) {
  const std::string tmp = dir_.File("seg.tmp");
  const std::string path = dir_.File("seg");
  ASSERT_TRUE(WriteSegment(&fs_, tmp, events_, options_).ok());
  ASSERT_TRUE(fs_.Rename(tmp, path).ok());
  ASSERT_TRUE(fs_.SyncDir(dir_.path()).ok());
  ASSERT_TRUE(fs_.DropUnsyncedDataKeepingPrefix(7).ok());
  ExpectReadsBack(path);
  EXPECT_FALSE(fs_.Exists(tmp));
}

}  // namespace
}  // namespace vigil
