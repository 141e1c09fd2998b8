#include "store/fs/fault_injection_file_system.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <thread>
#include <vector>

namespace vigil {
namespace {

class FaultInjectionFileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* root = std::getenv("VIGIL_TEST_TMPDIR");
    std::string base = root != nullptr && *root != '\0' ? root : "/tmp";
    ASSERT_TRUE(DefaultFileSystem()->CreateDir(base).ok());
    std::string templ = JoinPath(base, "fault_fs_test.XXXXXX");
    ASSERT_NE(::mkdtemp(templ.data()), nullptr) << templ;
    dir_ = templ;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(std::string_view name) const { return JoinPath(dir_, name); }

  // Creates name with contents, synced and with its directory entry durable.
  void WriteDurable(const std::string& name, std::string_view contents) {
    auto file = fs_.OpenWritable(Path(name), true);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    ASSERT_TRUE((*file)->Append(contents).ok());
    ASSERT_TRUE((*file)->Sync().ok());
    ASSERT_TRUE((*file)->Close().ok());
    ASSERT_TRUE(fs_.SyncDir(dir_).ok());
  }

  std::string Contents(const std::string& name) {
    auto data = DefaultFileSystem()->ReadFile(Path(name));
    EXPECT_TRUE(data.ok()) << data.status().ToString();
    return data.ok() ? *data : std::string();
  }

  std::string dir_;
  FaultInjectionFileSystem fs_{DefaultFileSystem()};
};

TEST_F(FaultInjectionFileSystemTest, UnsyncedAppendsAreDropped) {
  auto file = fs_.OpenWritable(Path("a"), false);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE(fs_.SyncDir(dir_).ok());
  ASSERT_TRUE((*file)->Append("synced;").ok());
  ASSERT_TRUE((*file)->Sync().ok());
  ASSERT_TRUE((*file)->Append("lost").ok());
  EXPECT_EQ(Contents("a"), "synced;lost");

  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  EXPECT_EQ(Contents("a"), "synced;");
}

TEST_F(FaultInjectionFileSystemTest, SyncedDataSurvives) {
  WriteDurable("a", "all of it");
  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  EXPECT_EQ(Contents("a"), "all of it");
}

TEST_F(FaultInjectionFileSystemTest, NewFileWithoutDirSyncDisappears) {
  auto file = fs_.OpenWritable(Path("new"), false);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append("data").ok());
  ASSERT_TRUE((*file)->Sync().ok());  // the data is synced, the directory entry is not
  ASSERT_TRUE((*file)->Close().ok());

  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  EXPECT_FALSE(fs_.Exists(Path("new")));
}

TEST_F(FaultInjectionFileSystemTest, DirSyncWithTrailingSlashMakesCreationDurable) {
  auto file = fs_.OpenWritable(Path("new"), false);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE(fs_.SyncDir(dir_ + "/").ok());
  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  EXPECT_TRUE(fs_.Exists(Path("new")));
  EXPECT_EQ(Contents("new"), "");
}

TEST_F(FaultInjectionFileSystemTest, PreexistingFileCountsAsSynced) {
  ASSERT_TRUE(DefaultFileSystem()->CreateDir(dir_).ok());
  {
    auto raw = DefaultFileSystem()->OpenWritable(Path("old"), false);
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE((*raw)->Append("before").ok());
  }
  auto file = fs_.OpenWritable(Path("old"), false);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append(" after").ok());
  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  EXPECT_EQ(Contents("old"), "before");
}

TEST_F(FaultInjectionFileSystemTest, OpenFilesAreDeadAfterDrop) {
  auto file = fs_.OpenWritable(Path("a"), false);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  Status s = (*file)->Append("x");
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_NE(s.message().find("simulated power loss"), std::string::npos) << s.ToString();
  EXPECT_TRUE((*file)->Sync().IsIOError());
}

TEST_F(FaultInjectionFileSystemTest, TruncateIsDurable) {
  WriteDurable("a", "0123456789");
  ASSERT_TRUE(fs_.Truncate(Path("a"), 4).ok());
  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  EXPECT_EQ(Contents("a"), "0123");
}

TEST_F(FaultInjectionFileSystemTest, UnsyncedRenameIsRevertedAndReplacedFileRestored) {
  WriteDurable("current", "old contents");
  WriteDurable("tmp", "new contents");
  ASSERT_TRUE(fs_.Rename(Path("tmp"), Path("current")).ok());
  EXPECT_EQ(Contents("current"), "new contents");
  EXPECT_FALSE(fs_.Exists(Path("tmp")));

  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  EXPECT_EQ(Contents("current"), "old contents");
  EXPECT_EQ(Contents("tmp"), "new contents");
}

TEST_F(FaultInjectionFileSystemTest, SyncedRenameIsKept) {
  WriteDurable("current", "old contents");
  WriteDurable("tmp", "new contents");
  ASSERT_TRUE(fs_.Rename(Path("tmp"), Path("current")).ok());
  ASSERT_TRUE(fs_.SyncDir(dir_).ok());
  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  EXPECT_EQ(Contents("current"), "new contents");
  EXPECT_FALSE(fs_.Exists(Path("tmp")));
}

TEST_F(FaultInjectionFileSystemTest, CreatedThenRenamedWithoutDirSyncDisappears) {
  auto file = fs_.OpenWritable(Path("tmp"), false);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append("x").ok());
  ASSERT_TRUE((*file)->Sync().ok());
  ASSERT_TRUE((*file)->Close().ok());
  ASSERT_TRUE(fs_.Rename(Path("tmp"), Path("final")).ok());
  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  EXPECT_FALSE(fs_.Exists(Path("tmp")));
  EXPECT_FALSE(fs_.Exists(Path("final")));
}

