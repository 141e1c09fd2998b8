// Sealing: how an event's personal fields (core/event_fields.h
// kPersonalFields) enter its Merkle leaf as salted commitments, so that
// redaction can erase them later while every leaf, root and proof stays the
// same. docs/format/ledger.md "Personal fields" and "Leaf bytes" are the spec:
//
//   key          16 random bytes per event (Event::seal.key, base64)
//   salt(path)   the first 16 bytes of SHA-256(key || path)
//   commitment   SHA-256(salt(path) || value bytes)
//   sealed_json  {"<path>":"<base64 commitment>",…} over the fields that have
//                a value, paths sorted bytewise (or, once redacted, the
//                stored Event::seal.redacted_json, which is the same text)
//   leaf bytes   core AppendSealedEvent(event, sealed_json)
//   leaf hash    SHA-256(0x00 || leaf bytes)  (RFC 9162)
//
// A salt per field lets one field be disclosed (its value and salt) without
// revealing the others; deriving the salts from one key keeps 16 bytes per
// event on disk instead of 16 per field. All functions are thread-safe.
#pragma once

#include <string>

#include "core/event.h"
#include "core/event_json.h"
#include "core/status.h"
#include "ledger/merkle.h"

namespace vigil::ledger {

// A fresh seal key: kSealKeyBytes from OpenSSL's CSPRNG (drawn in blocks per
// thread), standard base64.
std::string NewSealKey();

// Gives e a new key when it holds a personal value and has no seal yet.
void SealEvent(Event* e);

// The commitment to one personal field's value under a seal key (raw bytes).
Hash FieldCommitment(std::string_view key_bytes, std::string_view path, std::string_view value);

// Appends e's leaf bytes. InvalidArgument when e holds a personal value but
// no seal key (it was never sealed) or its key is not valid base64 of 16 bytes.
Status AppendLeafBytes(const Event& e, std::string* out);

// SHA-256(0x00 || leaf bytes); errors as AppendLeafBytes.
Result<Hash> EventLeafHash(const Event& e);
// The same from e's canonical bytes and their cuts (core/event_json.h), without
// serializing e again: what ingest uses right after serializing the event.
Result<Hash> EventLeafHash(const Event& e, std::string_view canonical, const SealedCuts& cuts);

// Erases e's personal values and its key, keeping their commitments in
// seal.redacted_json: e's leaf hash is unchanged. A no-op for an event
// without personal values or already redacted; errors as AppendLeafBytes.
Status Redact(Event* e);

}  // namespace vigil::ledger
