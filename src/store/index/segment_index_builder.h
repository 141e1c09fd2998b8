// SegmentIndexBuilder: the postings of one segment's rows, gathered row by
// row as the segment is written, serialized once (segment_index_format.h).
// Built with Lookups::kAnswer it is also a RowIndex over the rows added so
// far (the memtable's index, store/engine/memtable_index.h): each row after
// a term's first then links back to the term's previous one (4 bytes more
// per such row), so a term's rows are found without a pass over the key.
// Not thread-safe; memory grows with the rows' distinct terms and with the
// (term, row) pairs beyond each term's first row.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "store/index/index_key.h"
#include "store/index/row_index.h"
#include "store/index/zstd_codec.h"

namespace vigil::index {

class SegmentIndexBuilder final : public RowIndex {
 public:
  enum class Lookups { kNone, kAnswer };
  // rows_per_group: the segment's row-group size. Every term gets the
  // posting of its rows, except a full-text token in more than
  // kMaxTextRowPosting rows: the posting of its row groups (a few hundred
  // bytes instead of kilobytes; such a token is in most groups anyway, so
  // its rows would barely narrow a read). docs/design-decisions.md "Indexes".
  static constexpr uint32_t kMaxTextRowPosting = 512;
  explicit SegmentIndexBuilder(uint32_t rows_per_group,
                               uint32_t max_text_row_posting = kMaxTextRowPosting,
                               Lookups lookups = Lookups::kNone);

  // Adds e's terms for the next row (rows are numbered from 0 in call order).
  void Add(const Event& e);
  uint32_t rows() const override { return rows_; }
  uint32_t rows_per_group() const override { return rows_per_group_; }

  // RowIndex over the rows added so far, exact rows always (a frequent
  // token's rows too). Exact, Prefix and ForEachTerm require
  // Lookups::kAnswer (without it they find nothing); Prefix and
  // ForEachTerm go through every term of the key.
  GroupRange group_range(uint32_t g) const override;
  Rows Exact(IndexKey k, std::string_view term) const override;
  Rows Prefix(IndexKey k, std::string_view prefix) const override;
  void ForEachTerm(IndexKey k,
                   const std::function<void(std::string_view, const Rows&)>& f) const override;

  // The index file's bytes. The builder is empty again afterwards.
  std::string Finish();

 private:
  // A distinct term of a key.
  struct Term {
    uint64_t offset;  // of its bytes in arena_
    uint32_t size;
    uint32_t home;                  // the low half of its hash: its slot in a table
    uint32_t first_row;             // the first row holding it
    uint32_t last_row;              // the last one so far
    uint32_t rows;                  // how many rows hold it
    uint32_t last_later = kNoLink;  // Lookups::kAnswer: its newest entry in later_rows
  };
  static constexpr uint32_t kNoLink = UINT32_MAX;
  // One key's terms: a hash table of term ids (open addressing, linear
  // probing), the terms, and every row holding a term after its first, as
  // term id << 32 | row, in row order (grouped by term at Finish).
  struct KeyTerms {
    std::vector<uint64_t> slots;  // the hash's high half << 32 | term id + 1; 0 when empty
    std::vector<Term> terms;
    std::vector<uint64_t> later_rows;
    // Lookups::kAnswer: for each entry of later_rows, the index of the same
    // term's previous entry there (kNoLink: none; the term's first row is
    // kept in the term).
    std::vector<uint32_t> later_links;
  };

  // A term of the row being added, before it goes into its key's table.
  struct PendingTerm {
    uint64_t hash;
    uint32_t key;
    uint32_t size;
    size_t offset;  // of its bytes in pending_bytes_
    size_t slot;    // where its probe starts
  };

  void AddTerm(KeyTerms& key, std::string_view term, uint64_t hash, uint32_t row);
  // The term id of `term` in key, or kNoLink.
  uint32_t Find(const KeyTerms& key, std::string_view term) const;
  // A term's rows (exact), ascending.
  Rows RowsOf(const KeyTerms& key, uint32_t id) const;
  static void Grow(KeyTerms& key);
  std::string_view TermBytes(const Term& t) const { return {arena_.data() + t.offset, t.size}; }
  // Appends k's section (block offsets, blocks) to *out.
  void WriteSection(size_t k, std::string* out);

  // The least and greatest time and duration of a row group's rows.
  struct GroupBounds {
    int64_t min_time = INT64_MAX;
    int64_t max_time = INT64_MIN;
    double min_duration = std::numeric_limits<double>::infinity();
    double max_duration = -std::numeric_limits<double>::infinity();
  };

  std::array<KeyTerms, kIndexKeyCount> keys_;
  std::string arena_;  // the distinct terms' bytes, one after another
  std::vector<GroupBounds> groups_;
  uint32_t rows_ = 0;
  uint32_t rows_per_group_;
  uint32_t max_text_row_posting_;
  Lookups lookups_;
  std::string scratch_;
  std::vector<PendingTerm> pending_;
  std::string pending_bytes_;
  ZstdPacker packer_;
};

}  // namespace vigil::index
