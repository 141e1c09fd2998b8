#include "ingest/ndjson_reader.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vigil {

NdjsonReader::NdjsonReader(int fd, size_t max_line_bytes)
    : fd_(fd), max_line_bytes_(max_line_bytes) {
  buf_.resize(std::max<size_t>(1 << 20, 2 * (max_line_bytes + 2)));
}

Status NdjsonReader::Fill() {
  if (begin_ > 0) {  // move the unconsumed tail to the front
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  while (end_ < buf_.size()) {
    ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IOError(fmt::format("reading input: {}", std::strerror(errno)));
    }
    if (n == 0) {
      eof_ = true;
      break;
    }
    end_ += static_cast<size_t>(n);
    bytes_read_ += static_cast<uint64_t>(n);
    break;  // one read at a time keeps latency low for pipes
  }
  return Status::Ok();
}

Result<bool> NdjsonReader::Next(NdjsonLine* line) {
  uint64_t skipped = 0;  // bytes of an over-long line dropped so far
  while (true) {
    const char* start = buf_.data() + begin_;
    size_t avail = end_ - begin_;
    const void* nl = std::memchr(start, '\n', avail);
    if (nl != nullptr) {
      size_t len = static_cast<size_t>(static_cast<const char*>(nl) - start);
      begin_ += len + 1;
      ++line_number_;
      line->number = line_number_;
      if (skipped > 0 || len > max_line_bytes_ + 1) {
        line->text = {};
        line->too_long = skipped + len;
        return true;
      }
      if (len > 0 && start[len - 1] == '\r') --len;
      line->text = std::string_view(start, len);
      line->too_long = 0;
      return true;
    }
    if (eof_) {
      if (avail == 0 && skipped == 0) return false;
      begin_ = end_;
      ++line_number_;
      line->number = line_number_;
      if (skipped > 0 || avail > max_line_bytes_ + 1) {
        line->text = {};
        line->too_long = skipped + avail;
        return true;
      }
      if (avail > 0 && start[avail - 1] == '\r') --avail;
      line->text = std::string_view(start, avail);
      line->too_long = 0;
      return true;
    }
    if (avail > max_line_bytes_ + 1) {  // no newline within the limit: drop what we have
      skipped += avail;
      begin_ = end_;
    }
    RETURN_IF_ERROR(Fill());
  }
}

}  // namespace vigil
