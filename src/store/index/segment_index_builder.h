// SegmentIndexBuilder: the posting bitmaps of one segment's rows, built row
// by row as the segment is written, serialized once (segment_index_format.h).
// Not thread-safe; memory grows with the rows' distinct terms.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "store/index/index_key.h"

namespace vigil::index {

class SegmentIndexBuilder {
 public:
  // rows_per_group: the segment's row-group size. Every term gets the
  // bitmap of its rows, except a full-text token in more than
  // kMaxTextRowPosting rows: the bitmap of its row groups (a few hundred
  // bytes instead of kilobytes; such a token is in most groups anyway, so
  // its rows would barely narrow a read). docs/design-decisions.md "Indexes".
  static constexpr uint32_t kMaxTextRowPosting = 512;
  explicit SegmentIndexBuilder(uint32_t rows_per_group,
                               uint32_t max_text_row_posting = kMaxTextRowPosting)
      : rows_per_group_(rows_per_group), max_text_row_posting_(max_text_row_posting) {}

  // Adds e's terms for the next row (rows are numbered from 0 in call order).
  void Add(const Event& e);
  uint32_t rows() const { return rows_; }

  // The index file's bytes. The builder is empty again afterwards.
  std::string Finish();

 private:
  // The rows holding a term, ascending, each once. Most terms (ids,
  // addresses) are in one row: that row is kept inline, without a vector.
  struct Rows {
    uint32_t first = 0;
    std::vector<uint32_t> more;  // the rows after the first
    uint32_t last() const { return more.empty() ? first : more.back(); }
  };
  // term → its rows. Terms are views into arena_ (absl's own string_view:
  // Debian's abseil is not built on std's).
  using Postings = absl::flat_hash_map<absl::string_view, Rows>;

  // A copy of term in the arena, valid until Finish.
  absl::string_view Intern(std::string_view term);

  // The least and greatest time and duration of a row group's rows.
  struct GroupRange {
    int64_t min_time = INT64_MAX;
    int64_t max_time = INT64_MIN;
    double min_duration = std::numeric_limits<double>::infinity();
    double max_duration = -std::numeric_limits<double>::infinity();
  };

  std::array<Postings, kIndexKeyCount> keys_;
  std::vector<GroupRange> groups_;
  std::vector<std::unique_ptr<char[]>> arena_;
  size_t arena_left_ = 0;
  char* arena_next_ = nullptr;
  uint32_t rows_ = 0;
  uint32_t rows_per_group_;
  uint32_t max_text_row_posting_;
  std::string scratch_;
};

}  // namespace vigil::index
