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
#include <utility>
#include <vector>

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

// Where the sealed form differs from the canonical form: the byte ranges of
// the canonical bytes it leaves out (personal members, "seal", objects left
// empty), sorted and disjoint, relative to the event's first byte.
struct SealedCuts {
  size_t base = 0;  // where the event starts in the output string
  std::vector<std::pair<size_t, size_t>> ranges;
  // Where geo's canonical object is, relative to the event's first byte
  // ({0, 0} without geo): the value bytes of its commitment, which the
  // ledger takes from here instead of serializing geo again.
  std::pair<size_t, size_t> geo_value{0, 0};
};

// AppendCanonicalEvent that also records *cuts, so that the sealed form can
// be cut out of the canonical bytes instead of serializing the event again
// (ingest does both for every event).
void AppendCanonicalEvent(const Event& e, std::string* out, SealedCuts* cuts);

// Appends the sealed form made from an event's canonical bytes and their
// cuts: the same bytes as AppendSealedEvent(e, sealed_json, out).
void AppendSealedFromCanonical(std::string_view canonical, const SealedCuts& cuts,
                               std::string_view sealed_json, std::string* out);

// Appends geo's canonical JSON object (member 18 of the canonical form).
void AppendGeoObject(const GeoLocation& g, std::string* out);

// Appends the display form: {"seq":N,<the canonical members>}. Used by query
// output and NDJSON export; EventParser in stored mode accepts it back.
void AppendEventWithSeq(const Event& e, std::string* out);

}  // namespace vigil
