#include "store/index/segment_index_builder.h"

#include <zlib.h>

#include <algorithm>
#include <bit>

#include "store/index/segment_index.h"
#include "store/index/segment_index_format.h"

namespace vigil::index {
namespace {

void PutFixed32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}
void PutVarint(std::string* out, uint64_t v) {
  for (; v >= 0x80; v >>= 7) out->push_back(static_cast<char>((v & 0x7F) | 0x80));
  out->push_back(static_cast<char>(v));
}
void PutFixed64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}
void SetFixed64(std::string* out, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) (*out)[at + i] = static_cast<char>(v >> (8 * i));
}

}  // namespace

absl::string_view SegmentIndexBuilder::Intern(std::string_view term) {
  constexpr size_t kBlock = 256 * 1024;
  if (term.size() > arena_left_) {
    const size_t size = std::max(kBlock, term.size());
    arena_.push_back(std::make_unique<char[]>(size));
    arena_next_ = arena_.back().get();
    arena_left_ = size;
  }
  char* at = arena_next_;
  std::copy(term.begin(), term.end(), at);
  arena_next_ += term.size();
  arena_left_ -= term.size();
  return absl::string_view(at, term.size());
}

void SegmentIndexBuilder::Add(const Event& e) {
  const uint32_t row = rows_++;
  if (row % rows_per_group_ == 0) groups_.emplace_back();
  GroupRange& g = groups_.back();
  g.min_time = std::min(g.min_time, e.time_ms);
  g.max_time = std::max(g.max_time, e.time_ms);
  if (e.context.duration_ms) {
    g.min_duration = std::min(g.min_duration, *e.context.duration_ms);
    g.max_duration = std::max(g.max_duration, *e.context.duration_ms);
  }
  ForEachIndexTerm(e, scratch_, [&](IndexKey k, std::string_view term) {
    Postings& postings = keys_[static_cast<size_t>(k)];
    auto it = postings.find(absl::string_view(term.data(), term.size()));
    if (it == postings.end()) {
      postings.try_emplace(Intern(term), Rows{row, {}});
      return;
    }
    Rows& rows = it->second;
    if (rows.last() != row) rows.more.push_back(row);
  });
}

std::string SegmentIndexBuilder::Finish() {
  std::string out(kMagic);
  PutFixed32(&out, kFormatVersion);
  PutFixed32(&out, 0);  // flags
  PutFixed32(&out, rows_);
  PutFixed32(&out, rows_per_group_);
  PutFixed32(&out, static_cast<uint32_t>(kIndexKeyCount));
  const size_t table_at = out.size();
  out.resize(out.size() + kIndexKeyCount * kKeyEntrySize);
  for (const GroupRange& g : groups_) {
    PutFixed64(&out, static_cast<uint64_t>(g.min_time));
    PutFixed64(&out, static_cast<uint64_t>(g.max_time));
    PutFixed64(&out, std::bit_cast<uint64_t>(g.min_duration));
    PutFixed64(&out, std::bit_cast<uint64_t>(g.max_duration));
  }
  std::string entries, block_offsets, posting;
  std::vector<uint32_t> members;
  for (size_t k = 0; k < kIndexKeyCount; ++k) {
    std::vector<std::pair<std::string_view, const Rows*>> sorted;
    sorted.reserve(keys_[k].size());
    for (const auto& [term, rows] : keys_[k]) {
      sorted.emplace_back(std::string_view(term.data(), term.size()), &rows);
    }
    std::sort(sorted.begin(), sorted.end());
    const size_t section_at = out.size();
    entries.clear();
    block_offsets.clear();
    std::string_view previous;
    for (size_t i = 0; i < sorted.size(); ++i) {
      const auto& [term, rows] = sorted[i];
      // Front coding: each block's first term whole, the others as the
      // length shared with the term before and the rest.
      size_t shared = 0;
      if (i % kBlockTerms == 0) {
        PutFixed32(&block_offsets, static_cast<uint32_t>(entries.size()));
      } else {
        while (shared < previous.size() && shared < term.size() &&
               previous[shared] == term[shared]) {
          ++shared;
        }
      }
      PutVarint(&entries, shared);
      PutVarint(&entries, term.size() - shared);
      entries.append(term.substr(shared));
      previous = term;
      // Rows, except for a frequent token: its row groups (see the header).
      const bool groups = k == static_cast<size_t>(IndexKey::kText) &&
                          rows->more.size() + 1 > max_text_row_posting_;
      members.clear();
      auto add = [&](uint32_t row) {
        const uint32_t m = groups ? row / rows_per_group_ : row;
        if (members.empty() || members.back() != m) members.push_back(m);
      };
      add(rows->first);
      for (uint32_t row : rows->more) add(row);
      posting.clear();
      if (members.size() == 1) {  // inline: a varint instead of a bitmap
        PutVarint(&posting, members.front());
      } else {
        Bitmap r(members.size(), members.data());
        r.runOptimize();
        posting.resize(r.getSizeInBytes(/*portable=*/true));
        r.write(posting.data(), /*portable=*/true);
      }
      PutVarint(&entries, uint64_t{posting.size()} << 1 | (groups ? 1 : 0));
      entries += posting;
    }
    PutFixed32(&block_offsets, static_cast<uint32_t>(entries.size()));
    out += block_offsets;
    out += entries;
    const size_t e = table_at + k * kKeyEntrySize;
    out[e] = static_cast<char>(k);
    out[e + 1] = out[e + 2] = out[e + 3] = '\0';
    for (int i = 0; i < 4; ++i) out[e + 4 + i] = static_cast<char>(sorted.size() >> (8 * i));
    SetFixed64(&out, e + 8, section_at);
    SetFixed64(&out, e + 16, out.size() - section_at);
  }
  PutFixed32(&out, static_cast<uint32_t>(
                       crc32(0, reinterpret_cast<const Bytef*>(out.data()), out.size())));
  out.append(kMagic);
  for (Postings& p : keys_) p.clear();
  arena_.clear();
  arena_left_ = 0;
  arena_next_ = nullptr;
  rows_ = 0;
  groups_.clear();
  return out;
}

}  // namespace vigil::index
