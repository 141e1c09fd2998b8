// EventParser: JSON text of one event → validated, normalized Event.
//
// Enforces every rule and limit of docs/event-model.md. Errors are
// Status::InvalidArgument with a message naming where, the field and the
// problem, e.g. "line 3: actor.email: longer than 4096 bytes (got 5000)" or
// "events[3].actor.email: …" when `where` ends with ']'.
//
// Not thread-safe (holds a reusable simdjson parser); use one per thread.
#pragma once

#include <memory>
#include <string_view>

#include "core/event.h"
#include "core/status.h"
#include "core/ulid.h"

namespace vigil {

struct ParseOptions {
  // Server receive time: becomes received_at, and time when the event has none.
  int64_t receive_time_ms = 0;
  // Assigns ids to events that have none. Must be set unless stored_form.
  UlidGenerator* ids = nullptr;
  // Tenant for events that carry none (an API key bound to a tenant; the CLI's --tenant).
  std::string_view default_tenant;
  // Environment for events that carry none (not applied in stored form).
  std::string_view default_environment = "production";
  // Stored form: the canonical or display form written by Vigil itself (WAL
  // replay, imports of exports). Server fields (seq, received_at, geo, seal) are
  // accepted and kept, id, time and received_at are required, reserved
  // tenants (leading '_') are allowed, and an absent environment stays absent.
  bool stored_form = false;
  // Allow tenants that start with '_' (the server's own `_system` tenant).
  bool allow_reserved_tenant = false;
};

class EventParser {
 public:
  EventParser();
  ~EventParser();
  EventParser(const EventParser&) = delete;
  EventParser& operator=(const EventParser&) = delete;

  // Parses exactly one JSON object. `where` locates it for error messages
  // ("line 3", "events[2]"); may be empty.
  Result<Event> Parse(std::string_view json, const ParseOptions& options,
                      std::string_view where = {});
  // The same, into *out, which must be a default-constructed Event (saves a
  // move of the large Event when filling a vector in place). On error *out
  // holds a partial event and must be discarded.
  Status ParseInto(std::string_view json, const ParseOptions& options, std::string_view where,
                   Event* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Byte offset of the first invalid UTF-8 sequence in text, or npos if valid.
size_t FindInvalidUtf8(std::string_view text);

}  // namespace vigil
