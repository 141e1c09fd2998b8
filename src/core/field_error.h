// FieldError: why one event was rejected, found while walking its JSON. The
// field is the path of the offending member ("actor.email", "resources[3]",
// "metadata.a.b[0]"; empty for the event itself) and the problem says what is
// wrong with it ("longer than 4096 bytes (got 5000)"). The field is raw: it
// may hold control bytes from a key. EventParser escapes it, adds where the
// event came from and returns the whole as InvalidArgument.
//
// Also the wording every walker of event JSON shares, so that messages agree
// whichever file reports them (docs/event-model.md "Errors").
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

namespace vigil {

struct FieldError {
  std::string field;
  std::string problem;
};

// How a message names the type of a JSON value: "an object", "a number", "null", ….
inline std::string_view JsonTypeName(simdjson::dom::element_type type) {
  using simdjson::dom::element_type;
  switch (type) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return "a number";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "a boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "a value";
}

// The path of member `key` of the value at `parent`: "parent.key", or "key"
// when parent is empty (the event itself).
inline std::string FieldPath(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string out;  // plain appends: this runs for every member of every event
  out.reserve(parent.size() + 1 + key.size());
  out.append(parent).push_back('.');
  out.append(key);
  return out;
}

}  // namespace vigil
