// StringDictionaryBuilder: collects the distinct values of one string column
// over a whole segment, for the column's dictionary block (encoding 8) and
// its rows' codes (encoding 2). Writer-side; not thread-safe.
//
// Copies each distinct value once into its own arena (compares then stay in
// cache instead of reaching into scattered Events); entries() views it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::segment {

class StringDictionaryBuilder {
 public:
  StringDictionaryBuilder();

  // Adds the next row's value. No-op once abandoned().
  void Add(std::string_view v);

  // Called between batches of rows (the writer calls it after each row
  // group): abandons the dictionary when, for the rows so far, entries plus
  // codes are not smaller than plain encoding. A writer heuristic: columns of
  // unique values (ids) stop costing hash work after the first group.
  void Checkpoint();
  bool abandoned() const { return abandoned_; }

  // After every row was added: unless abandoned, sorts the entries and
  // computes the exact size of dictionary block + codes. Returns true when
  // that is strictly smaller than plain, i.e. the column should use it.
  bool Finish();

  // After Finish returned true: the entries, sorted bytewise, strictly
  // ascending; the views live as long as the builder.
  const std::vector<std::string_view>& entries() const { return sorted_; }
  // After Finish returned true: the codes of rows [begin, begin + n).
  void Codes(size_t begin, size_t n, std::vector<uint32_t>* codes) const;

 private:
  void Grow();
  void Abandon();
  std::string_view Distinct(size_t i) const {
    const size_t begin = i == 0 ? 0 : distinct_ends_[i - 1];
    return std::string_view(arena_).substr(begin, distinct_ends_[i] - begin);
  }

  static constexpr uint32_t kNoCode = UINT32_MAX;

  bool abandoned_ = false;
  uint32_t empty_code_ = kNoCode;  // the first-seen code of "", once seen
  size_t plain_size_ = 0;          // of the rows so far
  size_t entry_bytes_ = 0;         // lengths and bytes of the entries so far
  size_t code_bytes_ = 0;          // of the rows so far, numbered by first appearance
  // Open addressing, linear probing. A slot is 0 (empty) or
  // (tag << 32) | (first-seen index + 1), tag = the high 32 bits of the hash:
  // it picks the home slot and spares most string compares. Tables stay
  // below 2^32 slots (a segment has at most 2^24 rows).
  std::vector<uint64_t> slots_;
  std::string arena_;                  // the distinct values, concatenated
  std::vector<size_t> distinct_ends_;  // end of each distinct value in arena_, by first appearance
  std::vector<uint32_t> first_seen_codes_;  // per row
  std::vector<std::string_view> sorted_;
  std::vector<uint32_t> rank_;  // first-seen index -> sorted index
};

}  // namespace vigil::segment
