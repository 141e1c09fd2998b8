#include "store/index/term_block_reader.h"

#include "store/index/varint.h"
#include "store/index/zstd_codec.h"

namespace vigil::index {
namespace {

// Reads a length-prefixed string at *p; nullopt when it overruns end.
std::optional<std::string_view> ReadString(const char** p, const char* end) {
  std::optional<uint32_t> size = ReadVarint(p, end);
  if (!size || *size > static_cast<size_t>(end - *p)) return std::nullopt;
  const std::string_view s(*p, *size);
  *p += *size;
  return s;
}

}  // namespace

std::optional<std::string_view> TermBlockReader::FirstTerm(std::string_view block) {
  const char* p = block.data();
  return ReadString(&p, block.data() + block.size());
}

bool TermBlockReader::Open(std::string_view block, uint32_t n) {
  malformed_ = false;
  if (n == 0) return Fail();
  terms_ = n;
  next_ = 0;
  member_ = 0;
  const char* p = block.data();
  const char* const end = block.data() + block.size();
  std::optional<std::string_view> first = ReadString(&p, end);
  std::optional<uint64_t> packed_size = first ? ReadVarint35(&p, end) : std::nullopt;
  std::optional<uint64_t> stored_size = packed_size ? ReadVarint35(&p, end) : std::nullopt;
  if (!stored_size || *stored_size > *packed_size ||
      *stored_size > static_cast<uint64_t>(end - p)) {
    return Fail();
  }
  first_ = *first;
  const std::string_view stored(p, *stored_size);
  postings_ = p + *stored_size;
  postings_end_ = end;
  const char* q = stored.data();
  if (*stored_size < *packed_size) {
    if (!UnpackZstd(stored, *packed_size, kMaxPackedBytes, &unpacked_)) return Fail();
    q = unpacked_.data();
  }
  packed_end_ = q + *packed_size;
  // Find where each column starts, checking every varint on the way.
  auto skip = [&](uint32_t count, uint64_t* sum) {
    for (uint32_t i = 0; i < count; ++i) {
      std::optional<uint32_t> v = ReadVarint(&q, packed_end_);
      if (!v) return false;
      if (sum != nullptr) *sum += *v;
    }
    return true;
  };
  uint64_t suffix_bytes = 0, posting_bytes = 0;
  uint32_t one_member = 0;
  shared_ = q;
  if (!skip(n - 1, nullptr)) return Fail();
  suffix_lens_ = q;
  if (!skip(n - 1, &suffix_bytes)) return Fail();
  infos_ = q;
  for (uint32_t i = 0; i < n; ++i) {
    std::optional<uint32_t> info = ReadVarint(&q, packed_end_);
    if (!info) return Fail();
    const uint32_t len = *info >> 3;
    // A one-member posting has no bytes; the others have some.
    if (static_cast<PostingForm>(*info >> 1 & 3) == PostingForm::kOneMember) {
      if (len != 0) return Fail();
      ++one_member;
    } else if (len == 0) {
      return Fail();
    }
    posting_bytes += len;
  }
  members_ = q;
  for (uint32_t i = 0; i < one_member; ++i) {
    if (!ReadVarint35(&q, packed_end_)) return Fail();
  }
  suffixes_ = q;
  if (static_cast<uint64_t>(packed_end_ - q) != suffix_bytes ||
      static_cast<uint64_t>(postings_end_ - postings_) != posting_bytes) {
    return Fail();
  }
  return true;
}

bool TermBlockReader::Next() {
  if (malformed_ || next_ == terms_) return false;
  if (next_++ == 0) {
    term_.assign(first_);
  } else {
    // Open checked that these varints and the suffixes are in bounds.
    const uint32_t shared = ReadVarint(&shared_, packed_end_).value_or(0);
    const uint32_t suffix = ReadVarint(&suffix_lens_, packed_end_).value_or(0);
    if (shared > term_.size()) return Fail();
    term_.resize(shared);
    term_.append(suffixes_, suffix);
    suffixes_ += suffix;
  }
  const uint32_t info = ReadVarint(&infos_, packed_end_).value_or(0);
  groups_ = (info & 1) != 0;
  form_ = static_cast<PostingForm>(info >> 1 & 3);
  if (form_ == PostingForm::kOneMember) {
    member_ += UnZigZag(ReadVarint35(&members_, packed_end_).value_or(0));
    if (member_ < 0 || member_ > UINT32_MAX) return Fail();
    posting_ = {};
  } else {
    posting_ = std::string_view(postings_, info >> 3);
    postings_ += info >> 3;
  }
  return true;
}

}  // namespace vigil::index
