// The stored form's `seal` member (docs/format/ledger.md "Personal fields",
// "Personal metadata"): reading its parts back and checking that it agrees
// with the event's personal values. Used by EventParser in stored mode.
// Each function returns false after setting *error (field path and
// problem, as core/field_error.h); thread-safe.
#pragma once

#include <simdjson.h>

#include <string>

#include "core/event.h"
#include "core/field_error.h"

namespace vigil {

// seal.paths: a non-empty array of personal metadata paths; sets *out to
// its canonical text, sorted.
[[nodiscard]] bool ParseSealPaths(simdjson::dom::element v, std::string* out, FieldError* error);

// seal.redacted: an object from personal field path to the standard base64
// of a 32-byte commitment; sets *out to its canonical text, keys sorted.
[[nodiscard]] bool ParseSealRedacted(simdjson::dom::element v, std::string* out, FieldError* error);

// The seal agrees with e's personal values: a key is valid base64 of 16
// bytes and seals at least one of them; sealed paths have values; a redacted
// event has none left and no key.
[[nodiscard]] bool CheckSeal(const Event& e, FieldError* error);

}  // namespace vigil
