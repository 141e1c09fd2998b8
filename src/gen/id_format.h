// Identifier formats, each a pure function of a 64-bit hash: the id styles of
// the simulated products (MongoDB ObjectIds, UUIDs, numeric ids), ULIDs for
// event ids, and short prefixed tokens for request and session ids.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::gen {

enum class IdStyle : uint8_t {
  kObjectId,  // 24 lower-case hex digits (Lowcoder, Appmixer)
  kUuid,      // RFC 4122 version 4 text form (ToolJet, Dify)
  kNumeric,   // 6 or 7 decimal digits (Fliplet)
};

void AppendId(IdStyle style, uint64_t h, std::string* out);

// A ULID (26 Crockford base32 characters) with the given time and 80 bits
// derived from h; ULIDs sort by time.
void AppendUlid(int64_t time_ms, uint64_t h, std::string* out);

// prefix followed by `length` (at most 24) lower-case base32 characters from h
// and a second hash of it: "req_8f2a9c4e1b7d3f60".
void AppendToken(std::string_view prefix, uint64_t h, size_t length, std::string* out);

}  // namespace vigil::gen
