// JsonWriter: appends JSON text in Vigil's canonical form to a string.
//
// Canonical form (docs/format/canonical-json.md):
//  - no whitespace; the caller decides member order (the event serializer
//    uses a fixed order; generic objects are written with keys sorted by
//    their UTF-8 bytes);
//  - strings are UTF-8; only '"', '\\' and control characters U+0000–U+001F
//    are escaped: \b \f \n \r \t by name, the others as \u00XX (lower-case hex);
//    everything else, including '/', DEL and non-ASCII, is written as is;
//  - integers in decimal without sign for >= 0 and without leading zeros;
//  - doubles: -0 is written as 0; a double holding an integer of magnitude
//    < 2^53 is written as that integer ("1", "-42"); any other double of
//    magnitude < 2^53 as the shortest text that reads back to the same
//    IEEE-754 double (std::to_chars without a format: "0.1", "1e-07"); a
//    magnitude >= 2^53 as the shortest such text in exponent form ("1e+21",
//    "9.007199254740992e+15"), so that it never reads back as an integer;
//    NaN and infinities (which JSON cannot hold) as null.
// Not thread-safe; cheap to construct.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // Writes "key": (with the comma before it when needed).
  void Key(std::string_view key);
  // The same for a string literal (the event serializer's member names): the
  // escape check below folds away at compile time for literals that need none.
  template <size_t N>
  void Key(const char (&key)[N]) {
    for (size_t i = 0; i + 1 < N; ++i) {
      const auto c = static_cast<unsigned char>(key[i]);
      if (c < 0x20 || c == '"' || c == '\\') {
        Key(std::string_view(key, N - 1));
        return;
      }
    }
    BeforeValue();
    out_->push_back('"');
    out_->append(key, N - 1);
    out_->append("\":", 2);
    need_comma_ = false;
  }
  void String(std::string_view s);
  void Int(int64_t v);
  void Uint(uint64_t v);
  void Double(double v);
  void Bool(bool v);
  void Null();
  // Writes already-canonical JSON text as one value.
  void Raw(std::string_view json);

  // Convenience for optional string members: writes "key":"value" unless value is empty.
  template <size_t N>
  void StringMember(const char (&key)[N], std::string_view value) {
    if (!value.empty()) {
      Key(key);
      String(value);
    }
  }

 private:
  void BeforeValue();

  std::string* out_;
  bool need_comma_ = false;
};

// Appends s as a canonical JSON string literal (with quotes) to out.
void AppendJsonString(std::string_view s, std::string* out);

// Appends the canonical number text of v (see above) to out.
void AppendJsonDouble(double v, std::string* out);

}  // namespace vigil
