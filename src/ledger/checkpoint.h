// Signed checkpoints: the log's signed statement "my tree of size N has root
// hash R", a C2SP tlog-checkpoint body (c2sp.org/tlog-checkpoint) carried in
// a signed note (ledger/note.h); docs/format/ledger.md "Checkpoints" is the
// auditor's copy of these rules. The body is
//   <origin>\n                 the log's identity, non-empty
//   <tree size>\n              decimal ASCII, no leading zeros ("0" when empty)
//   <root hash>\n              standard base64 (RFC 4648 §4) of the 32-byte RFC 9162 root
//   <extension>\n ...          optional, opaque, each non-empty
//
// Vigil's one rule on top: a log's key name is its checkpoint origin
// (tlog-checkpoint says it SHOULD be). SignCheckpoint and OpenCheckpoint
// enforce it; SignNote and OpenNote do not look inside the text.
//
// Errors: a malformed body is kInvalidArgument naming the line and what is
// wrong; signature failures are as in note.h. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ledger/merkle.h"
#include "ledger/note.h"

namespace vigil::ledger {

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // without their "\n"

  bool operator==(const Checkpoint&) const = default;
};

// The body above. Precondition: origin and every extension are non-empty and
// hold no "\n" (SignCheckpoint checks this; ParseCheckpointBody's results
// always meet it).
std::string FormatCheckpointBody(const Checkpoint& checkpoint);

// Parses exactly the bodies FormatCheckpointBody writes, so that parsing
// then formatting gives back the same bytes. kInvalidArgument naming the
// line and the problem otherwise (also for invalid UTF-8 or a control
// character other than "\n", which no signed note may hold).
Result<Checkpoint> ParseCheckpointBody(std::string_view body);

// SignNote(FormatCheckpointBody(checkpoint), signer). kInvalidArgument when
// the origin is not the signer's key name, or an extension is empty or holds
// a newline or another control character.
Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, const NoteSigner& signer);

// OpenNote(note, {log_key}), then ParseCheckpointBody of its text, then
// requires origin == log_key.name() (kInvalidArgument otherwise). Other
// signatures (cosignatures) are ignored.
Result<Checkpoint> OpenCheckpoint(std::string_view note, const NoteVerifier& log_key);

}  // namespace vigil::ledger
