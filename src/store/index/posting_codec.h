// A term's posting (segment_index_format.h PostingForm): the members (rows
// or row groups, ascending) encoded in the smallest form, and decoded back.
#pragma once

#include <cstdint>
#include <optional>
#include <roaring/roaring.hh>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/index/segment_index_format.h"
#include "store/index/zstd_codec.h"

namespace vigil::index {

// A set of rows (CRoaring's C++ class; Debian's 0.2 puts it in the global
// namespace).
using Bitmap = ::Roaring;

// Chooses and writes postings of two or more members. Not thread-safe; uses
// (does not own) a packer that outlives it.
class PostingEncoder {
 public:
  // A gap list of fewer bytes is not compressed: zstd's frame header and
  // Huffman table leave too little of the gain on short lists to reach 3/4
  // (measured on `vigil gen` data), and trying costs build time.
  static constexpr size_t kMinCompressedBytes = 512;

  explicit PostingEncoder(ZstdPacker* packer) : packer_(packer) {}

  // Appends the posting of members (ascending, distinct, at least 2) to
  // *out and returns its form: the smallest of kGapList and kRoaring, or
  // kZstdGapList when that is under 3/4 of both (unpacking costs more than
  // reading either).
  PostingForm Encode(std::span<const uint32_t> members, std::string* out);

 private:
  ZstdPacker* packer_;
  std::string gaps_;
  std::string frame_;
  std::string roaring_;
};

// Adds the members of a posting of form kGapList, kRoaring or kZstdGapList
// to *out. false when it is malformed: it does not decode exactly, its
// members do not ascend, or (except for kRoaring, whose members are not
// read) one is ≥ limit; *out may then hold some of them. scratch is reused
// between calls.
bool DecodePosting(PostingForm form, std::string_view bytes, uint32_t limit,
                   std::vector<uint32_t>* scratch, std::string* unpacked, Bitmap* out);

// How many members a posting of form kGapList, kRoaring or kZstdGapList
// has, without building a bitmap of them (facet counts); nullopt when it is
// malformed as DecodePosting says.
std::optional<uint64_t> CountPosting(PostingForm form, std::string_view bytes, uint32_t limit,
                                     std::string* unpacked);

// The same checks without building a bitmap (the file's checks on open);
// a kRoaring posting must be exactly one serialized bitmap.
bool PostingWellFormed(PostingForm form, std::string_view bytes, uint32_t limit,
                       std::string* unpacked);

}  // namespace vigil::index
