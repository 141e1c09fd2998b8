// SIGKILLs an appending process (crash_writer) at random moments, again and
// again on the same data directory, and checks after every kill that the
// store reopens cleanly and holds every event acknowledged before the kill.
//
// VIGIL_CRASH_ROUNDS sets the number of kills (default 60).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/engine/embedded_store.h"

namespace vigil {
namespace {

std::string g_writer;  // path of crash_writer, from argv

struct Child {
  pid_t pid = -1;
  FILE* out = nullptr;
};

Child Spawn(const std::string& dir, int round) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::string r = std::to_string(round);
    ::execl(g_writer.c_str(), g_writer.c_str(), dir.c_str(), r.c_str(), nullptr);
    _exit(127);
  }
  ::close(fds[1]);
  return {pid, ::fdopen(fds[0], "r")};
}

TEST(CrashTest, KillNineLosesNoAcknowledgedEvent) {
  const char* rounds_env = std::getenv("VIGIL_CRASH_ROUNDS");
  const int rounds = rounds_env != nullptr ? std::atoi(rounds_env) : 60;
  const char* tmp = std::getenv("VIGIL_TEST_TMPDIR");
  std::filesystem::path root = tmp != nullptr ? tmp : std::filesystem::temp_directory_path();
  std::filesystem::create_directories(root);
  std::string dir = (root / ("crash-" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);

  std::mt19937 rng(12345);
  std::set<std::string> acked;
  for (int round = 0; round < rounds; ++round) {
    Child child = Spawn(dir, round);
    ASSERT_NE(child.out, nullptr);
    // Read acknowledgements until a random number of them, then kill.
    const int kill_after = std::uniform_int_distribution<int>(1, 3000)(rng);
    char line[256];
    int seen = 0;
    bool ready = false;
    while (std::fgets(line, sizeof(line), child.out) != nullptr) {
      std::string s(line);
      if (!s.empty() && s.back() == '\n') s.pop_back();
      if (s == "ready") {
        ready = true;
        continue;
      }
      if (s.rfind("ack ", 0) == 0) {
        acked.insert(s.substr(4));
        if (++seen >= kill_after) break;
      }
    }
    ASSERT_TRUE(ready) << "round " << round << ": the writer did not start";
    // Sometimes kill at once, sometimes after a short random pause (mid-write).
    if (rng() % 2 == 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(rng() % 3000));
    }
    ::kill(child.pid, SIGKILL);
    // Drain what was printed before the kill: those events were acknowledged too.
    while (std::fgets(line, sizeof(line), child.out) != nullptr) {
      std::string s(line);
      if (s.rfind("ack ", 0) == 0 && s.back() == '\n') {
        s.pop_back();
        acked.insert(s.substr(4));
      }
    }
    std::fclose(child.out);
    int status = 0;
    ::waitpid(child.pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "round " << round << ": the writer exited by itself";

    // Reopen and check every acknowledged event.
    auto store = EmbeddedStore::Open(dir);
    ASSERT_TRUE(store.ok()) << "round " << round << ": " << store.status().ToString();
    std::set<std::string> present;
    std::set<uint64_t> seqs;
    Status s = (*store)->Scan({}, [&](const Event& e) {
      present.insert(e.id);
      EXPECT_TRUE(seqs.insert(e.seq).second) << "seq " << e.seq << " twice";
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
    size_t missing = 0;
    for (const std::string& id : acked) {
      if (!present.count(id)) {
        if (++missing <= 5)
          ADD_FAILURE() << "round " << round << ": acknowledged " << id << " lost";
      }
    }
    ASSERT_EQ(missing, 0u) << "round " << round;
    ASSERT_EQ(seqs.size(), present.size());
    if (!seqs.empty()) {
      ASSERT_EQ(*seqs.rbegin(), seqs.size() - 1) << "seqs not contiguous";
    }
    ASSERT_TRUE((*store)->Close().ok());
  }
  std::printf("%d kills, %zu acknowledged events all present\n", rounds, acked.size());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vigil

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 2) {
    std::fprintf(stderr, "usage: crash_test PATH_TO_CRASH_WRITER\n");
    return 2;
  }
  vigil::g_writer = argv[1];
  return RUN_ALL_TESTS();
}
