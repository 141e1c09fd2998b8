#include "store/index/segment_index.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

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

// Reads a LEB128 varint of at most 5 bytes (a u32) at *p < end.
std::optional<uint32_t> ReadVarint(const char** p, const char* end) {
  uint64_t v = 0;
  for (int i = 0; i < 5 && *p < end; ++i) {
    const auto byte = static_cast<uint8_t>(*(*p)++);
    v |= uint64_t{byte & 0x7Fu} << (7 * i);
    if ((byte & 0x80) == 0) {
      if (v > UINT32_MAX) return std::nullopt;
      return static_cast<uint32_t>(v);
    }
  }
  return std::nullopt;
}

// A posting's members: a serialized bitmap, or one member as a varint.
Bitmap Decode(std::string_view posting) {
  if (posting.size() < kMinBitmapBytes) {
    const char* p = posting.data();
    Bitmap one;
    one.add(ReadVarint(&p, p + posting.size()).value_or(0));  // checked on open
    return one;
  }
  return ::Roaring::readSafe(posting.data(), posting.size());
}

}  // namespace

class SegmentIndex::Cursor {
 public:
  Cursor(const Key& key, uint32_t block)
      : p_(key.entries + Fixed32(key.block_offsets + 4 * block)),
        end_(key.entries + key.entries_size) {}

  // The next entry; false at the end of the key or on a malformed entry
  // (*malformed set).
  bool Next(bool* malformed = nullptr) {
    if (p_ >= end_) return false;
    std::optional<uint32_t> shared = ReadVarint(&p_, end_);
    std::optional<uint32_t> suffix = shared ? ReadVarint(&p_, end_) : std::nullopt;
    if (!suffix || *shared > term_.size() || *suffix > static_cast<size_t>(end_ - p_)) {
      return Fail(malformed);
    }
    term_.resize(*shared);
    term_.append(p_, *suffix);
    p_ += *suffix;
    std::optional<uint32_t> header = ReadVarint(&p_, end_);
    if (!header) return Fail(malformed);
    groups_ = (*header & 1) != 0;
    const uint32_t len = *header >> 1;
    if (len == 0 || len > static_cast<size_t>(end_ - p_)) return Fail(malformed);
    posting_ = std::string_view(p_, len);
    p_ += len;
    if (posting_.size() < kMinBitmapBytes) {
      const char* q = posting_.data();
      if (!ReadVarint(&q, q + posting_.size()) || q != posting_.data() + posting_.size()) {
        return Fail(malformed);
      }
    }
    return true;
  }
  const std::string& term() const { return term_; }
  std::string_view posting() const { return posting_; }
  bool groups() const { return groups_; }  // the posting counts row groups
  const char* position() const { return p_; }

 private:
  bool Fail(bool* malformed) {
    if (malformed != nullptr) *malformed = true;
    p_ = end_;
    return false;
  }
  const char* p_;
  const char* end_;
  std::string term_;
  std::string_view posting_;
  bool groups_ = false;
};

Result<SegmentIndex> SegmentIndex::Parse(std::string bytes) {
  auto owned = std::make_shared<const std::string>(std::move(bytes));
  const std::string_view view = *owned;
  return Parse(std::move(owned), view);
}

