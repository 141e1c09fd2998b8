// swap_segment_rows SEGMENT ROW_A ROW_B: rewrites a segment file with the
// events of two rows swapped, each row keeping its seq. The new file is a
// well-formed segment (every checksum valid, the ids still unique), so the
// store opens and reads it without complaint: the tampering that only the
// ledger can reveal. A tool for tests/cli/verify_test.py.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/fs/file_system.h"
#include "store/segment/column_set.h"
#include "store/segment/segment_reader.h"
#include "store/segment/segment_writer.h"

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "swap_segment_rows: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return Fail("usage: swap_segment_rows SEGMENT ROW_A ROW_B");
  const std::string path = argv[1];
  const size_t a = std::strtoull(argv[2], nullptr, 10);
  const size_t b = std::strtoull(argv[3], nullptr, 10);
  vigil::FileSystem* fs = vigil::DefaultFileSystem();
  std::vector<vigil::Event> events;
  {
    vigil::Result<std::unique_ptr<vigil::SegmentReader>> reader =
        vigil::SegmentReader::Open(fs, path);
    if (!reader.ok()) return Fail(reader.status().ToString());
    vigil::Status read = (*reader)->ReadEvents(vigil::ColumnSet::All(), &events);
    if (!read.ok()) return Fail(read.ToString());
  }
  if (a >= events.size() || b >= events.size()) {
    return Fail("the segment has " + std::to_string(events.size()) + " rows");
  }
  std::swap(events[a], events[b]);
  std::swap(events[a].seq, events[b].seq);
  const std::string tmp = path + ".swapped";
  vigil::Result<vigil::SegmentInfo> written = vigil::WriteSegment(fs, tmp, events);
  if (!written.ok()) return Fail(written.status().ToString());
  vigil::Status renamed = fs->Rename(tmp, path);
  if (!renamed.ok()) return Fail(renamed.ToString());
  return 0;
}
