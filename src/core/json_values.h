// Walking the values of canonical JSON text (metadata, changes) without a
// full parse: what full-text search indexes as "metadata values".
#pragma once

#include <string>
#include <string_view>

namespace vigil {

// Calls sink(std::string_view text) for every string value (unescaped) and
// every number, true/false literal of a JSON document, skipping object keys
// and null. Precondition: json is well-formed (as Vigil's canonical JSON
// always is); on malformed input it stops early and never reads out of bounds.
// The view is valid only during the call.
template <typename Sink>
void ForEachJsonValue(std::string_view json, std::string& scratch, Sink&& sink);

// Unescapes the JSON string literal body starting at json[pos] (just after the
// opening quote) into out; returns the position just past the closing quote,
// or npos when the literal is unterminated.
size_t UnescapeJsonString(std::string_view json, size_t pos, std::string* out);

template <typename Sink>
void ForEachJsonValue(std::string_view json, std::string& scratch, Sink&& sink) {
  // Canonical JSON has no whitespace, so a string is an object key exactly
  // when a ':' follows its closing quote.
  size_t i = 0;
  const size_t n = json.size();
  while (i < n) {
    char c = json[i];
    if (c == '{' || c == '[' || c == '}' || c == ']' || c == ',' || c == ':') {
      ++i;
    } else if (c == '"') {
      size_t end = UnescapeJsonString(json, i + 1, &scratch);
      if (end == std::string_view::npos) return;
      if (end >= n || json[end] != ':') sink(std::string_view(scratch));
      i = end;
    } else if (c == 'n') {  // null
      i += 4;
    } else {  // number, true, false
      size_t start = i;
      while (i < n && json[i] != ',' && json[i] != '}' && json[i] != ']') ++i;
      sink(json.substr(start, i - start));
    }
  }
}

}  // namespace vigil
