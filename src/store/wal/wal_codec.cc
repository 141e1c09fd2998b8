#include "store/wal/wal_codec.h"

#include <fmt/format.h>
#include <zlib.h>

#include <cstring>

namespace vigil::wal {
namespace {

void PutU32(char* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

void PutU64(char* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

uint32_t GetU32(const char* in) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

uint64_t GetU64(const char* in) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

}  // namespace

uint32_t Crc32(std::string_view data, uint32_t crc) {
  return static_cast<uint32_t>(
      ::crc32_z(crc, reinterpret_cast<const Bytef*>(data.data()), data.size()));
}

uint32_t SaltCrc(uint64_t salt) {
  char bytes[kFileSaltSize];
  PutU64(bytes, salt);
  return Crc32(std::string_view(bytes, sizeof(bytes)));
}

std::string EncodeFileHeader(uint64_t salt) {
  std::string out(kFileHeaderSize, '\0');
  std::memcpy(out.data() + kFileMagicOffset, kFileMagic.data(), kFileMagic.size());
  PutU32(out.data() + kFileVersionOffset, kFormatVersion);
  PutU64(out.data() + kFileSaltOffset, salt);
  PutU32(out.data() + kFileHeaderCrcOffset,
         Crc32(std::string_view(out.data(), kFileHeaderCrcOffset)));
  return out;
}

Result<uint64_t> DecodeFileHeader(std::string_view path, std::string_view bytes) {
  if (bytes.size() != kFileHeaderSize) {
    return Status::Internal(fmt::format("{}: file header of {} bytes, expected {}", path,
                                        bytes.size(), kFileHeaderSize));
  }
  if (bytes.substr(kFileMagicOffset, kFileMagic.size()) != kFileMagic) {
    return Status::Corruption(fmt::format(
        "{}: not a Vigil WAL file (the first 8 bytes are not \"{}\")", path, kFileMagic));
  }
  uint32_t version = GetU32(bytes.data() + kFileVersionOffset);
  if (version != kFormatVersion) {
    return Status::Corruption(
        fmt::format("{}: unsupported WAL format version {} (this build reads {})", path, version,
                    kFormatVersion));
  }
  if (GetU32(bytes.data() + kFileHeaderCrcOffset) != Crc32(bytes.substr(0, kFileHeaderCrcOffset))) {
    return Status::Corruption(fmt::format("{}: bad checksum in the WAL file header", path));
  }
  return GetU64(bytes.data() + kFileSaltOffset);
}

uint32_t Crc32Combine(uint32_t crc_a, uint32_t crc_b, size_t size_b) {
  return static_cast<uint32_t>(::crc32_combine(crc_a, crc_b, static_cast<z_off_t>(size_b)));
}

void EncodeRecordHeader(uint32_t salt_crc, std::string_view payload, char* out) {
  EncodeRecordHeader(salt_crc, payload.size(), Crc32(payload), out);
}

void EncodeRecordHeader(uint32_t salt_crc, size_t payload_size, uint32_t payload_crc, char* out) {
  PutU32(out + kRecordMagicOffset, kRecordMagic);
  PutU32(out + kRecordLengthOffset, static_cast<uint32_t>(payload_size));
  PutU32(out + kRecordPayloadCrcOffset, payload_crc);
  PutU32(out + kRecordHeaderCrcOffset,
         Crc32(std::string_view(out, kRecordHeaderCrcOffset), salt_crc));
}

RecordHeaderCheck DecodeRecordHeader(uint32_t salt_crc, std::string_view bytes,
                                     RecordHeader* header) {
  if (GetU32(bytes.data() + kRecordMagicOffset) != kRecordMagic) {
    return RecordHeaderCheck::kBadMagic;
  }
  if (GetU32(bytes.data() + kRecordHeaderCrcOffset) !=
      Crc32(bytes.substr(0, kRecordHeaderCrcOffset), salt_crc)) {
    return RecordHeaderCheck::kBadChecksum;
  }
  header->length = GetU32(bytes.data() + kRecordLengthOffset);
  header->payload_crc = GetU32(bytes.data() + kRecordPayloadCrcOffset);
  return RecordHeaderCheck::kOk;
}

}  // namespace vigil::wal
