#include "ledger/note.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>

#include "core/base64.h"
#include "crypto/sha256.h"

namespace vigil::ledger {
namespace {

constexpr std::string_view kSignaturePrefix = "\xe2\x80\x94 ";  // U+2014 em dash, space
constexpr std::string_view kSignerKeyPrefix = "PRIVATE+KEY+";
constexpr std::string_view kVerifierKeyShape = "<name>+<8 hex digit key ID>+<base64 key>";
constexpr std::string_view kSignerKeyShape = "PRIVATE+KEY+<name>+<8 hex digit key ID>+<base64 key>";

std::string_view AsChars(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The length of the UTF-8 sequence at s[i], storing its code point in *cp;
// 0 when the bytes there are not UTF-8 (overlong forms, surrogates and code
// points past U+10FFFF included).
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t lead = byte(i);
  size_t len;
  if (lead < 0x80) {
    *cp = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    len = 2;
    *cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    len = 3;
    *cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    len = 4;
    *cp = lead & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr uint32_t kMinForLength[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (*cp < kMinForLength[len] || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

// Unicode's White_Space property (what Go's unicode.IsSpace reports).
bool IsUnicodeSpace(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

// Signed notes are UTF-8 with no control character but newline.

uint32_t ReadBigEndian32(std::string_view bytes) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(bytes[i]);
  return v;
}

bool ParseKeyId(std::string_view hex, uint32_t* id) {
  if (hex.size() != 8) return false;
  *id = 0;
  for (char c : hex) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return false;
    }
    *id = (*id << 4) | static_cast<uint32_t>(digit);
  }
  return true;
}

std::string KeyText(std::string_view name, uint32_t key_id, const std::array<uint8_t, 32>& key) {
  std::string typed(1, static_cast<char>(kNoteEd25519Type));
  typed.append(AsChars(key.data(), key.size()));
  return fmt::format("{}+{:08x}+{}", name, key_id, Base64Encode(typed));
}

// The fields of a key text after any "PRIVATE+KEY+": name, key ID and the
// 32 key bytes after the type byte. Messages never quote the key material.
struct KeyTextFields {
  std::string_view name;
  uint32_t key_id = 0;
  std::array<uint8_t, 32> key{};
};

Result<KeyTextFields> ParseKeyText(std::string_view text, std::string_view what,
                                   std::string_view shape) {
  const size_t plus1 = text.find('+');
  const size_t plus2 = plus1 == std::string_view::npos ? plus1 : text.find('+', plus1 + 1);
  if (plus2 == std::string_view::npos) {
    return Status::InvalidArgument(fmt::format("{}: expected {}", what, shape));
  }
  KeyTextFields fields;
  fields.name = text.substr(0, plus1);
  RETURN_IF_ERROR(CheckNoteKeyName(fields.name).WithPrefix(what));
  if (!ParseKeyId(text.substr(plus1 + 1, plus2 - plus1 - 1), &fields.key_id)) {
    return Status::InvalidArgument(
        fmt::format("{}: the key ID (after the name) must be 8 hex digits", what));
  }
  std::string key;
  if (!Base64Decode(text.substr(plus2 + 1), &key)) {
    return Status::InvalidArgument(
        fmt::format("{}: the key (after the key ID) is not standard base64 with padding", what));
  }
  if (key.empty()) return Status::InvalidArgument(fmt::format("{}: the key is empty", what));
  if (static_cast<uint8_t>(key[0]) != kNoteEd25519Type) {
    return Status::InvalidArgument(
        fmt::format("{}: key type 0x{:02x} is not Ed25519 (0x01), the only type supported", what,
                    static_cast<uint8_t>(key[0])));
  }
  if (key.size() != 1 + fields.key.size()) {
    return Status::InvalidArgument(
        fmt::format("{}: the Ed25519 key is {} bytes after the type byte; it must be 32", what,
                    key.size() - 1));
  }
  std::copy(key.begin() + 1, key.end(), fields.key.begin());
  std::fill(key.begin(), key.end(), '\0');
  return fields;
}

Status KeyIdMismatch(std::string_view what, uint32_t given, uint32_t computed) {
  return Status::InvalidArgument(
      fmt::format("{}: key ID {:08x} does not match the name and key, which give {:08x}", what,
                  given, computed));
}

// The fields of one signature line.
struct SignatureLine {
  NoteSignature signature;
  std::string bytes;  // after the key ID
};

Result<SignatureLine> ParseSignatureLine(std::string_view line, size_t number) {
  const auto malformed = [&](std::string_view problem) {
    return Status::InvalidArgument(fmt::format("note signature line {}: {}", number, problem));
  };
  if (!line.starts_with(kSignaturePrefix)) {
    return malformed("does not start with \"\xe2\x80\x94 \" (U+2014 em dash, then a space)");
  }
  line.remove_prefix(kSignaturePrefix.size());
  const size_t space = line.find(' ');
  if (space == std::string_view::npos || space + 1 == line.size()) {
    return malformed("expected \"\xe2\x80\x94 <key name> <base64 signature>\"");
  }
  SignatureLine out;
  out.signature.name = std::string(line.substr(0, space));
  out.signature.base64 = std::string(line.substr(space + 1));
  const Status name_ok = CheckNoteKeyName(out.signature.name);
  if (!name_ok.ok()) return malformed(name_ok.message());
  if (out.signature.base64.find(' ') != std::string::npos) {
    return malformed("more than one space after the key name");
  }
  std::string raw;
  if (!Base64Decode(out.signature.base64, &raw)) {
    return malformed("the signature is not standard base64 with padding");
  }
  if (raw.size() < 5) {
    return malformed(fmt::format(
        "the signature is {} bytes; it must hold a 4-byte key ID and at least 1 byte", raw.size()));
  }
  out.signature.key_id = ReadBigEndian32(raw);
  out.bytes = raw.substr(4);
  return out;
}

std::string KeyList(const std::vector<std::pair<std::string, uint32_t>>& keys) {
  if (keys.empty()) return "none";
  std::string out;
  for (const auto& [name, id] : keys) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{}+{:08x}", name, id);
  }
  return out;
}

}  // namespace

Status CheckNoteText(std::string_view text, std::string_view what) {
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(text, i, &cp);
    if (len == 0)
      return Status::InvalidArgument(fmt::format("{}: invalid UTF-8 at byte {}", what, i));
    if (cp < 0x20 && cp != '\n') {
      return Status::InvalidArgument(fmt::format(
          "{}: control character U+{:04X} at byte {}; only newline may appear", what, cp, i));
    }
    i += len;
  }
  return Status::Ok();
}

Status CheckNoteKeyName(std::string_view name) {
  if (name.empty()) return Status::InvalidArgument("key name is empty");
  for (size_t i = 0; i < name.size();) {
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(name, i, &cp);
    std::string_view problem;
    if (len == 0) {
      problem = "is not UTF-8";
    } else if (cp == '+') {
      problem = "has a '+'";
    } else if (IsUnicodeSpace(cp)) {
      problem = "has a space";
    } else if (cp < 0x20) {
      problem = "has a control character";
    }
    if (!problem.empty()) {
      // Only the valid prefix is quoted, so the message is clean text.
      return Status::InvalidArgument(fmt::format(
          "key name \"{}…\" {} at byte {}; key names are UTF-8 without spaces, '+' or control "
          "characters",
          name.substr(0, i), problem, i));
    }
    i += len;
  }
  return Status::Ok();
}

uint32_t NoteKeyId(std::string_view name, const Ed25519PublicKey& public_key) {
  std::string input(name);
  input += '\n';
  input += static_cast<char>(kNoteEd25519Type);
  input.append(AsChars(public_key.data(), public_key.size()));
  const Sha256Digest digest = Sha256(input);
  return ReadBigEndian32(AsChars(digest.data(), 4));
}

// NoteVerifier

NoteVerifier::NoteVerifier(std::string name, const Ed25519PublicKey& public_key)
    : name_(std::move(name)), public_key_(public_key), key_id_(NoteKeyId(name_, public_key_)) {}

Result<NoteVerifier> NoteVerifier::Parse(std::string_view verifier_key) {
  constexpr std::string_view kWhat = "verifier key";
  ASSIGN_OR_RETURN(const KeyTextFields fields,
                   ParseKeyText(verifier_key, kWhat, kVerifierKeyShape));
  NoteVerifier verifier(std::string(fields.name), fields.key);
  if (verifier.key_id() != fields.key_id) {
    return KeyIdMismatch(kWhat, fields.key_id, verifier.key_id());
  }
  return verifier;
}

Result<NoteVerifier> NoteVerifier::Create(std::string name, const Ed25519PublicKey& public_key) {
  RETURN_IF_ERROR(CheckNoteKeyName(name));
  return NoteVerifier(std::move(name), public_key);
}

std::string NoteVerifier::verifier_key() const { return KeyText(name_, key_id_, public_key_); }

bool NoteVerifier::Verify(std::string_view text, const Ed25519Signature& signature) const {
  return Ed25519Verify(public_key_, text, signature);
}

// NoteSigner

NoteSigner::NoteSigner(std::string name, Ed25519PrivateKey key)
    : name_(std::move(name)), key_(std::move(key)), key_id_(NoteKeyId(name_, key_.public_key())) {}

Result<NoteSigner> NoteSigner::Parse(std::string_view signer_key) {
  constexpr std::string_view kWhat = "signer key";
  if (!signer_key.starts_with(kSignerKeyPrefix)) {
    return Status::InvalidArgument(fmt::format("{}: expected {}", kWhat, kSignerKeyShape));
  }
  ASSIGN_OR_RETURN(KeyTextFields fields, ParseKeyText(signer_key.substr(kSignerKeyPrefix.size()),
                                                      kWhat, kSignerKeyShape));
  Result<Ed25519PrivateKey> key = Ed25519PrivateKey::FromSeed(AsChars(fields.key.data(), 32));
  std::fill(fields.key.begin(), fields.key.end(), 0);
  if (!key.ok()) return key.status();
  NoteSigner signer(std::string(fields.name), std::move(key).value());
  if (signer.key_id() != fields.key_id) {
    return KeyIdMismatch(kWhat, fields.key_id, signer.key_id());
  }
  return signer;
}

Result<NoteSigner> NoteSigner::Create(std::string name, Ed25519PrivateKey key) {
  RETURN_IF_ERROR(CheckNoteKeyName(name));
  return NoteSigner(std::move(name), std::move(key));
}

Result<NoteSigner> NoteSigner::Generate(std::string name) {
  RETURN_IF_ERROR(CheckNoteKeyName(name));
  ASSIGN_OR_RETURN(Ed25519PrivateKey key, Ed25519PrivateKey::Generate());
  return NoteSigner(std::move(name), std::move(key));
}

std::string NoteSigner::signer_key() const {
  return std::string(kSignerKeyPrefix) + KeyText(name_, key_id_, key_.seed());
}

std::string NoteSigner::verifier_key() const { return KeyText(name_, key_id_, key_.public_key()); }

NoteVerifier NoteSigner::verifier() const { return NoteVerifier(name_, key_.public_key()); }

// Notes

Result<std::string> SignNote(std::string_view text, const NoteSigner& signer) {
  if (text.empty() || text.back() != '\n') {
    return Status::InvalidArgument("note text: does not end with a newline");
  }
  RETURN_IF_ERROR(CheckNoteText(text, "note text"));
  const Ed25519Signature signature = signer.Sign(text);
  std::string bytes(4, '\0');
  for (size_t i = 0; i < 4; ++i) bytes[i] = static_cast<char>(signer.key_id() >> (24 - 8 * i));
  bytes.append(AsChars(signature.data(), signature.size()));
  return fmt::format("{}\n{}{} {}\n", text, kSignaturePrefix, signer.name(), Base64Encode(bytes));
}

Result<VerifiedNote> OpenNote(std::string_view note, std::span<const NoteVerifier> known) {
  RETURN_IF_ERROR(CheckNoteText(note, "note"));
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return Status::InvalidArgument(
        "note: no empty line before the signatures (a note is its text, an empty line, then "
        "signature lines)");
  }
  VerifiedNote out;
  out.text = std::string(note.substr(0, split + 1));
  std::string_view lines = note.substr(split + 2);
  if (lines.empty()) return Status::InvalidArgument("note: no signature line after the empty line");
  if (lines.back() != '\n') {
    return Status::InvalidArgument("note: the last signature line does not end with a newline");
  }

