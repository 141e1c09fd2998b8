// NdjsonReader: splits a byte stream into lines (LF or CRLF), in bounded
// memory whatever the input: a line longer than the limit is skipped up to
// its newline and reported with its length instead of being buffered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace vigil {

struct NdjsonLine {
  uint64_t number = 0;    // 1-based
  std::string_view text;  // without the line ending; valid until the next call
  uint64_t too_long = 0;  // > 0: the line was this many bytes and text is empty
};

class NdjsonReader {
 public:
  // Reads from fd (not owned; not closed). max_line_bytes bounds the memory used.
  NdjsonReader(int fd, size_t max_line_bytes);
  NdjsonReader(const NdjsonReader&) = delete;
  NdjsonReader& operator=(const NdjsonReader&) = delete;

  // Next line; false at end of input. A final line without a newline counts.
  // IOError when the read fails.
  Result<bool> Next(NdjsonLine* line);

  uint64_t bytes_read() const { return bytes_read_; }

 private:
  Status Fill();  // reads more bytes into buf_

  int fd_;
  size_t max_line_bytes_;
  std::string buf_;
  size_t begin_ = 0;  // start of unconsumed bytes in buf_
  size_t end_ = 0;    // end of valid bytes in buf_
  bool eof_ = false;
  uint64_t line_number_ = 0;
  uint64_t bytes_read_ = 0;
};

}  // namespace vigil