Result<SegmentIndex> SegmentIndex::Parse(std::shared_ptr<const void> owner,
                                         std::string_view bytes) {
  SegmentIndex ix;
  ix.owner_ = std::move(owner);
  ix.bytes_ = bytes;
  const std::string_view b = ix.bytes_;
  const size_t key_table_end = kHeaderSize + kIndexKeyCount * kKeyEntrySize;
  if (b.size() < key_table_end + kTrailerSize) {
    return Bad("file of " + std::to_string(b.size()) + " bytes is too short");
  }
  if (b.substr(0, 8) != kMagic || b.substr(b.size() - 8) != kMagic) {
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
  const size_t table_end = key_table_end + uint64_t{ix.row_groups()} * kGroupRangeSize;
  if (table_end > crc_at) return Bad("row-group ranges out of bounds");
  ix.group_ranges_ = b.data() + key_table_end;
  for (uint32_t g = 0; g < ix.row_groups(); ++g) {
    const GroupRange r = ix.group_range(g);
    const bool durations_ok = r.has_durations()
                                  ? r.min_duration >= 0 && std::isfinite(r.max_duration)
                                  : r.min_duration == std::numeric_limits<double>::infinity() &&
                                        r.max_duration == -std::numeric_limits<double>::infinity();
    if (r.min_time > r.max_time || !durations_ok) {
      return Bad("row group " + std::to_string(g) + ": ranges malformed");
    }
  }
  for (size_t k = 0; k < kIndexKeyCount; ++k) {
    const char* e = b.data() + kHeaderSize + k * kKeyEntrySize;
    const std::string name(IndexKeyName(static_cast<IndexKey>(k)));
    if (static_cast<uint8_t>(e[0]) != k) return Bad("key table out of order at " + name);
    Key& key = ix.keys_[k];
    if (e[1] != 0 || e[2] != 0 || e[3] != 0) return Bad(name + ": reserved bytes not zero");
    key.count = Fixed32(e + 4);
    const uint64_t offset = Fixed64(e + 8), size = Fixed64(e + 16);
    if (offset < table_end || offset > crc_at || size > crc_at - offset) {
      return Bad(name + ": section out of bounds");
    }
    key.blocks = static_cast<uint32_t>((uint64_t{key.count} + kBlockTerms - 1) / kBlockTerms);
    const uint64_t offsets_size = (uint64_t{key.blocks} + 1) * 4;
    if (offsets_size > size) return Bad(name + ": section too small for its terms");
    key.block_offsets = b.data() + offset;
    key.entries = key.block_offsets + offsets_size;
    key.entries_size = size - offsets_size;
    if (Fixed32(key.block_offsets + 4 * uint64_t{key.blocks}) != key.entries_size) {
      return Bad(name + ": sizes do not add up");
    }
    // Every entry decodes, terms ascend, blocks start where their offsets say.
    Cursor c(key, 0);
    std::string previous;
    bool malformed = false;
    for (uint32_t i = 0; i < key.count; ++i) {
      if (i % kBlockTerms == 0 && Fixed32(key.block_offsets + 4 * (i / kBlockTerms)) !=
                                      static_cast<size_t>(c.position() - key.entries)) {
        return Bad(name + ": block " + std::to_string(i / kBlockTerms) + " misplaced");
      }
      if (!c.Next(&malformed)) {
        return Bad(name + ": entry " + std::to_string(i) + " malformed or missing");
      }
      if (c.groups() && k != static_cast<size_t>(IndexKey::kText)) {
        return Bad(name + ": entry " + std::to_string(i) + " counts row groups (only text may)");
      }
      if (i > 0 && !(previous < c.term())) {
        return Bad(name + ": terms not sorted at " + std::to_string(i));
      }
      previous = c.term();
    }
    if (c.position() != key.entries + key.entries_size) {
      return Bad(name + ": bytes after the last entry");
    }
  }
  return ix;
}

GroupRange SegmentIndex::group_range(uint32_t g) const {
  const char* at = group_ranges_ + uint64_t{g} * kGroupRangeSize;
  return GroupRange{static_cast<int64_t>(Fixed64(at)), static_cast<int64_t>(Fixed64(at + 8)),
                    std::bit_cast<double>(Fixed64(at + 16)),
                    std::bit_cast<double>(Fixed64(at + 24))};
}

uint32_t SegmentIndex::BlockFor(const Key& key, std::string_view t) const {
  uint32_t lo = 0, hi = key.blocks;  // find the first block whose first term > t
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    Cursor c(key, mid);
    c.Next();
    if (c.term() <= t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo == 0 ? 0 : lo - 1;
}

void SegmentIndex::AddPosting(std::string_view posting, bool groups, Rows* out) const {
  Bitmap members = Decode(posting);
  if (!groups) {
    out->rows |= members;
    return;
  }
  out->exact = false;
  for (uint32_t g : members) {
    const uint64_t first = uint64_t{g} * rows_per_group_;
    if (first >= rows_) break;  // a group past the last row: nothing to add
    out->rows.addRange(first, std::min<uint64_t>(first + rows_per_group_, rows_));
  }
}

Rows SegmentIndex::Exact(IndexKey k, std::string_view term) const {
  const Key& key = keys_[static_cast<size_t>(k)];
  Rows out;
  if (key.count == 0) return out;
  Cursor c(key, BlockFor(key, term));
  while (c.Next()) {
    if (c.term() == term) {
      AddPosting(c.posting(), c.groups(), &out);
      break;
    }
    if (c.term() > term) break;
  }
  return out;
}

Rows SegmentIndex::Prefix(IndexKey k, std::string_view prefix) const {
  const Key& key = keys_[static_cast<size_t>(k)];
  Rows out;
  if (key.count == 0) return out;
  Cursor c(key, BlockFor(key, prefix));
  while (c.Next()) {
    if (std::string_view(c.term()).starts_with(prefix)) {
      AddPosting(c.posting(), c.groups(), &out);
    } else if (c.term() > prefix) {
      break;
    }
  }
  return out;
}

void SegmentIndex::ForEachTerm(IndexKey k,
                               const std::function<void(std::string_view, const Rows&)>& f) const {
  const Key& key = keys_[static_cast<size_t>(k)];
  if (key.count == 0) return;
  Cursor c(key, 0);
  while (c.Next()) {
    Rows rows;
    AddPosting(c.posting(), c.groups(), &rows);
    f(c.term(), rows);
  }
}

}  // namespace vigil::index
