// SQL text for ClickHouse built only from escaped literals: every value that
// comes from a request or an event enters a statement through Quote (or as a
// number formatted here), never spliced raw. 18.16 has no query parameters,
// so this is the one place where injection is prevented; sql_text_test.cc
// feeds it every byte value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace vigil::clickhouse {

// A single-quoted string literal holding exactly the bytes of s: backslash
// and quote escaped, every byte outside printable ASCII as \xHH.
std::string Quote(std::string_view s);

// A database or table name: letters, digits and '_', not starting with a
// digit, at most 64 bytes. InvalidArgument naming the setting otherwise
// (identifiers are not quoted, so only safe names are accepted).
Status CheckIdentifier(std::string_view setting, std::string_view name);

}  // namespace vigil::clickhouse
