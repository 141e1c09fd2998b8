#include "api/http/media_type.h"

#include <fmt/format.h>

#include "core/ascii.h"

namespace vigil::api {
namespace {

// RFC 9110 §5.6.2 tchar.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

void SkipOws(std::string_view* s) {
  while (!s->empty() && (s->front() == ' ' || s->front() == '\t')) s->remove_prefix(1);
}

// Reads a token (lower-cased) from the front of *s; empty when there is none.
std::string ReadToken(std::string_view* s) {
  size_t n = 0;
  while (n < s->size() && IsTokenChar((*s)[n])) ++n;
  std::string token(s->substr(0, n));
  ToLowerAscii(&token);
  s->remove_prefix(n);
  return token;
}

Status Malformed(std::string_view text, std::string_view what) {
  return Status::InvalidArgument(
      fmt::format("malformed Content-Type '{}': {}", EscapeControlBytes(text), what));
}

constexpr std::string_view kAccepted =
    "application/json, application/x-ndjson, application/ndjson, application/jsonl";

}  // namespace

Result<MediaType> MediaType::Parse(std::string_view text) {
  std::string_view s = text;
  SkipOws(&s);
  MediaType m;
  m.type_ = ReadToken(&s);
  if (m.type_.empty() || s.empty() || s.front() != '/') {
    return Malformed(text, "expected type/subtype");
  }
  s.remove_prefix(1);
  m.subtype_ = ReadToken(&s);
  if (m.subtype_.empty()) return Malformed(text, "expected type/subtype");
  while (true) {
    SkipOws(&s);
    if (s.empty()) break;
    if (s.front() != ';') return Malformed(text, "expected ';' before a parameter");
    s.remove_prefix(1);
    SkipOws(&s);
    if (s.empty()) break;  // a trailing ';' is harmless
    std::string name = ReadToken(&s);
    if (name.empty() || s.empty() || s.front() != '=') {
      return Malformed(text, "expected name=value after ';'");
    }
    s.remove_prefix(1);
    std::string value;
    if (!s.empty() && s.front() == '"') {
      s.remove_prefix(1);
      bool closed = false;
      while (!s.empty()) {
        char c = s.front();
        s.remove_prefix(1);
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && !s.empty()) {
          c = s.front();
          s.remove_prefix(1);
        }
        value.push_back(c);
      }
      if (!closed) return Malformed(text, "unterminated quoted string");
    } else {
      size_t n = 0;
      while (n < s.size() && IsTokenChar(s[n])) ++n;
      if (n == 0) return Malformed(text, fmt::format("parameter '{}' has no value", name));
      value = s.substr(0, n);
      s.remove_prefix(n);
    }
    m.params_.emplace_back(std::move(name), std::move(value));
  }
  return m;
}

std::optional<std::string_view> MediaType::Param(std::string_view name) const {
  for (const auto& [n, v] : params_) {
    if (n == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::string_view AcceptedEventsMediaTypes() { return kAccepted; }

Result<EventsBodyFormat> CheckEventsContentType(std::optional<std::string_view> content_type) {
  if (!content_type.has_value()) {
    return Status::InvalidArgument(
        fmt::format("Content-Type is required; send one of: {} (UTF-8)", kAccepted));
  }
  Result<MediaType> parsed = MediaType::Parse(*content_type);
  if (!parsed.ok()) {
    return Status::InvalidArgument(
        fmt::format("{}; send one of: {} (UTF-8)", parsed.status().message(), kAccepted));
  }
  const MediaType& m = *parsed;
  EventsBodyFormat format;
  std::string essence = m.essence();
  if (essence == "application/json") {
    format = EventsBodyFormat::kJson;
  } else if (essence == "application/x-ndjson" || essence == "application/ndjson" ||
             essence == "application/jsonl") {
    format = EventsBodyFormat::kNdjson;
  } else {
    return Status::InvalidArgument(
        fmt::format("unsupported Content-Type '{}'; send one of: {}", essence, kAccepted));
  }
  std::optional<std::string_view> charset = m.Param("charset");
  if (charset.has_value() && !EqualsIgnoreAsciiCase(*charset, "utf-8") &&
      !EqualsIgnoreAsciiCase(*charset, "utf8")) {
    return Status::InvalidArgument(fmt::format(
        "unsupported charset '{}' in Content-Type; events must be UTF-8 (charset=utf-8)",
        EscapeControlBytes(*charset)));
  }
  return format;
}

}  // namespace vigil::api
