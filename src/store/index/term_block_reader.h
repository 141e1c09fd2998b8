// TermBlockReader: walks one block of a key's section
// (segment_index_format.h), entry by entry, after unpacking its columns.
// Each lookup uses its own reader; not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/index/segment_index_format.h"

namespace vigil::index {

class TermBlockReader {
 public:
  // The first term of block (the block's bytes from its start), read
  // without unpacking anything: what the binary search compares. nullopt
  // when it is malformed.
  static std::optional<std::string_view> FirstTerm(std::string_view block);

  // Opens block (exactly its bytes) of n ≥ 1 terms: unpacks the columns and
  // checks that they and the postings add up to the block's size. false
  // when they do not.
  bool Open(std::string_view block, uint32_t n);

  // The next entry; false after the n-th or when it is malformed
  // (malformed() then).
  bool Next();
  bool malformed() const { return malformed_; }

  // The current entry. posting() is a view into the block (for forms other
  // than kOneMember); member() the member of a kOneMember posting.
  const std::string& term() const { return term_; }
  PostingForm form() const { return form_; }
  bool groups() const { return groups_; }
  uint32_t member() const { return static_cast<uint32_t>(member_); }
  std::string_view posting() const { return posting_; }

 private:
  bool Fail() {
    malformed_ = true;
    return false;
  }

  std::string unpacked_;  // the packed columns, when the block stores a frame
  // The columns' read positions (segment_index_format.h "packed").
  const char* shared_ = nullptr;
  const char* suffix_lens_ = nullptr;
  const char* infos_ = nullptr;
  const char* members_ = nullptr;
  const char* suffixes_ = nullptr;
  const char* packed_end_ = nullptr;
  const char* postings_ = nullptr;
  const char* postings_end_ = nullptr;
  std::string_view first_;
  uint32_t terms_ = 0;
  uint32_t next_ = 0;
  bool malformed_ = false;

  std::string term_;
  PostingForm form_ = PostingForm::kOneMember;
  bool groups_ = false;
  int64_t member_ = 0;
  std::string_view posting_;
};

}  // namespace vigil::index
