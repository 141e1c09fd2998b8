// SegmentIndex: one segment's index file (segment_index_format.h), read
// whole and checked on open; lookups return the rows (0-based within the
// segment) whose events hold a term, as a Roaring bitmap — exactly those,
// or, where the file keeps a term's row groups instead of its rows (a
// frequent full-text token), every row of those groups. Immutable after Parse; const methods are
// thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/index/index_key.h"
#include "store/index/posting_codec.h"
#include "store/index/row_index.h"
#include "store/index/segment_index_format.h"

namespace vigil::index {

class SegmentIndex final : public RowIndex {
 public:
  // Takes the file's bytes. Corruption naming what is wrong (bad magic or
  // version, checksum mismatch, a section out of bounds, a malformed block,
  // entry or posting, unsorted terms).
  static Result<SegmentIndex> Parse(std::string bytes);
  // The same over bytes that `owner` keeps alive (a mapped file).
  static Result<SegmentIndex> Parse(std::shared_ptr<const void> owner, std::string_view bytes);

  uint32_t rows() const override { return rows_; }
  uint32_t rows_per_group() const override { return rows_per_group_; }
  GroupRange group_range(uint32_t g) const override;
  size_t term_count(IndexKey k) const { return keys_[static_cast<size_t>(k)].count; }
  // Bytes of k's section (block offsets and entries).
  size_t key_bytes(IndexKey k) const {
    const Key& key = keys_[static_cast<size_t>(k)];
    return (key.blocks + 1) * 4 + key.blocks_size;
  }

  Rows Exact(IndexKey k, std::string_view term) const override;
  Rows Prefix(IndexKey k, std::string_view prefix) const override;
  // In term order.
  void ForEachTerm(IndexKey k,
                   const std::function<void(std::string_view, const Rows&)>& f) const override;
  // Calls f(term, n) for each term of k in order, n the rows holding it
  // (as ForEachTerm's rows would count), without building their bitmaps:
  // facet counts over every row of the segment.
  void ForEachTermCount(IndexKey k, const std::function<void(std::string_view, uint64_t)>& f) const;

 private:
  struct Key {
    uint32_t count = 0;
    uint32_t blocks = 0;
    const char* block_offsets = nullptr;  // blocks + 1 u32
    const char* block_data = nullptr;     // the blocks, one after another
    size_t blocks_size = 0;
  };
  // Walks a key's entries from one block on; the postings are views.
  class Cursor;

  // The current entry's rows (groups widened to their rows), added to *out.
  void AddPosting(const Cursor& c, Rows* out) const;
  // The block whose first term is the last one <= t (0 when none is).
  uint32_t BlockFor(const Key& key, std::string_view t) const;

  std::shared_ptr<const void> owner_;  // keeps bytes_ alive
  std::string_view bytes_;
  uint32_t rows_ = 0;
  uint32_t rows_per_group_ = 0;
  const char* group_ranges_ = nullptr;  // row_groups() × kGroupRangeSize bytes
  Key keys_[kIndexKeyCount];
};

}  // namespace vigil::index
