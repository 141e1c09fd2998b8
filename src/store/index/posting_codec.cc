#include "store/index/posting_codec.h"

#include <roaring/roaring.h>

#include "store/index/varint.h"

namespace vigil::index {
namespace {

// Calls f(member) for each member of a gap list; false when malformed
// (member ≥ limit, a gap of 0, a bad varint, fewer than 2 members).
template <typename F>
bool ForEachGapMember(std::string_view list, uint32_t limit, F&& f) {
  const char* p = list.data();
  const char* end = p + list.size();
  uint64_t member = 0;
  size_t count = 0;
  while (p < end) {
    uint64_t gap = static_cast<uint8_t>(*p);
    if (gap < 0x80) {  // most gaps are one byte
      ++p;
    } else {
      std::optional<uint64_t> v = ReadVarint35(&p, end);
      if (!v) return false;
      gap = *v;
    }
    if (count > 0 && gap == 0) return false;
    member += gap;
    if (member >= limit) return false;
    f(static_cast<uint32_t>(member));
    ++count;
  }
  return count >= 2;
}

// A gap list holds at most `limit` members of at most 5 bytes each.
uint64_t MaxGapListBytes(uint32_t limit) { return uint64_t{limit} * 5; }

}  // namespace

PostingForm PostingEncoder::Encode(std::span<const uint32_t> members, std::string* out) {
  gaps_.clear();
  uint32_t previous = 0;
  for (uint32_t m : members) {
    PutVarint(&gaps_, m - previous);
    previous = m;
  }
  // A Roaring bitmap spends 2 bytes a member in sparse containers (more in
  // its headers): it can only win when gaps are long (3-byte varints) or the
  // members are dense enough for bitmap or run containers.
  size_t best = gaps_.size();
  PostingForm form = PostingForm::kGapList;
  roaring_.clear();
  if (gaps_.size() > 2 * members.size() + 8 || members.size() >= 4096) {
    Bitmap r(members.size(), members.data());
    r.runOptimize();
    const size_t size = r.getSizeInBytes(/*portable=*/true);
    if (size < best) {
      roaring_.resize(size);
      r.write(roaring_.data(), /*portable=*/true);
      best = size;
      form = PostingForm::kRoaring;
    }
  }
  if (gaps_.size() >= kMinCompressedBytes) {
    frame_.clear();
    if (packer_->Pack(gaps_, &frame_) && frame_.size() * 4 < best * 3) {
      out->append(frame_);
      return PostingForm::kZstdGapList;
    }
  }
  out->append(form == PostingForm::kGapList ? gaps_ : roaring_);
  return form;
}

bool DecodePosting(PostingForm form, std::string_view bytes, uint32_t limit,
                   std::vector<uint32_t>* scratch, std::string* unpacked, Bitmap* out) {
  switch (form) {
    case PostingForm::kRoaring:
      if (roaring_bitmap_portable_deserialize_size(bytes.data(), bytes.size()) != bytes.size()) {
        return false;
      }
      *out |= Bitmap::readSafe(bytes.data(), bytes.size());
      return true;
    case PostingForm::kZstdGapList:
      if (!UnpackZstd(bytes, ZstdContentSize(bytes), MaxGapListBytes(limit), unpacked)) {
        return false;
      }
      bytes = *unpacked;
      [[fallthrough]];
    case PostingForm::kGapList: {
      scratch->clear();
      if (!ForEachGapMember(bytes, limit, [&](uint32_t m) { scratch->push_back(m); })) {
        return false;
      }
      out->addMany(scratch->size(), scratch->data());
      return true;
    }
    case PostingForm::kOneMember:
      break;
  }
  return false;
}

std::optional<uint64_t> CountPosting(PostingForm form, std::string_view bytes, uint32_t limit,
                                     std::string* unpacked) {
  switch (form) {
    case PostingForm::kRoaring:
      if (roaring_bitmap_portable_deserialize_size(bytes.data(), bytes.size()) != bytes.size()) {
        return std::nullopt;
      }
      return Bitmap::readSafe(bytes.data(), bytes.size()).cardinality();
    case PostingForm::kZstdGapList:
      if (!UnpackZstd(bytes, ZstdContentSize(bytes), MaxGapListBytes(limit), unpacked)) {
        return std::nullopt;
      }
      bytes = *unpacked;
      [[fallthrough]];
    case PostingForm::kGapList: {
      uint64_t n = 0;
      if (!ForEachGapMember(bytes, limit, [&](uint32_t) { ++n; })) return std::nullopt;
      return n;
    }
    case PostingForm::kOneMember:
      break;
  }
  return std::nullopt;
}

bool PostingWellFormed(PostingForm form, std::string_view bytes, uint32_t limit,
                       std::string* unpacked) {
  switch (form) {
    case PostingForm::kRoaring:
      return roaring_bitmap_portable_deserialize_size(bytes.data(), bytes.size()) == bytes.size();
    case PostingForm::kZstdGapList:
      if (!UnpackZstd(bytes, ZstdContentSize(bytes), MaxGapListBytes(limit), unpacked)) {
        return false;
      }
      bytes = *unpacked;
      [[fallthrough]];
    case PostingForm::kGapList:
      return ForEachGapMember(bytes, limit, [](uint32_t) {});
    case PostingForm::kOneMember:
      break;
  }
  return false;
}

}  // namespace vigil::index
