// libFuzzer target for segment files: any bytes must give Corruption (or a
// readable segment) from SegmentReader::Open and ReadEvents — never a crash,
// a hang or an allocation sized by a damaged field. Build with the `fuzz`
// preset; seed it with real segments from a data directory.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "store/fs/file_system.h"
#include "store/segment/segment_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/vigil-seg-fuzz-" + std::to_string(::getpid()) + ".vseg";
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto reader = vigil::SegmentReader::Open(vigil::DefaultFileSystem(), path);
  if (!reader.ok()) {
    if (!reader.status().IsCorruption()) std::abort();
    return 0;
  }
  std::vector<vigil::Event> rows;
  vigil::Status s = (*reader)->ReadEvents(vigil::ColumnSet::All(), &rows);
  if (!s.ok() && !s.IsCorruption()) std::abort();
  return 0;
}
