// SegmentIndex: one segment's index file (segment_index_format.h), read
// whole and checked on open; lookups return the rows (0-based within the
// segment) or row groups, by the key's granularity, whose events hold a
// term, as a Roaring bitmap. Immutable after Parse; const methods are
// thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <roaring/roaring.hh>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/index/index_key.h"
#include "store/index/segment_index_format.h"

namespace vigil::index {

// A set of rows (CRoaring's C++ class; Debian's 0.2 puts it in the global
// namespace).
using Bitmap = ::Roaring;

class SegmentIndex {
 public:
  // Takes the file's bytes. Corruption naming what is wrong (bad magic or
  // version, checksum mismatch, a section out of bounds, a malformed or
  // unsorted entry).
  static Result<SegmentIndex> Parse(std::string bytes);

  uint32_t rows() const { return rows_; }
  uint32_t rows_per_group() const { return rows_per_group_; }
  // Whether k's lookups give rows or row groups (row / rows_per_group).
  Granularity granularity(IndexKey k) const { return keys_[static_cast<size_t>(k)].granularity; }
  size_t term_count(IndexKey k) const { return keys_[static_cast<size_t>(k)].count; }

  // The rows (or groups) holding exactly `term`.
  Bitmap Exact(IndexKey k, std::string_view term) const;
  // The rows (or groups) holding a term that starts with `prefix` (all of
  // them with any term for an empty prefix).
  Bitmap Prefix(IndexKey k, std::string_view prefix) const;
  // Calls f(term, rows) for each term of k in order (CIDR queries over kIp).
  void ForEachTerm(IndexKey k, const std::function<void(std::string_view, const Bitmap&)>& f) const;

 private:
  struct Key {
    Granularity granularity = Granularity::kRows;
    uint32_t count = 0;
    uint32_t blocks = 0;
    const char* block_offsets = nullptr;  // blocks + 1 u32
    const char* entries = nullptr;
    size_t entries_size = 0;
  };
  // Walks a key's entries from one block on; the postings are views.
  class Cursor;

  // The block whose first term is the last one <= t (0 when none is).
  uint32_t BlockFor(const Key& key, std::string_view t) const;

  std::string bytes_;
  uint32_t rows_ = 0;
  uint32_t rows_per_group_ = 0;
  Key keys_[kIndexKeyCount];
};

}  // namespace vigil::index
