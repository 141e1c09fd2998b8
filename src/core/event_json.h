// Serializing events to JSON.
//
// The canonical form is the byte-exact serialization that the ledger hashes
// (docs/format/canonical-json.md): members in the fixed order given there,
// absent optional members left out, canonical string and number forms
// (core/json_writer.h). Parsing the canonical form with EventParser in stored
// mode and serializing again gives the same bytes.
#pragma once

#include <string>
#include <string_view>

#include "core/event.h"

namespace vigil {

// Appends the canonical form of e (without seq) to out.
void AppendCanonicalEvent(const Event& e, std::string* out);
std::string CanonicalEvent(const Event& e);

// Appends the sealed form, the bytes of the event's Merkle leaf
// (docs/format/ledger.md "Leaf bytes"): the canonical members without the
// personal values (core/event_fields.h kPersonalFields) and without "seal",
// then "sealed": sealed_json (the canonical object of the personal fields'
// commitments, which the ledger computes) when it is not empty.
void AppendSealedEvent(const Event& e, std::string_view sealed_json, std::string* out);

// Appends geo's canonical JSON object (member 18 of the canonical form).
void AppendGeoObject(const GeoLocation& g, std::string* out);

// Appends the display form: {"seq":N,<the canonical members>}. Used by query
// output and NDJSON export; EventParser in stored mode accepts it back.
void AppendEventWithSeq(const Event& e, std::string* out);

}  // namespace vigil
