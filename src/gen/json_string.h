// WriteJsonString: JsonWriter::String with a fast path for the common case of
// text that needs no escaping (ids, addresses, user agents, catalog strings):
// it is found eight bytes at a time and copied between quotes as is. The
// output is byte-identical to JsonWriter::String.
#pragma once

#include <string>
#include <string_view>

#include "core/json_writer.h"

namespace vigil::gen {

// True if s holds a '"', '\\' or a control character (U+0000–U+001F).
bool NeedsJsonEscape(std::string_view s);

// Writes s as a JSON string value through w; scratch is a reusable buffer.
void WriteJsonString(JsonWriter& w, std::string_view s, std::string* scratch);

}  // namespace vigil::gen
