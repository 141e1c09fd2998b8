// crash_writer DIR ROUND: appends batches to the embedded store at DIR from
// several threads until killed, printing "ack <id>" for each acknowledged
// event only after Append has returned (i.e. after fsync). The crash test
// kills it with SIGKILL at a random moment and checks every acknowledged id.
//
// A small memtable makes flushes (segment writes, WAL rotation) frequent, so
// kills land in every phase of the write path.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/engine/embedded_store.h"

using namespace vigil;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer DIR ROUND\n");
    return 2;
  }
  const std::string dir = argv[1];
  const std::string round = argv[2];
  EngineOptions options;
  options.memtable_max_events = 1500;
  auto store = EmbeddedStore::Open(dir, options);
  if (!store.ok()) {
    std::fprintf(stderr, "open: %s\n", store.status().ToString().c_str());
    return 3;
  }
  std::printf("ready\n");
  std::fflush(stdout);
  std::mutex out_mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0;; ++b) {
        std::vector<Event> batch;
        const int n = 1 + (b * 7 + t) % 60;
        for (int i = 0; i < n; ++i) {
          Event e;
          e.id = "r" + round + "-t" + std::to_string(t) + "-b" + std::to_string(b) + "-" +
                 std::to_string(i);
          e.tenant = "org_" + std::to_string(t);
          e.environment = "production";
          e.action = "crash.test";
          e.time_ms = 1'700'000'000'000 + b * 1000 + i;
          e.received_at_ms = e.time_ms;
          e.description = std::string(200 + (i * 37) % 400, 'x');
          e.actor.id = "u" + std::to_string(i % 9);
          e.actor.type = "user";
          batch.push_back(std::move(e));
        }
        std::vector<std::string> ids;
        for (const Event& e : batch) ids.push_back(e.id);
        auto acks = (*store)->Append(std::move(batch));
        if (!acks.ok()) {
          std::fprintf(stderr, "append: %s\n", acks.status().ToString().c_str());
          _exit(4);
        }
        std::lock_guard lock(out_mu);
        for (const std::string& id : ids) std::printf("ack %s\n", id.c_str());
        std::fflush(stdout);
      }
    });
  }
  for (auto& th : threads) th.join();
  return 0;
}
