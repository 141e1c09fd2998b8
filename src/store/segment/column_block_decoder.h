// ColumnBlockDecoder: decodes one block (one column of one row group) into
// the matching field of Events, one row at a time, so a reader can fill each
// Event completely while it is in cache.
//
// Owns the raw (decompressed) block. Not thread-safe; one per block read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "store/segment/segment_info.h"

namespace vigil::segment {

class ColumnBlockDecoder {
 public:
  // Takes raw, the decompressed block described by `block`, of a row group of
  // `rows` rows whose first row has seq first_seq, and checks its structure.
  // A string block with dictionary codes needs the column's dictionary
  // entries (which must outlive the decoder). Corruption (without file or
  // column: the caller adds them) when malformed.
  static Result<std::unique_ptr<ColumnBlockDecoder>> Open(
      const SegmentColumnBlock& block, std::string raw, size_t rows, uint64_t first_seq,
      const std::vector<std::string_view>* dictionary);
  virtual ~ColumnBlockDecoder() = default;
  ColumnBlockDecoder(const ColumnBlockDecoder&) = delete;
  ColumnBlockDecoder& operator=(const ColumnBlockDecoder&) = delete;

  // Decodes the next row into its field of *e. false when the block is
  // malformed there; error() says how.
  virtual bool Fill(Event* e) = 0;
  // Decodes the next row and drops it.
  virtual bool Skip() = 0;
  // After every row: Corruption unless the block was consumed exactly.
  virtual Status Finish() const = 0;
  virtual Status error() const = 0;

 protected:
  explicit ColumnBlockDecoder(std::string raw) : raw_(std::move(raw)) {}
  const std::string raw_;  // decoders view into it
};

}  // namespace vigil::segment
