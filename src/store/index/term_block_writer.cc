#include "store/index/term_block_writer.h"

#include <algorithm>

#include "store/index/varint.h"

namespace vigil::index {
namespace {

// Fewer packed bytes are stored as they are: a zstd frame's header and
// tables cost more than compression could save.
constexpr size_t kMinPackedBytes = 32;

}  // namespace

void TermBlockWriter::Add(std::string_view term, std::span<const uint32_t> members, bool groups) {
  if (terms_++ == 0) {
    first_ = term;
  } else {
    size_t shared = 0;
    const size_t most = std::min(previous_.size(), term.size());
    while (shared < most && previous_[shared] == term[shared]) ++shared;
    PutVarint(&shared_, shared);
    PutVarint(&suffix_lens_, term.size() - shared);
    suffixes_.append(term.substr(shared));
  }
  previous_ = term;
  const uint64_t group_bit = groups ? 1 : 0;
  if (members.size() == 1) {
    PutVarint(&infos_, static_cast<uint64_t>(PostingForm::kOneMember) << 1 | group_bit);
    PutVarint(&members_, ZigZag(int64_t{members[0]} - previous_member_));
    previous_member_ = members[0];
    return;
  }
  const size_t at = postings_.size();
  const PostingForm form = postings_encoder_.Encode(members, &postings_);
  PutVarint(&infos_,
            uint64_t{postings_.size() - at} << 3 | static_cast<uint64_t>(form) << 1 | group_bit);
}

void TermBlockWriter::Finish(std::string* out) {
  PutVarint(out, first_.size());
  out->append(first_);
  packed_.clear();
  packed_.append(shared_).append(suffix_lens_).append(infos_).append(members_).append(suffixes_);
  PutVarint(out, packed_.size());
  // The stored size, then the stored bytes: the frame when it is smaller.
  std::string& frame = shared_;  // free now: reused as the frame's buffer
  frame.clear();
  if (packed_.size() >= kMinPackedBytes && packer_->Pack(packed_, &frame)) {
    PutVarint(out, frame.size());
    out->append(frame);
  } else {
    PutVarint(out, packed_.size());
    out->append(packed_);
  }
  out->append(postings_);
  first_ = previous_ = {};
  terms_ = 0;
  previous_member_ = 0;
  for (std::string* s : {&shared_, &suffix_lens_, &infos_, &members_, &suffixes_, &postings_}) {
    s->clear();
  }
}

}  // namespace vigil::index
