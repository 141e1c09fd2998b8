#include "core/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace vigil {

namespace {

// True when any of the 8 bytes of w is below 0x20, '"' or '\\' (the classic
// "has less / has zero byte" bit tricks; exact as a yes/no answer).
inline bool WordNeedsEscape(uint64_t w) {
  constexpr uint64_t k01 = 0x0101010101010101ULL;
  constexpr uint64_t k80 = 0x8080808080808080ULL;
  const uint64_t control = (w - k01 * 0x20) & ~w & k80;
  const uint64_t q = w ^ (k01 * '"');
  const uint64_t b = w ^ (k01 * '\\');
  return (control | ((q - k01) & ~q & k80) | ((b - k01) & ~b & k80)) != 0;
}

inline bool ByteNeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// Index of the first byte at or after i that needs escaping, or n.
inline size_t NextEscape(const char* p, size_t i, size_t n) {
  while (i + 8 <= n) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    if (WordNeedsEscape(w)) break;
    i += 8;
  }
  while (i < n && !ByteNeedsEscape(static_cast<unsigned char>(p[i]))) ++i;
  return i;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->reserve(out->size() + s.size() + 2);
  out->push_back('"');
  const char* p = s.data();
  const size_t n = s.size();
  size_t run_start = 0;
  for (size_t i = NextEscape(p, 0, n); i < n; i = NextEscape(p, run_start, n)) {
    const auto c = static_cast<unsigned char>(p[i]);
    out->append(p + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 0xF]);
    }
  }
  out->append(p + run_start, n - run_start);
  out->push_back('"');
}

void AppendJsonDouble(double v, std::string* out) {
  constexpr double kTwo53 = 9007199254740992.0;
  char buf[64];
  if (!std::isfinite(v)) {  // JSON has no NaN or infinity
    out->append("null");
    return;
  }
  if (v == 0) {  // covers -0
    out->push_back('0');
    return;
  }
  if (std::fabs(v) < kTwo53) {
    if (v == std::trunc(v)) {
      auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), static_cast<int64_t>(v));
      out->append(buf, end);
    } else {
      auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
      out->append(buf, end);
    }
    return;
  }
  // From 2^53 up, the shortest text may be all digits ("98765432109876543488"),
  // which reads back as an integer, or fails to when it exceeds 64 bits. The
  // exponent form always reads back as this same double.
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  out->append(buf, end);
}

void JsonWriter::BeforeValue() {
  if (need_comma_) out_->push_back(',');
  need_comma_ = true;
}

void JsonWriter::BeginObject() {
  BeforeValue();
  out_->push_back('{');
  need_comma_ = false;
}

void JsonWriter::EndObject() {
  out_->push_back('}');
  need_comma_ = true;
}

void JsonWriter::BeginArray() {
  BeforeValue();
  out_->push_back('[');
  need_comma_ = false;
}

void JsonWriter::EndArray() {
  out_->push_back(']');
  need_comma_ = true;
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(key, out_);
  out_->push_back(':');
  need_comma_ = false;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendJsonString(s, out_);
}

void JsonWriter::Int(int64_t v) {
  BeforeValue();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out_->append(buf, end);
}

void JsonWriter::Uint(uint64_t v) {
  BeforeValue();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out_->append(buf, end);
}

void JsonWriter::Double(double v) {
  BeforeValue();
  AppendJsonDouble(v, out_);
}

void JsonWriter::Bool(bool v) {
  BeforeValue();
  out_->append(v ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

void JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_->append(json);
}

}  // namespace vigil
