#include "store/index/segment_index.h"

#include <zlib.h>

#include <cstring>
#include <optional>
#include <string>

#include "store/index/segment_index_format.h"

namespace vigil::index {
namespace {

uint32_t Fixed32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;  // little-endian host (x86-64, aarch64)
}
uint64_t Fixed64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

Status Bad(std::string what) { return Status::Corruption("segment index: " + what); }

// A LEB128 varint of exactly n bytes holding a u32, or nullopt.
std::optional<uint32_t> DecodeVarint(const char* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto byte = static_cast<uint8_t>(p[i]);
    v |= uint64_t{byte & 0x7Fu} << (7 * i);
    const bool last = (byte & 0x80) == 0;
    if (last != (i + 1 == n)) return std::nullopt;
  }
  if (n == 0 || n > 5 || v > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(v);
}

}  // namespace

Result<SegmentIndex> SegmentIndex::Parse(std::string bytes) {
  SegmentIndex ix;
  ix.bytes_ = std::move(bytes);
  const std::string& b = ix.bytes_;
  const size_t table_end = kHeaderSize + kIndexKeyCount * kKeyEntrySize;
  if (b.size() < table_end + kTrailerSize) {
    return Bad("file of " + std::to_string(b.size()) + " bytes is too short");
  }
  if (std::string_view(b).substr(0, 8) != kMagic ||
      std::string_view(b).substr(b.size() - 8) != kMagic) {
    return Bad("bad magic (not a segment index, or truncated)");
  }
  const size_t crc_at = b.size() - kTrailerSize;
  const uint32_t crc = static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(b.data()), static_cast<uInt>(crc_at)));
  if (Fixed32(b.data() + crc_at) != crc) return Bad("checksum mismatch");
  if (Fixed32(b.data() + 8) != kFormatVersion) {
    return Bad("format version " + std::to_string(Fixed32(b.data() + 8)) +
               ", this build reads version " + std::to_string(kFormatVersion));
  }
  if (Fixed32(b.data() + 12) != 0) return Bad("unknown flags");
  ix.rows_ = Fixed32(b.data() + 16);
  ix.rows_per_group_ = Fixed32(b.data() + 20);
  if (ix.rows_per_group_ == 0) return Bad("row groups of 0 rows");
  if (Fixed32(b.data() + 24) != kIndexKeyCount) return Bad("wrong number of keys");
  for (size_t k = 0; k < kIndexKeyCount; ++k) {
    const char* e = b.data() + kHeaderSize + k * kKeyEntrySize;
    const std::string name(IndexKeyName(static_cast<IndexKey>(k)));
    if (static_cast<uint8_t>(e[0]) != k) return Bad("key table out of order at " + name);
    Key& key = ix.keys_[k];
    if (static_cast<uint8_t>(e[1]) > 1) return Bad(name + ": unknown granularity");
    key.granularity = static_cast<Granularity>(e[1]);
    key.count = Fixed32(e + 4);
    const uint64_t offset = Fixed64(e + 8), size = Fixed64(e + 16);
    if (offset < table_end || offset > crc_at || size > crc_at - offset) {
      return Bad(name + ": section out of bounds");
    }
    const uint64_t arrays = (uint64_t{key.count} + 1) * 8;
    if (arrays > size) return Bad(name + ": section too small for its terms");
    key.term_offsets = b.data() + offset;
    key.bitmap_offsets = key.term_offsets + (uint64_t{key.count} + 1) * 4;
    key.terms = b.data() + offset + arrays;
    const uint32_t terms_size = Fixed32(key.term_offsets + uint64_t{key.count} * 4);
    const uint32_t bitmaps_size = Fixed32(key.bitmap_offsets + uint64_t{key.count} * 4);
    if (arrays + terms_size + bitmaps_size != size) return Bad(name + ": sizes do not add up");
    key.bitmaps = key.terms + terms_size;
    for (uint32_t i = 0; i < key.count; ++i) {
      const uint32_t t0 = Fixed32(key.term_offsets + i * 4),
                     t1 = Fixed32(key.term_offsets + i * 4 + 4);
      const uint32_t b0 = Fixed32(key.bitmap_offsets + i * 4),
                     b1 = Fixed32(key.bitmap_offsets + i * 4 + 4);
      if (t0 > t1 || t1 > terms_size || b0 >= b1 || b1 > bitmaps_size) {
        return Bad(name + ": term " + std::to_string(i) + " out of bounds");
      }
      if (b1 - b0 < kMinBitmapBytes && !DecodeVarint(key.bitmaps + b0, b1 - b0)) {
        return Bad(name + ": term " + std::to_string(i) + " has a malformed one-member posting");
      }
      if (i > 0 && !(ix.Term(key, i - 1) < ix.Term(key, i))) {
        return Bad(name + ": terms not sorted at " + std::to_string(i));
      }
    }
  }
  return ix;
}

std::string_view SegmentIndex::Term(const Key& key, uint32_t i) const {
  const uint32_t t0 = Fixed32(key.term_offsets + i * 4), t1 = Fixed32(key.term_offsets + i * 4 + 4);
  return std::string_view(key.terms + t0, t1 - t0);
}

Bitmap SegmentIndex::Rows(const Key& key, uint32_t i) const {
  const uint32_t b0 = Fixed32(key.bitmap_offsets + i * 4),
                 b1 = Fixed32(key.bitmap_offsets + i * 4 + 4);
  // Checked on open to lie within the file, and a varint to be well formed;
  // readSafe checks a bitmap's bytes.
  if (b1 - b0 < kMinBitmapBytes) {
    Bitmap one;
    one.add(DecodeVarint(key.bitmaps + b0, b1 - b0).value_or(0));
    return one;
  }
  return ::Roaring::readSafe(key.bitmaps + b0, b1 - b0);
}

uint32_t SegmentIndex::LowerBound(const Key& key, std::string_view t) const {
  uint32_t lo = 0, hi = key.count;
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    if (Term(key, mid) < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

Bitmap SegmentIndex::Exact(IndexKey k, std::string_view term) const {
  const Key& key = keys_[static_cast<size_t>(k)];
  const uint32_t i = LowerBound(key, term);
  if (i < key.count && Term(key, i) == term) return Rows(key, i);
  return {};
}

Bitmap SegmentIndex::Prefix(IndexKey k, std::string_view prefix) const {
  const Key& key = keys_[static_cast<size_t>(k)];
  Bitmap out;
  for (uint32_t i = LowerBound(key, prefix); i < key.count && Term(key, i).starts_with(prefix);
       ++i) {
    out |= Rows(key, i);
  }
  return out;
}

void SegmentIndex::ForEachTerm(
    IndexKey k, const std::function<void(std::string_view, const Bitmap&)>& f) const {
  const Key& key = keys_[static_cast<size_t>(k)];
  for (uint32_t i = 0; i < key.count; ++i) f(Term(key, i), Rows(key, i));
}

}  // namespace vigil::index
