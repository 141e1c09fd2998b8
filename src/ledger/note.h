// Signed notes (c2sp.org/signed-note) with Ed25519 signatures (type 0x01),
// as golang.org/x/mod/sumdb/note writes and reads them; docs/format/ledger.md
// "Checkpoints" is the auditor's copy of these rules. A note is its text
// (ending in "\n"), an empty line, then one line per signature:
//   "— " <key name> " " base64(key ID (4 bytes, big-endian) || 64-byte signature) "\n"
// (U+2014 em dash, then a space). The signature is over the text alone. A
// key is named by a key name (non-empty UTF-8 without Unicode spaces, '+' or
// control characters) and a 32-bit key ID, the first 4 bytes (big-endian) of
//   SHA-256(key name || 0x0A || 0x01 || 32-byte public key).
// Key texts (the same as Go's): a verifier key is
//   <name>+<key ID, 8 hex digits>+<base64(0x01 || public key)>
// and a signer key, which is secret,
//   PRIVATE+KEY+<name>+<key ID>+<base64(0x01 || 32-byte seed)>.
//
// Errors: malformed input (a note, a key text, a name) is kInvalidArgument,
// with the line or field and what is wrong. A well-formed note that no known
// key signed, or whose signature by a known key does not verify, is
// kUnauthenticated. Everything here is thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "crypto/ed25519.h"

namespace vigil::ledger {

// OpenNote rejects a note with more signature lines than this (as Go does;
// C2SP asks verifiers to accept at least 16).
inline constexpr size_t kMaxNoteSignatures = 100;
// The signature type byte of Ed25519 in key IDs and key texts.
inline constexpr uint8_t kNoteEd25519Type = 0x01;

// OK when name may be a key name; otherwise kInvalidArgument saying why.
Status CheckNoteKeyName(std::string_view name);

// The key ID of an Ed25519 key under this name (rule above).
uint32_t NoteKeyId(std::string_view name, const Ed25519PublicKey& public_key);

// A known key: checks signatures by one key name and public key.
class NoteVerifier {
 public:
  // From a verifier key text. kInvalidArgument naming the part that is wrong
  // (shape, name, key ID, base64, type byte, key length, or a key ID that
  // does not match the name and key).
  static Result<NoteVerifier> Parse(std::string_view verifier_key);
  // kInvalidArgument when name is not a valid key name.
  static Result<NoteVerifier> Create(std::string name, const Ed25519PublicKey& public_key);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  const Ed25519PublicKey& public_key() const { return public_key_; }
  // The verifier key text; Parse(verifier_key()) gives this verifier back.
  std::string verifier_key() const;
  // True when signature is this key's signature of text.
  bool Verify(std::string_view text, const Ed25519Signature& signature) const;

 private:
  friend class NoteSigner;  // NoteSigner::verifier()
  NoteVerifier(std::string name, const Ed25519PublicKey& public_key);

  std::string name_;
  Ed25519PublicKey public_key_;
  uint32_t key_id_;
};

// A signing key and its name. Moves, does not copy (it owns the private key).
class NoteSigner {
 public:
  // From a signer key text. kInvalidArgument naming the part that is wrong;
  // messages never quote the key material.
  static Result<NoteSigner> Parse(std::string_view signer_key);
  // kInvalidArgument when name is not a valid key name.
  static Result<NoteSigner> Create(std::string name, Ed25519PrivateKey key);
  // A new random key under this name (Ed25519PrivateKey::Generate's errors too).
  static Result<NoteSigner> Generate(std::string name);

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  // The secret signer key text; Parse(signer_key()) gives this signer back.
  std::string signer_key() const;
  // The public verifier key text to hand to those who check the notes.
  std::string verifier_key() const;
  NoteVerifier verifier() const;
  Ed25519Signature Sign(std::string_view text) const { return key_.Sign(text); }

 private:
  NoteSigner(std::string name, Ed25519PrivateKey key);

  std::string name_;
  Ed25519PrivateKey key_;
  uint32_t key_id_;
};

// One signature line of a note.
struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  std::string base64;  // base64(key ID || signature), as in the line

  bool operator==(const NoteSignature&) const = default;
};

struct VerifiedNote {
  std::string text;  // the signed text, ending in "\n"
  // Signatures by known keys, each one checked, in note order, one per key.
  std::vector<NoteSignature> verified;
  // Signatures by other keys (say, witnesses' cosignatures), not checked, in
  // note order, repeated identical lines dropped.
  std::vector<NoteSignature> unverified;
};

// text + "\n" + the signer's signature line. kInvalidArgument unless text
// ends in "\n" and is valid UTF-8 without control characters other than
// "\n" (so that OpenNote accepts the result).
Result<std::string> SignNote(std::string_view text, const NoteSigner& signer);

// Parses note and checks every signature by a known key (one whose name and
// key ID match an entry of known). Signatures by other keys are returned
// unchecked. An identical repeated line counts once; a second, different
// signature by a known key is checked too (Go skips it; C2SP says a known
// key's signature MUST be verified).
//   kInvalidArgument  malformed note: not UTF-8, a control character, no
//                     empty line before the signatures, a line that is not
//                     a signature line, bad base64 (decoded strictly: Go
//                     also takes non-zero unused bits), more than
//                     kMaxNoteSignatures; or two entries of known share a
//                     name and key ID and a line names them
//   kUnauthenticated  a known key's signature does not verify, or no
//                     signature is by a known key
Result<VerifiedNote> OpenNote(std::string_view note, std::span<const NoteVerifier> known);

// OK when text may be (part of) a note's text: valid UTF-8 without control
// characters other than "\n"; otherwise kInvalidArgument naming `what`.
Status CheckNoteText(std::string_view text, std::string_view what);

}  // namespace vigil::ledger
