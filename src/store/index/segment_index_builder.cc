#include "store/index/segment_index_builder.h"

#include <zlib.h>

#include <algorithm>

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
void SetFixed64(std::string* out, size_t at, uint64_t v) {
  for (int i = 0; i < 8; ++i) (*out)[at + i] = static_cast<char>(v >> (8 * i));
}

}  // namespace

void SegmentIndexBuilder::Add(const Event& e) {
  const uint32_t row = rows_++;
  ForEachIndexTerm(e, scratch_, [&](IndexKey k, std::string_view term) {
    Postings& postings = keys_[static_cast<size_t>(k)];
    // absl's own string_view (Debian's abseil is not built on std's): a
    // lookup that allocates only for a new term.
    auto it = postings.find(absl::string_view(term.data(), term.size()));
    if (it == postings.end()) it = postings.try_emplace(std::string(term)).first;
    std::vector<uint32_t>& rows = it->second;
    if (rows.empty() || rows.back() != row) rows.push_back(row);
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
  std::string entries, block_offsets, posting;
  std::vector<uint32_t> groups;
  for (size_t k = 0; k < kIndexKeyCount; ++k) {
    const Granularity granularity = uint64_t{keys_[k].size()} * kRowKeyTermsPerRow <= rows_
                                        ? Granularity::kRows
                                        : Granularity::kGroups;
    std::vector<std::pair<std::string_view, const std::vector<uint32_t>*>> sorted;
    sorted.reserve(keys_[k].size());
    for (const auto& [term, rows] : keys_[k]) sorted.emplace_back(term, &rows);
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
      const std::vector<uint32_t>* members = rows;
      if (granularity == Granularity::kGroups) {
        groups.clear();
        for (uint32_t row : *rows) {
          const uint32_t g = row / rows_per_group_;
          if (groups.empty() || groups.back() != g) groups.push_back(g);
        }
        members = &groups;
      }
      posting.clear();
      if (members->size() == 1) {  // inline: a varint instead of a bitmap
        PutVarint(&posting, members->front());
      } else {
        Bitmap r(members->size(), members->data());
        r.runOptimize();
        posting.resize(r.getSizeInBytes(/*portable=*/true));
        r.write(posting.data(), /*portable=*/true);
      }
      PutVarint(&entries, posting.size());
      entries += posting;
    }
    PutFixed32(&block_offsets, static_cast<uint32_t>(entries.size()));
    out += block_offsets;
    out += entries;
    const size_t e = table_at + k * kKeyEntrySize;
    out[e] = static_cast<char>(k);
    out[e + 1] = static_cast<char>(granularity);
    out[e + 2] = out[e + 3] = '\0';
    for (int i = 0; i < 4; ++i) out[e + 4 + i] = static_cast<char>(sorted.size() >> (8 * i));
    SetFixed64(&out, e + 8, section_at);
    SetFixed64(&out, e + 16, out.size() - section_at);
  }
  PutFixed32(&out, static_cast<uint32_t>(
                       crc32(0, reinterpret_cast<const Bytef*>(out.data()), out.size())));
  out.append(kMagic);
  for (Postings& p : keys_) p.clear();
  rows_ = 0;
  return out;
}

}  // namespace vigil::index
