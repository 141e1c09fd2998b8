// Reading the parts of an open segment file: exact reads and checksummed,
// decompressed blocks, with errors that name the file and block. Internal to
// SegmentReader and SegmentCursor. Thread-safe (the file is; the
// decompressor passed in is the caller's).
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "store/fs/file_system.h"
#include "store/segment/block_compression.h"
#include "store/segment/segment_info.h"

namespace vigil::segment {

// Reads exactly n bytes at offset into *out; a short read is Corruption (the
// file shrank since it was opened).
Status ReadExactly(const RandomAccessFile& file, uint64_t offset, size_t n, std::string* out);

// Reads block b's stored bytes into *stored, checks its crc and decompresses
// it into *raw. Corruption names path and block.
Status ReadBlock(const RandomAccessFile& file, const std::string& path, const SegmentColumnBlock& b,
                 BlockDecompressor* decompressor, std::string* stored, std::string* raw);

// "path: column actor.email of row group 2 at offset 4096",
// "path: dictionary of column tenant at offset 16".
std::string BlockName(const std::string& path, const SegmentColumnBlock& b);

// s with "prefix: " when it is Corruption (found by this library); errors of
// the file system (IOError, NotFound) name the path already and pass as they are.
Status Prefixed(const Status& s, const std::string& prefix);

// "0x0000abcd".
std::string Hex32(uint32_t v);

}  // namespace vigil::segment
