// String columns (docs/format/segment.md, encodings 1, 2 and 8).
//
//   plain (1), a row group's block:       len[rows]:varint  bytes
//   dictionary (8), the column's dictionary block, one per segment:
//                                         count:varint  len[count]:varint  bytes
//                                         (distinct values, sorted bytewise,
//                                         strictly ascending)
//   dictionary codes (2), a row group's block:  code[rows]:varint (< count)
//
// Encoders are pure functions; decoders are cursors (not thread-safe, cheap).
// Views returned by decoders point into the raw blocks, which must outlive them.
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

// Appends n strings as len[n]:varint then their bytes (a plain block, a
// dictionary's entries, and each string section of a resource block).
void AppendPlainStrings(std::span<const std::string_view> values, std::string* raw);
// Replaces *raw with a dictionary block of entries (sorted, distinct).
void EncodeStringDictionary(std::span<const std::string_view> entries, std::string* raw);
// Replaces *raw with a codes block.
void EncodeDictionaryCodes(std::span<const uint32_t> codes, std::string* raw);

// n strings as laid out by AppendPlainStrings.
class PlainStringSection {
 public:
  // Parses the n lengths at the start of data. Corruption (naming the byte
  // offset, data starting at raw byte `base`) when they are truncated or the
  // bytes do not fit.
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

// Parses a dictionary block (encoding 8) of a segment of `rows` rows into
// views of raw. Corruption when malformed, empty, larger than rows, or not
// strictly ascending.
Status DecodeStringDictionary(std::string_view raw, uint64_t rows,
                              std::vector<std::string_view>* entries);

// Decodes a row group's string block row by row.
class StringBlockDecoder {
 public:
  // encoding 1: checks the whole block. encoding 2: dictionary holds the
  // column's entries (it must outlive the decoder); checks the block's size.
  Status Open(ColumnEncoding encoding, std::string_view raw, size_t rows,
              const std::vector<std::string_view>* dictionary);
  // The next row's value; false when the block is malformed there (error()).
  bool Next(std::string_view* value) {
    if (dictionary_ == nullptr) {
      *value = plain_.Next();
      return true;
    }
    uint64_t code = 0;
    if (!codes_.ReadVarint64(&code)) return Fail("truncated code");
    if (code >= dictionary_->size()) return Fail("code outside the dictionary");
    *value = (*dictionary_)[static_cast<size_t>(code)];
    return true;
  }
  // After all rows: Corruption unless the block was consumed exactly.
  Status Finish() const;
  const Status& error() const { return error_; }

 private:
  bool Fail(const char* what);

  const std::vector<std::string_view>* dictionary_ = nullptr;
  PlainStringSection plain_;
  ByteReader codes_{{}};
  Status error_;
};

// Decodes a whole block into views (for tests and column scans).
Status DecodeStringColumn(ColumnEncoding encoding, std::string_view raw, size_t rows,
                          const std::vector<std::string_view>* dictionary,
                          std::vector<std::string_view>* values);

}  // namespace vigil::segment
