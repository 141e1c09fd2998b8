#include "ingest/event_batch_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "core/limits.h"
#include "ingest/event_enricher.h"

namespace vigil {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t SkipSpace(std::string_view s, size_t i) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i;
}

// The end (exclusive) of the JSON value starting at s[i], found by tracking
// nesting and strings without validating (EventParser validates each event).
// npos when the value does not end inside s.
size_t ValueEnd(std::string_view s, size_t i) {
  int depth = 0;
  bool in_string = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) return i + 1;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '{':
      case '[':
        ++depth;
        break;
      case '}':
      case ']':
        if (depth == 0) return i;  // the end of the enclosing array
        if (--depth == 0) return i + 1;
        break;
      case ',':
        if (depth == 0) return i;
        break;
      default:
        break;
    }
  }
  return depth == 0 && !in_string ? i : std::string_view::npos;
}

// An enricher's "field: problem" placed like the parser's own messages:
// "events[3].action: …", "line 4: action: …".
std::string LocateEnrichError(std::string_view where, std::string_view message) {
  if (where.empty()) return std::string(message);
  return std::string(where) + (where.back() == ']' ? "." : ": ") + std::string(message);
}

}  // namespace

void EventBatchParser::ParseOne(std::string_view json, std::string_view where, size_t index,
                                const ParseOptions& options, ParsedBatch* out) {
  Event& slot = out->prepared.events.emplace_back();
  Status s = parser_.ParseInto(json, options, where, &slot);
  if (s.ok() && enricher_ != nullptr) {
    s = enricher_->Enrich(&slot);
    if (!s.ok()) s = Status::InvalidArgument(LocateEnrichError(where, s.message()));
  }
  if (s.ok()) {
    // Once one event failed the batch is rejected: serializing would be wasted.
    if (out->error_count == 0) out->prepared.SerializeLast();
    return;
  }
  out->prepared.events.pop_back();
  ++out->error_count;
  if (out->errors.size() < kMaxReportedErrors) out->errors.push_back({index, s.message()});
}

Result<ParsedBatch> EventBatchParser::Parse(std::string_view body, BatchFormat format,
                                            const ParseOptions& options,
                                            const EventEnricher* enricher) {
  enricher_ = enricher;
  ParsedBatch out;
  const size_t first = SkipSpace(body, 0);
  if (first == body.size()) {
    return Status::InvalidArgument("body: empty; send an event object, an array or NDJSON");
  }
  if (format == BatchFormat::kNdjson) {
    RETURN_IF_ERROR(ParseNdjson(body, options, &out));
  } else if (body[first] == '[') {
    RETURN_IF_ERROR(ParseArray(body.substr(first), options, &out));
  } else if (body[first] == '{') {
    ParseOne(body, "events[0]", 0, options, &out);
  } else {
    return Status::InvalidArgument(
        "body: expected a JSON object or an array of objects (for NDJSON send Content-Type: "
        "application/x-ndjson)");
  }
  return out;
}

Status EventBatchParser::ParseArray(std::string_view body, const ParseOptions& options,
                                    ParsedBatch* out) {
  size_t i = SkipSpace(body, 1);
  if (i < body.size() && body[i] == ']') {
    if (SkipSpace(body, i + 1) != body.size()) {
      return Status::InvalidArgument("body: unexpected text after the array");
    }
    return Status::InvalidArgument("body: the array holds no events");
  }
  size_t index = 0;
  while (true) {
    if (index == kMaxBatchEvents) {
      return Status::InvalidArgument(
          fmt::format("body: more than {} events in one batch; split it", kMaxBatchEvents));
    }
    i = SkipSpace(body, i);
    const size_t end = ValueEnd(body, i);
    if (end == std::string_view::npos || end == i) {
      return Status::InvalidArgument(
          fmt::format("body: malformed JSON array at byte {} (event {})", i, index));
    }
    std::string_view element = body.substr(i, end - i);
    while (!element.empty() && IsSpace(element.back())) element.remove_suffix(1);
    char where_buf[32];  // "events[N]" without an allocation per event
    const auto where_end = fmt::format_to_n(where_buf, sizeof(where_buf), "events[{}]", index).out;
    ParseOne(element, std::string_view(where_buf, static_cast<size_t>(where_end - where_buf)),
             index, options, out);
    ++index;
    i = SkipSpace(body, end);
    if (i >= body.size()) return Status::InvalidArgument("body: the array is not closed");
    if (body[i] == ',') {
      ++i;
      continue;
    }
    if (body[i] == ']') break;
    return Status::InvalidArgument(
        fmt::format("body: expected ',' or ']' at byte {} after event {}", i, index - 1));
  }
  if (SkipSpace(body, i + 1) != body.size()) {
    return Status::InvalidArgument("body: unexpected text after the array");
  }
  return Status::Ok();
}

Status EventBatchParser::ParseNdjson(std::string_view body, const ParseOptions& options,
                                     ParsedBatch* out) {
  // One allocation for the batch: growing a vector of large Events moves them all.
  size_t lines = 1;
  const char* const end = body.data() + body.size();
  for (const char* p = body.data();;) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (nl == nullptr) break;
    ++lines;
    p = static_cast<const char*>(nl) + 1;
  }
  out->prepared.Reserve(std::min(lines, kMaxBatchEvents), body.size());
  size_t index = 0;
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) nl = body.size();
    std::string_view line = body.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (index == kMaxBatchEvents) {
      return Status::InvalidArgument(
          fmt::format("body: more than {} events in one batch; split it", kMaxBatchEvents));
    }
    char where_buf[32];  // "line N" without an allocation per event
    const auto where_end =
        fmt::format_to_n(where_buf, sizeof(where_buf), "line {}", line_number).out;
    const std::string_view where(where_buf, static_cast<size_t>(where_end - where_buf));
    if (SkipSpace(line, 0) == line.size()) {
      ++out->error_count;
      if (out->errors.size() < kMaxReportedErrors) {
        out->errors.push_back(
            {index, fmt::format("{}: empty line; expected a JSON object", where)});
      }
    } else {
      ParseOne(line, where, index, options, out);
    }
    ++index;
  }
  return Status::Ok();
}

}  // namespace vigil
