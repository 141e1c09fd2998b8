#include "store/index/segment_index.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "store/index/term_block_reader.h"
#include "store/index/varint.h"

namespace vigil::index {
namespace {

uint64_t Fixed64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;  // little-endian host (x86-64, aarch64)
}

Status Bad(std::string what) { return Status::Corruption("segment index: " + what); }

}  // namespace

class SegmentIndex::Cursor {
 public:
  Cursor(const Key& key, uint32_t block) : key_(key), block_(block) {}

  // The next entry, moving on to the next block after a block's last; false
  // at the end of the key or when a block or entry is malformed (*malformed
  // set then).
  bool Next(bool* malformed = nullptr) {
    while (true) {
      if (open_ && reader_.Next()) return true;
      if (reader_.malformed()) return Fail(malformed);
      if (block_ >= key_.blocks) return false;
      const uint32_t b = block_++;
      const uint32_t begin = Fixed32(key_.block_offsets + 4 * uint64_t{b});
      const uint32_t end = Fixed32(key_.block_offsets + 4 * (uint64_t{b} + 1));
      const auto n = static_cast<uint32_t>(
          std::min<uint64_t>(kBlockTerms, key_.count - uint64_t{b} * kBlockTerms));
      if (begin > end || end > key_.blocks_size ||
          !reader_.Open(std::string_view(key_.block_data + begin, end - begin), n)) {
        return Fail(malformed);
      }
      open_ = true;
    }
  }
  const TermBlockReader& entry() const { return reader_; }
  const std::string& term() const { return reader_.term(); }

 private:
  bool Fail(bool* malformed) {
    if (malformed != nullptr) *malformed = true;
    block_ = key_.blocks;
    open_ = false;
    return false;
  }
  const Key& key_;
  uint32_t block_;
  bool open_ = false;
  TermBlockReader reader_;
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
  std::string unpacked;  // reused by the posting checks
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
    key.block_data = key.block_offsets + offsets_size;
    key.blocks_size = size - offsets_size;
    if (Fixed32(key.block_offsets) != 0 ||
        Fixed32(key.block_offsets + 4 * uint64_t{key.blocks}) != key.blocks_size) {
      return Bad(name + ": sizes do not add up");
    }
    for (uint32_t i = 0; i < key.blocks; ++i) {
      if (Fixed32(key.block_offsets + 4 * uint64_t{i}) >
          Fixed32(key.block_offsets + 4 * (uint64_t{i} + 1))) {
        return Bad(name + ": block " + std::to_string(i) + " misplaced");
      }
    }
    // Every block unpacks and adds up to its size, every entry and posting
    // decodes, terms ascend.
    Cursor c(key, 0);
    std::string previous;
    bool malformed = false;
    for (uint32_t i = 0; i < key.count; ++i) {
      if (!c.Next(&malformed)) {
        return Bad(name + ": entry " + std::to_string(i) + " malformed or missing");
      }
      const TermBlockReader& entry = c.entry();
      const std::string at = name + ": entry " + std::to_string(i);
      if (entry.groups() && k != static_cast<size_t>(IndexKey::kText)) {
        return Bad(at + " counts row groups (only text may)");
      }
      if (i > 0 && !(previous < entry.term())) {
        return Bad(name + ": terms not sorted at " + std::to_string(i));
      }
      previous = entry.term();
      const uint32_t limit = entry.groups() ? ix.row_groups() : ix.rows_;
      if (entry.form() == PostingForm::kOneMember
              ? entry.member() >= limit
              : !PostingWellFormed(entry.form(), entry.posting(), limit, &unpacked)) {
        return Bad(at + ": posting malformed");
      }
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
    const uint32_t begin = Fixed32(key.block_offsets + 4 * uint64_t{mid});
    const std::string_view first =
        TermBlockReader::FirstTerm(
            std::string_view(key.block_data + begin, key.blocks_size - begin))
            .value_or(std::string_view());  // checked on open
    if (first <= t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo == 0 ? 0 : lo - 1;
}

void SegmentIndex::AddPosting(const Cursor& c, Rows* out) const {
  const TermBlockReader& entry = c.entry();
  Bitmap members;
  if (entry.form() == PostingForm::kOneMember) {
    if (!entry.groups()) {
      out->rows.add(entry.member());
      return;
    }
    members.add(entry.member());
  } else {
    std::vector<uint32_t> scratch;
    std::string unpacked;
    const uint32_t limit = entry.groups() ? row_groups() : rows_;
    // Checked on open, so this decodes.
    (void)DecodePosting(entry.form(), entry.posting(), limit, &scratch, &unpacked,
                        entry.groups() ? &members : &out->rows);
    if (!entry.groups()) return;
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
      AddPosting(c, &out);
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
      AddPosting(c, &out);
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
    AddPosting(c, &rows);
    f(c.term(), rows);
  }
}

void SegmentIndex::ForEachTermCount(
    IndexKey k, const std::function<void(std::string_view, uint64_t)>& f) const {
  const Key& key = keys_[static_cast<size_t>(k)];
  if (key.count == 0) return;
  Cursor c(key, 0);
  std::string unpacked;
  while (c.Next()) {
    const TermBlockReader& entry = c.entry();
    std::optional<uint64_t> n;
    if (!entry.groups()) {
      n = entry.form() == PostingForm::kOneMember
              ? 1
              : CountPosting(entry.form(), entry.posting(), rows_, &unpacked);
    }
    if (!n) {  // a group posting (its rows are whole groups), or damage found late
      Rows rows;
      AddPosting(c, &rows);
      n = rows.rows.cardinality();
    }
    f(c.term(), *n);
  }
}

}  // namespace vigil::index