  std::set<std::string_view> seen_lines;
  std::vector<std::pair<std::string, uint32_t>> signed_by;
  for (size_t number = 1; !lines.empty(); ++number) {
    const size_t end = lines.find('\n');
    const std::string_view line = lines.substr(0, end);
    lines.remove_prefix(end + 1);
    if (number > kMaxNoteSignatures) {
      return Status::InvalidArgument(
          fmt::format("note: more than {} signature lines", kMaxNoteSignatures));
    }
    ASSIGN_OR_RETURN(SignatureLine parsed, ParseSignatureLine(line, number));
    if (!seen_lines.insert(line).second) continue;  // an identical line counts once
    NoteSignature& sig = parsed.signature;
    signed_by.emplace_back(sig.name, sig.key_id);

    const NoteVerifier* verifier = nullptr;
    for (size_t i = 0; i < known.size(); ++i) {
      if (known[i].name() != sig.name || known[i].key_id() != sig.key_id) continue;
      if (verifier != nullptr) {
        return Status::InvalidArgument(
            fmt::format("note: known keys {} and {} are both {}+{:08x}; list each key once",
                        verifier - known.data(), i, sig.name, sig.key_id));
      }
      verifier = &known[i];
    }
    if (verifier == nullptr) {
      out.unverified.push_back(std::move(sig));
      continue;
    }
    Ed25519Signature ed_sig;
    if (parsed.bytes.size() != ed_sig.size()) {
      return Status::Unauthenticated(fmt::format(
          "signature by {} does not verify (signature line {}, key ID {:08x}): it is {} bytes; "
          "an Ed25519 signature is 64",
          sig.name, number, sig.key_id, parsed.bytes.size()));
    }
    std::copy(parsed.bytes.begin(), parsed.bytes.end(), ed_sig.begin());
    if (!verifier->Verify(out.text, ed_sig)) {
      return Status::Unauthenticated(
          fmt::format("signature by {} does not verify (signature line {}, key ID {:08x})",
                      sig.name, number, sig.key_id));
    }
    const bool repeat = std::any_of(out.verified.begin(), out.verified.end(), [&](const auto& v) {
      return v.name == sig.name && v.key_id == sig.key_id;
    });
    if (!repeat) out.verified.push_back(std::move(sig));
  }
  if (out.verified.empty()) {
    std::vector<std::pair<std::string, uint32_t>> known_keys;
    for (const NoteVerifier& v : known) known_keys.emplace_back(v.name(), v.key_id());
    return Status::Unauthenticated(
        fmt::format("note has no signature by a known key (signed by: {}; known keys: {})",
                    KeyList(signed_by), KeyList(known_keys)));
  }
  return out;
}

}  // namespace vigil::ledger