TEST_F(FaultInjectionFileSystemTest, RenamedOpenFileKeepsItsSyncState) {
  auto file = fs_.OpenWritable(Path("tmp"), false);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append("kept").ok());
  ASSERT_TRUE(fs_.Rename(Path("tmp"), Path("final")).ok());
  ASSERT_TRUE(fs_.SyncDir(dir_).ok());
  ASSERT_TRUE((*file)->Sync().ok());  // synced under its new name
  ASSERT_TRUE((*file)->Append("lost").ok());
  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  EXPECT_EQ(Contents("final"), "kept");
}

TEST_F(FaultInjectionFileSystemTest, KeepingPrefixKeepsSyncedDataAndAPrefixOfTheRest) {
  WriteDurable("a", "synced|");
  auto file = fs_.OpenWritable(Path("a"), false);
  ASSERT_TRUE(file.ok());
  const std::string unsynced = "abcdefghijklmnopqrstuvwxyz";
  ASSERT_TRUE((*file)->Append(unsynced).ok());
  ASSERT_TRUE(fs_.DropUnsyncedDataKeepingPrefix(42).ok());
  std::string got = Contents("a");
  ASSERT_GE(got.size(), 7u);
  EXPECT_EQ(got.substr(0, 7), "synced|");
  EXPECT_EQ(got.substr(7), unsynced.substr(0, got.size() - 7));
}

TEST_F(FaultInjectionFileSystemTest, FailWritesFailsAppendAndWritesNothing) {
  auto file = fs_.OpenWritable(Path("a"), false);
  ASSERT_TRUE(file.ok());
  fs_.SetFailWrites(true);
  Status s = (*file)->Append("x");
  EXPECT_TRUE(s.IsIOError());
  EXPECT_EQ(s.message(), "write " + Path("a") + ": Input/output error (injected)");
  EXPECT_TRUE(fs_.Truncate(Path("a"), 0).IsIOError());
  fs_.SetFailWrites(false);
  EXPECT_TRUE((*file)->Append("y").ok());
  EXPECT_EQ(Contents("a"), "y");
}

TEST_F(FaultInjectionFileSystemTest, FailSyncsFailsSyncAndSyncDirAndNothingBecomesDurable) {
  auto file = fs_.OpenWritable(Path("a"), false);
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append("x").ok());
  fs_.SetFailSyncs(true);
  Status s = (*file)->Sync();
  EXPECT_TRUE(s.IsIOError());
  EXPECT_NE(s.message().find(Path("a")), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("(injected)"), std::string::npos) << s.ToString();
  EXPECT_TRUE(fs_.SyncDir(dir_).IsIOError());
  fs_.SetFailSyncs(false);
  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  EXPECT_FALSE(fs_.Exists(Path("a")));
}

TEST_F(FaultInjectionFileSystemTest, FailRenamesLeavesBothNames) {
  WriteDurable("a", "x");
  fs_.SetFailRenames(true);
  Status s = fs_.Rename(Path("a"), Path("b"));
  EXPECT_TRUE(s.IsIOError());
  EXPECT_NE(s.message().find("(injected)"), std::string::npos) << s.ToString();
  EXPECT_TRUE(fs_.Exists(Path("a")));
  EXPECT_FALSE(fs_.Exists(Path("b")));
}

TEST_F(FaultInjectionFileSystemTest, DiskFullWritesWhatFitsThenFails) {
  auto file = fs_.OpenWritable(Path("a"), false);
  ASSERT_TRUE(file.ok());
  fs_.SetDiskFullAfter(5);
  ASSERT_TRUE((*file)->Append("abc").ok());
  Status s = (*file)->Append("defgh");
  EXPECT_TRUE(s.IsIOError());
  EXPECT_EQ(s.message(), "write " + Path("a") + ": No space left on device (injected)");
  EXPECT_EQ(Contents("a"), "abcde");  // a short write
  EXPECT_TRUE((*file)->Append("z").IsIOError());
  EXPECT_TRUE((*file)->Append("").ok());
  fs_.ClearDiskFull();
  EXPECT_TRUE((*file)->Append("z").ok());
  EXPECT_EQ(Contents("a"), "abcdez");
}

TEST_F(FaultInjectionFileSystemTest, FailNthOperationFailsExactlyThatOperationOnce) {
  auto file = fs_.OpenWritable(Path("a"), false);
  ASSERT_TRUE(file.ok());
  uint64_t before = fs_.OperationCount();
  fs_.FailNthOperation(2);
  EXPECT_TRUE((*file)->Append("1").ok());
  Status s = (*file)->Append("2");
  EXPECT_TRUE(s.IsIOError());
  EXPECT_NE(s.message().find("injected: operation"), std::string::npos) << s.ToString();
  EXPECT_TRUE((*file)->Append("3").ok());
  EXPECT_EQ(fs_.OperationCount(), before + 3);
  EXPECT_EQ(Contents("a"), "13");
}

TEST_F(FaultInjectionFileSystemTest, ConcurrentWritersEachKeepTheirSyncedData) {
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      auto file = fs_.OpenWritable(Path("f" + std::to_string(t)), false);
      ASSERT_TRUE(file.ok());
      for (int i = 0; i < 200; ++i) {
        ASSERT_TRUE((*file)->Append("s").ok());
        if (i % 2 == 0) {
          ASSERT_TRUE((*file)->Sync().ok());
        }
        ASSERT_TRUE(fs_.SyncDir(dir_).ok());
      }
      ASSERT_TRUE((*file)->Append("unsynced").ok());
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_TRUE(fs_.DropUnsyncedData().ok());
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(Contents("f" + std::to_string(t)), std::string(199, 's'));
  }
}

}  // namespace
}  // namespace vigil
