// libFuzzer target for WAL recovery: any bytes as a WAL file must give OK or
// Corruption from ReadWal — never a crash, a hang or another error — and
// records handed out must lie inside the file. Build with the `fuzz` preset.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "store/fs/file_system.h"
#include "store/wal/wal_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = "/tmp/vigil-wal-fuzz-" + std::to_string(::getpid()) + ".wal";
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  vigil::WalReadStats stats;
  vigil::Status s = vigil::ReadWal(
      vigil::DefaultFileSystem(), path, /*repair_torn_tail=*/false,
      [&](std::string_view payload, uint64_t offset) {
        if (offset + payload.size() > size) std::abort();
        return vigil::Status::Ok();
      },
      &stats);
  if (!s.ok() && !s.IsCorruption()) std::abort();
  if (stats.valid_bytes > size) std::abort();
  return 0;
}
