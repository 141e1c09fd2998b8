#include "store/segment/string_dictionary_builder.h"

#include <absl/hash/hash.h>

#include <algorithm>
#include <functional>
#include <numeric>

#include "store/segment/coding.h"

namespace vigil::segment {

StringDictionaryBuilder::StringDictionaryBuilder() : slots_(256, 0) {}

void StringDictionaryBuilder::Add(std::string_view v) {
  if (abandoned_) return;
  plain_size_ += VarintLength(v.size()) + v.size();
  uint32_t code;
  if (v.empty() && empty_code_ != kNoCode) {
    code = empty_code_;  // absent optional fields: common, and not worth a hash
  } else {
    const uint64_t tag = absl::HashOf(absl::string_view(v.data(), v.size())) >> 32;
    const size_t mask = slots_.size() - 1;
    size_t i = tag & mask;
    while (slots_[i] != 0 &&
           ((slots_[i] >> 32) != tag || Distinct((slots_[i] & 0xffffffff) - 1) != v)) {
      i = (i + 1) & mask;
    }
    if (slots_[i] != 0) {
      code = static_cast<uint32_t>((slots_[i] & 0xffffffff) - 1);
    } else {
      code = static_cast<uint32_t>(distinct_ends_.size());
      if (v.empty()) empty_code_ = code;
      slots_[i] = (tag << 32) | (code + 1);
      arena_.append(v);
      distinct_ends_.push_back(arena_.size());
      entry_bytes_ += VarintLength(v.size()) + v.size();
      if (distinct_ends_.size() * 2 > slots_.size()) Grow();
    }
  }
  code_bytes_ += VarintLength(code);
  first_seen_codes_.push_back(code);
}

void StringDictionaryBuilder::Grow() {
  std::vector<uint64_t> slots(slots_.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (uint64_t s : slots_) {
    if (s == 0) continue;
    size_t i = (s >> 32) & mask;  // the position comes from the tag: no rehashing
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = s;
  }
  slots_.swap(slots);
}

void StringDictionaryBuilder::Abandon() {
  abandoned_ = true;
  slots_ = {};
  arena_ = {};
  distinct_ends_ = {};
  first_seen_codes_ = {};
}

void StringDictionaryBuilder::Checkpoint() {
  if (!abandoned_ &&
      VarintLength(distinct_ends_.size()) + entry_bytes_ + code_bytes_ >= plain_size_) {
    Abandon();
  }
}

bool StringDictionaryBuilder::Finish() {
  if (abandoned_) return false;
  slots_ = {};
  std::vector<uint32_t> order(distinct_ends_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return Distinct(a) < Distinct(b); });
  rank_.resize(order.size());
  sorted_.resize(order.size());
  for (uint32_t i = 0; i < order.size(); ++i) {
    rank_[order[i]] = i;
    sorted_[i] = Distinct(order[i]);
  }
  size_t size = VarintLength(sorted_.size()) + entry_bytes_;
  for (uint32_t c : first_seen_codes_) size += VarintLength(rank_[c]);
  if (size >= plain_size_) {
    Abandon();
    return false;
  }
  return true;
}

void StringDictionaryBuilder::Codes(size_t begin, size_t n, std::vector<uint32_t>* codes) const {
  codes->resize(n);
  for (size_t i = 0; i < n; ++i) (*codes)[i] = rank_[first_seen_codes_[begin + i]];
}

}  // namespace vigil::segment
