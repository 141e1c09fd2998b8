// MediaType: a parsed Content-Type value (RFC 9110 §8.3.1), and the check
// POST /v1/events applies to it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace vigil::api {

// A value type.
class MediaType {
 public:
  // Parses "type/subtype" followed by "; name=value" parameters (the value a
  // token or a quoted string). Type, subtype and parameter names are
  // lower-cased (they are case-insensitive); values are kept as sent,
  // unquoted. InvalidArgument naming the problem when the text is malformed.
  static Result<MediaType> Parse(std::string_view text);

  const std::string& type() const { return type_; }
  const std::string& subtype() const { return subtype_; }
  // "type/subtype", lower case.
  std::string essence() const { return type_ + "/" + subtype_; }
  // The first parameter of that (lower-case) name, if present.
  std::optional<std::string_view> Param(std::string_view name) const;

 private:
  std::string type_;
  std::string subtype_;
  std::vector<std::pair<std::string, std::string>> params_;
};

// How the client says the events are laid out.
enum class EventsBodyFormat {
  kJson,    // application/json: one event object, or an array of them
  kNdjson,  // application/x-ndjson, application/ndjson, application/jsonl: one object per line
};

// The accepted media types, for messages and docs:
// "application/json, application/x-ndjson, application/ndjson, application/jsonl".
std::string_view AcceptedEventsMediaTypes();

// Checks the Content-Type of POST /v1/events (the header's value, nullopt
// when absent). A charset parameter, if any, must be utf-8 (any case,
// quoted or not); other parameters are ignored. Any failure — header
// absent, malformed, another type (text/plain and form encodings included),
// another charset — is InvalidArgument with a message listing the accepted
// types, which the API answers with 415 unsupported_media_type.
Result<EventsBodyFormat> CheckEventsContentType(std::optional<std::string_view> content_type);

}  // namespace vigil::api
