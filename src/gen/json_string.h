// Helpers for writing JSON strings whose text is known to need no escaping
// (ids, addresses, tokens, paths built from them): they are copied between
// quotes as is, which is what JsonWriter::String would write for them.
#pragma once

#include <string>
#include <string_view>

namespace vigil::gen {

// True if s holds a '"', '\\' or a control character (U+0000–U+001F), i.e.
// its canonical JSON form is not just s between quotes. Checks eight bytes at
// a time.
bool NeedsJsonEscape(std::string_view s);

// Appends s between quotes. Precondition: !NeedsJsonEscape(s) (asserted).
void AppendQuoted(std::string_view s, std::string* out);

}  // namespace vigil::gen
