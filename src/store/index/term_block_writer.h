// TermBlockWriter: one block of a key's section (segment_index_format.h):
// up to kBlockTerms sorted terms, front-coded, their postings' forms and
// one-member postings in packed columns (zstd-compressed when that is
// smaller), the other postings after them. Not thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "store/index/posting_codec.h"
#include "store/index/zstd_codec.h"

namespace vigil::index {

class TermBlockWriter {
 public:
  // packer: used, not owned; outlives the writer.
  explicit TermBlockWriter(ZstdPacker* packer) : packer_(packer), postings_encoder_(packer) {}

  // Adds the block's next term (greater than the one before; the bytes must
  // stay valid until Finish) and its posting: members ascending, at least
  // one; rows, or row groups when `groups`.
  void Add(std::string_view term, std::span<const uint32_t> members, bool groups);
  uint32_t terms() const { return terms_; }

  // Appends the block to *out; the writer is empty again.
  void Finish(std::string* out);

 private:
  ZstdPacker* packer_;
  PostingEncoder postings_encoder_;
  std::string_view first_, previous_;
  uint32_t terms_ = 0;
  int64_t previous_member_ = 0;
  // The packed columns, then the postings.
  std::string shared_, suffix_lens_, infos_, members_, suffixes_, postings_, packed_;
};

}  // namespace vigil::index
