// vigil_segment_speed [rows]: writes and reads a segment of realistic events
// and prints timings, bytes per row and each column's size and encoding.
// A measuring tool, not a test: built on request (EXCLUDE_FROM_ALL).
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
  std::printf("%-26s wall %8.1f ms  cpu %8.1f ms  %6.2f M rows/cpu-s\n", what, t.wall * 1e3,
              t.cpu * 1e3, static_cast<double>(rows) / t.cpu / 1e6);
}

int Run(size_t rows) {
  FileSystem* fs = DefaultFileSystem();
  segment_test::TempDir dir;
  const std::vector<Event> events = segment_test::MakeRealisticEvents(rows, 1);
  size_t json_bytes = 0;
  for (const Event& e : events) json_bytes += CanonicalEvent(e).size() + 1;

  int n = 0;
  SegmentInfo info;
  const Timing write_t = BestOf(3, [&] {
    Result<SegmentInfo> r = WriteSegment(fs, dir.File("seg" + std::to_string(n++)), events);
    if (!r.ok()) std::abort();
    info = *r;
  });
  Result<std::unique_ptr<SegmentReader>> reader = SegmentReader::Open(fs, dir.File("seg0"));
  if (!reader.ok()) return 1;
  std::vector<Event> out;
  const Timing read_all_t = BestOf(3, [&] {
    if (!(*reader)->ReadEvents(ColumnSet::All(), &out).ok()) std::abort();
  });
  if (!(out == events)) {
    std::fprintf(stderr, "round trip mismatch\n");
    return 1;
  }
  const ColumnSet few{SegmentColumn::kTime, SegmentColumn::kTenant, SegmentColumn::kAction};
  const Timing read_few_t = BestOf(3, [&] {
    if (!(*reader)->ReadEvents(few, &out).ok()) std::abort();
  });
  std::vector<uint32_t> page;
  for (uint32_t i = 0; i < 50; ++i) page.push_back(static_cast<uint32_t>(i * (rows / 50)));
  const Timing read_page_t = BestOf(3, [&] {
    if (!(*reader)->ReadRows(ColumnSet::All(), page, &out).ok()) std::abort();
  });

  std::printf("rows %zu  file %llu bytes  %.1f bytes/row  (canonical JSON %.1f bytes/row, %.1fx)\n",
              rows, static_cast<unsigned long long>(info.file_bytes),
              static_cast<double>(info.file_bytes) / static_cast<double>(rows),
              static_cast<double>(json_bytes) / static_cast<double>(rows),
              static_cast<double>(json_bytes) / static_cast<double>(info.file_bytes));
  PrintTiming("write (incl. fsync)", write_t, rows);
  PrintTiming("read all columns", read_all_t, rows);
  PrintTiming("read time,tenant,action", read_few_t, rows);
  PrintTiming("read 50 rows, all columns", read_page_t, 50);
  std::printf("\n%-22s %4s %4s %10s %10s %8s\n", "column", "enc", "cmp", "raw", "stored",
              "B/row");
  for (const SegmentColumnBlock& b : info.columns) {
    std::printf("%-22s %4u %4u %10llu %10llu %8.2f\n", std::string(ColumnName(b.column)).c_str(),
                static_cast<unsigned>(b.encoding), static_cast<unsigned>(b.compression),
                static_cast<unsigned long long>(b.raw_size),
                static_cast<unsigned long long>(b.stored_size),
                static_cast<double>(b.stored_size) / static_cast<double>(rows));
  }
  return 0;
}

}  // namespace
}  // namespace vigil

int main(int argc, char** argv) {
  const size_t rows = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100'000;
  return vigil::Run(std::max<size_t>(rows, 50));
}
