// WAL on-disk format constants. The format is specified byte for byte in
// docs/format/wal.md; change one only together with the other.
//
// A WAL file is a file header followed by records packed back to back:
//
//   file header (24 bytes)
//     0   8  magic "VIGILWAL"
//     8   4  format version, u32 little-endian (1)
//     12  8  salt, u64 little-endian: random, chosen when the file is created
//     20  4  header CRC, u32 LE: CRC of bytes 0..19
//   record (16-byte header + payload)
//     0   4  record magic, bytes C5 7E A1 5E (u32 LE 0x5EA17EC5)
//     4   4  payload length, u32 LE, at most kMaxRecordPayloadSize
//     8   4  payload CRC, u32 LE: CRC of the payload bytes
//     12  4  header CRC, u32 LE: CRC of the 8 salt bytes (as stored in the file
//            header) followed by record bytes 0..11
//     16  n  payload
//
// Checksum rule: every CRC is zlib's crc32() (CRC-32/ISO-HDLC, the one of
// Python's zlib.crc32), starting from 0, stored little-endian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace vigil::wal {

// File header.
inline constexpr std::string_view kFileMagic = "VIGILWAL";
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr size_t kFileMagicOffset = 0;
inline constexpr size_t kFileVersionOffset = 8;
inline constexpr size_t kFileSaltOffset = 12;
inline constexpr size_t kFileSaltSize = 8;
inline constexpr size_t kFileHeaderCrcOffset = 20;  // CRC covers bytes [0, 20)
inline constexpr size_t kFileHeaderSize = 24;

// Record header.
inline constexpr uint32_t kRecordMagic = 0x5EA17EC5;  // bytes C5 7E A1 5E
inline constexpr size_t kRecordMagicOffset = 0;
inline constexpr size_t kRecordLengthOffset = 4;
inline constexpr size_t kRecordPayloadCrcOffset = 8;
inline constexpr size_t kRecordHeaderCrcOffset = 12;  // CRC covers salt + bytes [0, 12)
inline constexpr size_t kRecordHeaderSize = 16;

// Longest payload of one record: 64 MiB.
inline constexpr uint32_t kMaxRecordPayloadSize = 64u << 20;

}  // namespace vigil::wal
