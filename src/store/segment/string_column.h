// String blocks (docs/format/segment.md, encodings 1 and 2).
//
//   plain (1):      len[rows]:varint  bytes
//   dictionary (2): count:varint  len[count]:varint  bytes  code[rows]:varint
//                   (the distinct values sorted bytewise, strictly ascending;
//                   code is a row's index into them)
//
// Encoders are pure functions; decoders are cursors over one block (not
// thread-safe, cheap). Views returned by a decoder point into the raw block,
// which must outlive them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/segment/byte_reader.h"
#include "store/segment/segment_format.h"

namespace vigil::segment {

// Replaces *raw with the values (one per row), dictionary encoded when that
// is strictly smaller than plain, else plain. Returns the encoding used.
ColumnEncoding EncodeStringColumn(std::span<const std::string_view> values, std::string* raw);

// The two encodings, forced. Plain appends (it is also a section of other blocks).
void AppendPlainStrings(std::span<const std::string_view> values, std::string* raw);
void EncodeDictionaryStrings(std::span<const std::string_view> values, std::string* raw);

// n strings as len[n]:varint then their bytes: a plain block, and each of the
// string sections of a resource block.
class PlainStringSection {
 public:
  // Parses the n lengths at the start of data. Corruption (naming the byte
  // offset within data, plus base) when they are truncated or the bytes do
  // not fit.
  Status Open(std::string_view data, size_t n, size_t base = 0);
  // Bytes of data the section spans (lengths and strings).
  size_t size() const { return size_; }
  // The next string. Precondition: Open succeeded and fewer than n calls so far.
  std::string_view Next() {
    uint64_t len = 0;
    (void)lengths_.ReadVarint64(&len);  // validated by Open
    std::string_view v(bytes_, static_cast<size_t>(len));
    bytes_ += len;
    return v;
  }

 private:
  ByteReader lengths_{{}};
  const char* bytes_ = nullptr;
  size_t size_ = 0;
};

// Decodes a string block row by row.
class StringBlockDecoder {
 public:
  // Checks the block's structure (plain: entirely; dictionary: the dictionary).
  Status Open(ColumnEncoding encoding, std::string_view raw, size_t rows);
  // The next row's value; false when the block is malformed there (error() says how).
  bool Next(std::string_view* value) {
    if (!dictionary_mode_) {
      *value = plain_.Next();
      return true;
    }
    uint64_t code = 0;
    if (!codes_.ReadVarint64(&code)) return Fail("truncated code");
    if (code >= dictionary_.size()) return Fail("code outside the dictionary");
    *value = dictionary_[static_cast<size_t>(code)];
    return true;
  }
  // After all rows: Corruption unless the block was consumed exactly.
  Status Finish() const;
  const Status& error() const { return error_; }

 private:
  bool Fail(const char* what);

  bool dictionary_mode_ = false;
  PlainStringSection plain_;
  std::vector<std::string_view> dictionary_;
  ByteReader codes_{{}};
  size_t codes_start_ = 0;
  Status error_;
};

// Decodes a whole block into views of raw (for tests and column scans).
Status DecodeStringColumn(ColumnEncoding encoding, std::string_view raw, size_t rows,
                          std::vector<std::string_view>* values);

}  // namespace vigil::segment
