#include "store/segment/checksum.h"

#include <zlib.h>

namespace vigil::segment {

uint32_t Crc32(std::string_view data) {
  uLong crc = crc32_z(0L, Z_NULL, 0);
  crc = crc32_z(crc, reinterpret_cast<const Bytef*>(data.data()), data.size());
  return static_cast<uint32_t>(crc);
}

}  // namespace vigil::segment
