// vigil-archive-bench: the archive tier's zstd level (src/store/engine/
// segment_archive.h) — size, write time and full-read time of the same
// segments at several levels, on `vigil gen` events (bench/README.md;
// docs/benchmarks.md "Archive tier").
//
//   vigil-archive-bench [--events N] [--segment-rows R] [--seed S] [--dir D]
//
// Writes the N events as segments of R rows at each level into D (a new
// temporary directory under $TMPDIR by default, removed at the end), then
// reads each segment back whole, as a redaction or an export does.
#include <fmt/format.h>
#include <stdlib.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "gen/parsed_events.h"
#include "store/engine/segment_archive.h"
#include "store/fs/file_system.h"
#include "store/segment/segment_reader.h"
#include "store/segment/segment_writer.h"

namespace vigil {
namespace {

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int Run(uint64_t count, uint64_t segment_rows, uint64_t seed, std::string dir) {
  Result<std::vector<Event>> generated = GenerateParsedEvents(count, seed, 1'790'000'000'000);
  if (!generated.ok()) {
    std::fprintf(stderr, "vigil-archive-bench: %s\n", generated.status().ToString().c_str());
    return 1;
  }
  const std::vector<Event>& events = *generated;
  const bool made_dir = dir.empty();
  if (made_dir) {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = JoinPath(tmp != nullptr ? tmp : "/tmp", "vigil-archive-bench.XXXXXX");
    if (::mkdtemp(templ.data()) == nullptr) {
      std::perror("vigil-archive-bench: mkdtemp");
      return 1;
    }
    dir = templ;
  }
  FileSystem* fs = DefaultFileSystem();
  const double n = static_cast<double>(count);
  fmt::print("{} events (seed {}), segments of {} rows, row groups of {}\n\n", count, seed,
             segment_rows, segment::kDefaultRowsPerGroup);
  fmt::print("| zstd level | bytes/event | write µs/event | full read µs/event |\n");
  fmt::print("|---|---|---|---|\n");
  for (int level : {1, 3, 6, 9, 12, 15, 19}) {
    uint64_t bytes = 0;
    double write_s = 0, read_s = 0;
    for (uint64_t first = 0; first < count; first += segment_rows) {
      const uint64_t end = std::min(count, first + segment_rows);
      const std::string path = JoinPath(dir, fmt::format("l{}-{}.vseg", level, first));
      SegmentWriteOptions options;
      options.zstd_level = level;
      auto t0 = std::chrono::steady_clock::now();
      Result<SegmentInfo> info = WriteSegment(
          fs, path, std::span<const Event>(events.data() + first, end - first), options);
      write_s += Since(t0);
      if (!info.ok()) {
        std::fprintf(stderr, "vigil-archive-bench: %s\n", info.status().ToString().c_str());
        return 1;
      }
      bytes += info->file_bytes;
      t0 = std::chrono::steady_clock::now();
      Result<std::unique_ptr<SegmentReader>> reader = SegmentReader::Open(fs, path);
      std::vector<Event> back;
      Status read = reader.ok() ? (*reader)->ReadEvents(ColumnSet::All(), &back) : reader.status();
      read_s += Since(t0);
      if (!read.ok() || back.size() != end - first) {
        std::fprintf(stderr, "vigil-archive-bench: reading %s: %s\n", path.c_str(),
                     read.ToString().c_str());
        return 1;
      }
      (void)fs->RemoveFile(path);
    }
    fmt::print("| {}{} | {:.1f} | {:.2f} | {:.2f} |\n", level,
               level == kArchiveZstdLevel ? " (archive)" : (level == 1 ? " (online)" : ""),
               static_cast<double>(bytes) / n, write_s * 1e6 / n, read_s * 1e6 / n);
  }
  if (made_dir) std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace vigil

int main(int argc, char** argv) {
  CLI::App app{"vigil-archive-bench: segment size and speed by zstd level"};
  uint64_t events = 200'000, segment_rows = 100'000, seed = 1;
  std::string dir;
  app.add_option("--events", events, "events to generate")->capture_default_str();
  app.add_option("--segment-rows", segment_rows, "rows per segment (the memtable's size)")
      ->capture_default_str();
  app.add_option("--seed", seed, "vigil gen seed")->capture_default_str();
  app.add_option("--dir", dir, "directory for the segment files (default: a new temp dir)");
  CLI11_PARSE(app, argc, argv);
  if (events == 0 || segment_rows == 0) {
    std::fprintf(stderr, "vigil-archive-bench: --events and --segment-rows must be above 0\n");
    return 2;
  }
  return vigil::Run(events, segment_rows, seed, dir);
}
