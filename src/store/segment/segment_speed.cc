// vigil_segment_speed [rows [rows_per_group [zstd_level]]]: writes and reads a segment of realistic
// events and prints timings, bytes per row and each column's size and encoding. A measuring tool,
// not a test: built on request (EXCLUDE_FROM_ALL).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "core/event_json.h"
#include "store/segment/segment_reader.h"
#include "store/segment/segment_test_util.h"
#include "store/segment/segment_writer.h"

namespace vigil {
namespace {

// CPU seconds of this process: steadier than wall time on a shared machine.
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Timing {
  double wall = 1e9;
  double cpu = 1e9;
};

template <typename Fn>
Timing BestOf(int runs, Fn&& fn) {
  Timing best;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = CpuSeconds();
    fn();
    best.cpu = std::min(best.cpu, CpuSeconds() - cpu_start);
    best.wall = std::min(
        best.wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

void PrintTiming(const char* what, Timing t, size_t rows) {
  std::printf("%-26s wall %8.2f ms  cpu %8.2f ms  %6.2f M rows/cpu-s\n", what, t.wall * 1e3,
              t.cpu * 1e3, static_cast<double>(rows) / t.cpu / 1e6);
}

int Run(size_t rows, uint32_t rows_per_group, int zstd_level) {
  FileSystem* fs = DefaultFileSystem();
  segment_test::TempDir dir;
  const std::vector<Event> events = segment_test::MakeRealisticEvents(rows, 1);
  size_t json_bytes = 0;
  for (const Event& e : events) json_bytes += CanonicalEvent(e).size() + 1;

  if (std::getenv("VIGIL_SEGMENT_SPEED_WRITE_LOOP") != nullptr) {  // for profilers
    SegmentWriteOptions options;
    options.rows_per_group = rows_per_group;
    options.zstd_level = zstd_level;
    for (int i = 0; i < 10; ++i) {
      if (!WriteSegment(fs, dir.File("loop" + std::to_string(i)), events, options).ok()) {
        std::abort();
      }
    }
  }
  int n = 0;
  SegmentInfo info;
  const Timing write_t = BestOf(3, [&] {
    SegmentWriteOptions options;
    options.rows_per_group = rows_per_group;
    options.zstd_level = zstd_level;
    Result<SegmentInfo> r =
        WriteSegment(fs, dir.File("seg" + std::to_string(n++)), events, options);
    if (!r.ok()) std::abort();
    info = *r;
  });
  Result<std::unique_ptr<SegmentReader>> reader = SegmentReader::Open(fs, dir.File("seg0"));
  if (!reader.ok()) return 1;
  if (std::getenv("VIGIL_SEGMENT_SPEED_READ_LOOP") != nullptr) {  // for profilers
    std::unique_ptr<SegmentCursor> cursor = (*reader)->NewCursor(ColumnSet::All());
    std::vector<Event> group_events;
    const SegmentInfo& si = (*reader)->info();
    for (int i = 0; i < 20; ++i) {
      for (uint32_t g = 0; g < si.row_groups; ++g) {
        const uint64_t begin = si.GroupFirstRow(g);
        if (!cursor->ReadRange(begin, begin + si.GroupRows(g), &group_events).ok()) std::abort();
      }
    }
  }
  std::vector<Event> out;
  const Timing read_all_t = BestOf(3, [&] {
    if (!(*reader)->ReadEvents(ColumnSet::All(), &out).ok()) std::abort();
  });
  std::vector<std::vector<Event>> fresh(3);
  size_t run = 0;
  const Timing read_fresh_t = BestOf(3, [&] {
    if (!(*reader)->ReadEvents(ColumnSet::All(), &fresh[run++]).ok()) std::abort();
  });
  fresh.clear();
  if (!(out == events)) {
    std::fprintf(stderr, "round trip mismatch\n");
    return 1;
  }
  std::vector<Event> group_events;
  const Timing stream_t = BestOf(3, [&] {
    const SegmentInfo& si = (*reader)->info();
    std::unique_ptr<SegmentCursor> cursor = (*reader)->NewCursor(ColumnSet::All());
    for (uint32_t g = 0; g < si.row_groups; ++g) {
      const uint64_t begin = si.GroupFirstRow(g);
      if (!cursor->ReadRange(begin, begin + si.GroupRows(g), &group_events).ok()) std::abort();
    }
  });
  const ColumnSet few{SegmentColumn::kTime, SegmentColumn::kTenant, SegmentColumn::kAction};
  const Timing read_few_t = BestOf(3, [&] {
    if (!(*reader)->ReadEvents(few, &out).ok()) std::abort();
  });
  std::vector<uint32_t> spread, latest, middle;
  const SegmentInfo& written = (*reader)->info();
  // The last 50 rows of the middle row group: its blocks decoded to their end.
  const uint32_t mid_group = written.row_groups / 2;
  const uint64_t mid_end = written.GroupFirstRow(mid_group) + written.GroupRows(mid_group);
  for (uint32_t i = 0; i < 50; ++i) {
    spread.push_back(static_cast<uint32_t>(i * (rows / 50)));
    latest.push_back(static_cast<uint32_t>(rows - 50 + i));
    middle.push_back(static_cast<uint32_t>(mid_end - 50 + i));
  }
  std::unique_ptr<SegmentCursor> page_cursor = (*reader)->NewCursor(ColumnSet::All());
  const Timing read_middle_t = BestOf(3, [&] {
    if (!(*reader)->ReadRows(ColumnSet::All(), middle, &out).ok()) std::abort();
  });
  const Timing read_middle_cursor_t = BestOf(3, [&] {
    if (!page_cursor->ReadRows(middle, &out).ok()) std::abort();
  });
  const Timing read_spread_t = BestOf(3, [&] {
    if (!(*reader)->ReadRows(ColumnSet::All(), spread, &out).ok()) std::abort();
  });
  const Timing read_latest_t = BestOf(3, [&] {
    if (!(*reader)->ReadRows(ColumnSet::All(), latest, &out).ok()) std::abort();
  });

  std::printf("rows %zu  file %llu bytes  %.1f bytes/row  (canonical JSON %.1f bytes/row, %.1fx)\n",
              rows, static_cast<unsigned long long>(info.file_bytes),
              static_cast<double>(info.file_bytes) / static_cast<double>(rows),
              static_cast<double>(json_bytes) / static_cast<double>(rows),
              static_cast<double>(json_bytes) / static_cast<double>(info.file_bytes));
  PrintTiming("write (incl. fsync)", write_t, rows);
  PrintTiming("read all (reused vector)", read_all_t, rows);
  PrintTiming("read all (fresh vector)", read_fresh_t, rows);
  PrintTiming("stream groups (cursor)", stream_t, rows);
  PrintTiming("read time,tenant,action", read_few_t, rows);
  PrintTiming("read 50 latest rows", read_latest_t, 50);
  PrintTiming("read 50 rows, full group", read_middle_t, 50);
  PrintTiming("  same, warm cursor", read_middle_cursor_t, 50);
  PrintTiming("read 50 rows, all groups", read_spread_t, 50);
  std::printf("\n%u row groups of %u rows\n%-22s %-12s %10s %10s %8s\n", info.row_groups,
              info.rows_per_group, "column", "encodings", "raw", "stored", "B/row");
  for (uint8_t id = 0; id < kSegmentColumnCount; ++id) {
    const SegmentColumn c = *ColumnById(id);
    uint64_t raw = 0;
    std::string encodings;
    for (uint32_t g = 0; g < info.row_groups; ++g) {
      const SegmentColumnBlock& b = info.block(g, c);
      raw += b.raw_size;
      const std::string e = std::to_string(static_cast<unsigned>(b.encoding)) +
                            (b.compression == segment::BlockCompression::kZstd ? "z" : "");
      if (encodings.find(e) == std::string::npos) encodings += (encodings.empty() ? "" : ",") + e;
    }
    const uint64_t stored = info.ColumnStoredBytes(c);
    std::printf("%-22s %-12s %10llu %10llu %8.2f\n", std::string(ColumnName(c)).c_str(),
                encodings.c_str(), static_cast<unsigned long long>(raw),
                static_cast<unsigned long long>(stored),
                static_cast<double>(stored) / static_cast<double>(rows));
  }
  return 0;
}

}  // namespace
}  // namespace vigil

int main(int argc, char** argv) {
  const size_t rows = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100'000;
  const unsigned long group =
      argc > 2 ? std::strtoul(argv[2], nullptr, 10) : vigil::segment::kDefaultRowsPerGroup;
  const int level = argc > 3 ? std::atoi(argv[3]) : vigil::segment::kDefaultZstdLevel;
  return vigil::Run(std::max<size_t>(rows, 50), static_cast<uint32_t>(std::max(group, 1ul)), level);
}
