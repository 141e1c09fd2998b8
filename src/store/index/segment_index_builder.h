// SegmentIndexBuilder: the posting bitmaps of one segment's rows, built row
// by row as the segment is written, serialized once (segment_index_format.h).
// Not thread-safe; memory grows with the rows' distinct terms.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/event.h"
#include "store/index/index_key.h"

namespace vigil::index {

class SegmentIndexBuilder {
 public:
  // rows_per_group: the segment's row-group size (the unit of a
  // group-granular key). A key gets row bitmaps when it has few distinct
  // terms (at most one per kRowKeyTermsPerRow rows), group bitmaps
  // otherwise (docs/design-decisions.md "Indexes").
  static constexpr uint32_t kRowKeyTermsPerRow = 64;
  explicit SegmentIndexBuilder(uint32_t rows_per_group) : rows_per_group_(rows_per_group) {}

  // Adds e's terms for the next row (rows are numbered from 0 in call order).
  void Add(const Event& e);
  uint32_t rows() const { return rows_; }

  // The index file's bytes. The builder is empty again afterwards.
  std::string Finish();

 private:
  // term → the rows holding it, ascending, each once.
  using Postings = absl::flat_hash_map<std::string, std::vector<uint32_t>>;
  std::array<Postings, kIndexKeyCount> keys_;
  uint32_t rows_ = 0;
  uint32_t rows_per_group_;
  std::string scratch_;
};

}  // namespace vigil::index
