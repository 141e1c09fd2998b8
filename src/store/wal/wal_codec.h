// Encoding and checking of the WAL's file header and record headers, shared by
// WalWriter and ReadWal. The layout is in wal_format.h and docs/format/wal.md.
// Stateless functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/wal/wal_format.h"

namespace vigil::wal {

// zlib crc32() of data, continuing from crc (0 to start).
uint32_t Crc32(std::string_view data, uint32_t crc = 0);

// The CRC of the 8 salt bytes: where every record header CRC of the file starts.
uint32_t SaltCrc(uint64_t salt);

// The kFileHeaderSize bytes of a file header carrying salt.
std::string EncodeFileHeader(uint64_t salt);

// Checks the first kFileHeaderSize bytes of the file at path (bytes must hold
// exactly that many) and returns the salt. Errors are Corruption naming path:
// wrong magic, then unsupported version, then bad header checksum.
Result<uint64_t> DecodeFileHeader(std::string_view path, std::string_view bytes);

// Writes the kRecordHeaderSize-byte header of a record holding payload into out.
// Precondition: payload.size() <= kMaxRecordPayloadSize.
void EncodeRecordHeader(uint32_t salt_crc, std::string_view payload, char* out);
// The same for a payload of payload_size bytes whose Crc32 is payload_crc.
void EncodeRecordHeader(uint32_t salt_crc, size_t payload_size, uint32_t payload_crc, char* out);

// Crc32 of a ++ b from Crc32(a), Crc32(b) and b's size (zlib crc32_combine).
uint32_t Crc32Combine(uint32_t crc_a, uint32_t crc_b, size_t size_b);

enum class RecordHeaderCheck { kOk, kBadMagic, kBadChecksum };

struct RecordHeader {
  uint32_t length = 0;
  uint32_t payload_crc = 0;
};

// Checks a kRecordHeaderSize-byte record header (magic, then header CRC) and
// on kOk fills *header. The length is not range-checked here.
RecordHeaderCheck DecodeRecordHeader(uint32_t salt_crc, std::string_view bytes,
                                     RecordHeader* header);

}  // namespace vigil::wal
