// Resource blocks, encoding 6 "resource lists" (docs/format/segment.md):
//   count[rows]:varint            resources of each row (0 for none)
//   types, ids, names             three plain string sections (len[n]:varint
//                                 then bytes), n = the sum of the counts, in
//                                 row order and list order
// Splitting the fields keeps alike bytes together for zstd.
//
// The encoder is a pure function; the decoder is a cursor over one block
// (not thread-safe, cheap).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "store/segment/byte_reader.h"
#include "store/segment/string_column.h"

namespace vigil::segment {

// One span per row (a row's resources, possibly none). Replaces *raw.
void EncodeResourceColumn(std::span<const std::span<const ResourceRef>> rows, std::string* raw);

class ResourceBlockDecoder {
 public:
  // Checks the whole block: counts and the three sections consume it exactly.
  Status Open(std::string_view raw, size_t rows);
  // The next row's resources (replacing *value). Precondition: Open succeeded
  // and fewer than `rows` calls so far; cannot fail.
  void Next(std::vector<ResourceRef>* value);
  // Advances past the next row.
  void Skip();

 private:
  ByteReader counts_{{}};
  PlainStringSection types_;
  PlainStringSection ids_;
  PlainStringSection names_;
};

// Decodes a whole block (for tests).
Status DecodeResourceColumn(std::string_view raw, size_t rows,
                            std::vector<std::vector<ResourceRef>>* values);

}  // namespace vigil::segment
