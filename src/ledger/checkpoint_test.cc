#include "ledger/checkpoint.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base64.h"
#include "crypto/sha256.h"

namespace vigil::ledger {
namespace {

// Known answers from golang.org/x/mod/sumdb/note (note.go's package comment
// and note_test.go): the same keys, text and signature lines, so that our
// encoding is byte-identical with Go's.
constexpr std::string_view kPeterSignerKey =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kPeterVerifierKey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kEnochVerifierKey =
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
constexpr std::string_view kText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kPeterSig =
    "\xe2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
constexpr std::string_view kEnochSig =
    "\xe2\x80\x94 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
    "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";
const NoteSignature kPeter{
    "PeterNeumann", 0xc74f20a3,
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="};
const NoteSignature kEnoch{
    "EnochRoot", 0xaf0cfe78,
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ="};

// A real checkpoint of the Go checksum database (sum.golang.org/latest on
// 2024-09-23, as quoted in sigsum-go's tests) and the database's published
// verifier key (Go's cmd/go/internal/modfetch/key.go). Its origin is not its
// key name, which OpenCheckpoint must refuse.
constexpr std::string_view kSumdbVerifierKey =
    "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
constexpr std::string_view kSumdbNote =
    "go.sum database tree\n"
    "30055305\n"
    "mXfgRcJ0bG0j3CPdKwgGWtUzBUbX67saZGRmFuJGGsM=\n"
    "\n"
    "\xe2\x80\x94 sum.golang.org "
    "Az3grpgEild5qw7+5dtV13Kf1C2Xurm8q4fhdxvcsDHnqNTaxL2AFjBY+2TyGKevucFcAAlWFJJYle3EJlDCrQ+y3A8="
    "\n";

NoteVerifier Verifier(std::string_view key) {
  Result<NoteVerifier> v = NoteVerifier::Parse(key);
  EXPECT_TRUE(v.ok()) << v.status().message();
  return std::move(v).value();
}

NoteSigner Signer(std::string_view key) {
  Result<NoteSigner> s = NoteSigner::Parse(key);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(s).value();
}

NoteSigner GeneratedSigner(std::string name) {
  Result<NoteSigner> s = NoteSigner::Generate(std::move(name));
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(s).value();
}

Hash RootFromBase64(std::string_view text) {
  std::string bytes;
  EXPECT_TRUE(Base64Decode(text, &bytes));
  Hash h{};
  EXPECT_EQ(bytes.size(), h.size());
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

std::string Replace(std::string s, std::string_view from, std::string_view to) {
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

// Expects an error with this code and exactly this message.
template <typename T>
void ExpectError(const Result<T>& r, StatusCode code, std::string_view message) {
  ASSERT_FALSE(r.ok()) << "expected: " << message;
  EXPECT_EQ(r.status().code(), code) << r.status().message();
  EXPECT_EQ(r.status().message(), message);
}

// ---------------------------------------------------------------- keys

TEST(NoteKeyTest, GoKnownKeys) {
  const NoteSigner peter = Signer(kPeterSignerKey);
  EXPECT_EQ(peter.name(), "PeterNeumann");
  EXPECT_EQ(peter.key_id(), 0xc74f20a3u);
  EXPECT_EQ(peter.signer_key(), kPeterSignerKey);
  EXPECT_EQ(peter.verifier_key(), kPeterVerifierKey);

  const NoteVerifier v = Verifier(kPeterVerifierKey);
  EXPECT_EQ(v.name(), "PeterNeumann");
  EXPECT_EQ(v.key_id(), 0xc74f20a3u);
  EXPECT_EQ(v.public_key(), peter.verifier().public_key());
  EXPECT_EQ(v.verifier_key(), kPeterVerifierKey);
  EXPECT_EQ(NoteKeyId("PeterNeumann", v.public_key()), 0xc74f20a3u);

  EXPECT_EQ(Verifier(kEnochVerifierKey).key_id(), 0xaf0cfe78u);
  const NoteVerifier sumdb = Verifier(kSumdbVerifierKey);
  EXPECT_EQ(sumdb.key_id(), 0x033de0aeu);
  EXPECT_EQ(sumdb.verifier_key(), kSumdbVerifierKey);
}

TEST(NoteKeyTest, GeneratedKeysRoundTripThroughTheirTexts) {
  const NoteSigner signer = GeneratedSigner("vigil.example/ledger");
  const NoteSigner again = Signer(signer.signer_key());
  EXPECT_EQ(again.key_id(), signer.key_id());
  EXPECT_EQ(again.Sign("x\n"), signer.Sign("x\n"));
  const NoteVerifier v = Verifier(signer.verifier_key());
  EXPECT_EQ(v.key_id(), NoteKeyId("vigil.example/ledger", v.public_key()));
  EXPECT_TRUE(v.Verify("x\n", signer.Sign("x\n")));
  EXPECT_FALSE(v.Verify("y\n", signer.Sign("x\n")));
  Result<NoteVerifier> created = NoteVerifier::Create("vigil.example/ledger", v.public_key());
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->verifier_key(), signer.verifier_key());
}

// As Go's TestNewVerifier and TestNewSigner: every proper substring of a
// valid key text, and every text with one byte changed, is refused.
TEST(NoteKeyTest, ManglingsOfKeyTextsAreRefused) {
  for (const std::string_view valid : {kPeterVerifierKey, kPeterSignerKey}) {
    const bool secret = valid == kPeterSignerKey;
    const auto refused = [&](const std::string& text) {
      const Status s =
          secret ? NoteSigner::Parse(text).status() : NoteVerifier::Parse(text).status();
      EXPECT_TRUE(s.IsInvalidArgument()) << text;
      // A signer key's error never quotes its key material.
      if (secret) {
        EXPECT_EQ(s.message().find("AYEKFALV"), std::string::npos) << s.message();
      }
    };
    for (size_t i = 0; i <= valid.size(); ++i) {
      for (size_t j = i + 1; j <= valid.size(); ++j) {
        if (i != 0 || j != valid.size()) refused(std::string(valid.substr(i, j - i)));
      }
    }
    for (size_t i = 0; i < valid.size(); ++i) {
      std::string text(valid);
      ++text[i];
      refused(text);
    }
  }
  // Go's two extra cases: a key of the wrong length and an unknown type
  // byte, each with a key ID that matches.
  EXPECT_FALSE(NoteVerifier::Parse(
                   "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
                   .ok());
  ExpectError(
      NoteVerifier::Parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
      StatusCode::kInvalidArgument,
      "verifier key: key type 0x65 is not Ed25519 (0x01), the only type supported");
}

TEST(NoteKeyTest, KeyTextErrorsSayWhatIsWrong) {
  const StatusCode kBad = StatusCode::kInvalidArgument;
  ExpectError(NoteVerifier::Parse("PeterNeumann"), kBad,
              "verifier key: expected <name>+<8 hex digit key ID>+<base64 key>");
  ExpectError(
      NoteVerifier::Parse("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
      kBad,
      "verifier key: key name \"Peter…\" has a space at byte 5; key names are UTF-8 without "
      "spaces, '+' or control characters");
  ExpectError(
      NoteVerifier::Parse("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
      kBad, "verifier key: the key ID (after the name) must be 8 hex digits");
  ExpectError(
      NoteVerifier::Parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
      kBad, "verifier key: key ID c74f20a4 does not match the name and key, which give c74f20a3");
  ExpectError(
      NoteVerifier::Parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T"),
      kBad, "verifier key: the key (after the key ID) is not standard base64 with padding");
  ExpectError(NoteVerifier::Parse("PeterNeumann+c74f20a3+"), kBad,
              "verifier key: the key is empty");
  ExpectError(NoteVerifier::Parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy"),
              kBad, "verifier key: the Ed25519 key is 29 bytes after the type byte; it must be 32");
  // Go reads the key ID with ParseUint(…, 16, 32), which takes either case.
  EXPECT_TRUE(
      NoteVerifier::Parse("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
          .ok());

  ExpectError(
      NoteSigner::Parse("PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"), kBad,
      "signer key: expected PRIVATE+KEY+<name>+<8 hex digit key ID>+<base64 key>");
  ExpectError(NoteSigner::Parse(
                  "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"),
              kBad,
              "signer key: key ID c74f20a4 does not match the name and key, which give c74f20a3");
  // The public half is not a private key.
  ExpectError(NoteSigner::Parse("PRIVATE+KEY+" + std::string(kPeterVerifierKey)), kBad,
              "signer key: key ID c74f20a3 does not match the name and key, which give 046c9a0e");
}

TEST(NoteKeyTest, KeyNames) {
  for (const char* good : {"PeterNeumann", "example.com/log42",
                           "\xc3\xbcnic\xc3\xb6"
                           "de",
                           "zero\xe2\x80\x8bwidth",  // U+200B is not a space in Unicode
                           "a=b/c_d-e.f~g"}) {
    EXPECT_TRUE(CheckNoteKeyName(good).ok()) << good;
  }
  const auto problem = [](std::string_view name) { return CheckNoteKeyName(name).message(); };
  EXPECT_EQ(problem(""), "key name is empty");
  const std::string kRule = "; key names are UTF-8 without spaces, '+' or control characters";
  EXPECT_EQ(problem("a+b"), "key name \"a…\" has a '+' at byte 1" + kRule);
  EXPECT_EQ(problem("a b"), "key name \"a…\" has a space at byte 1" + kRule);
  EXPECT_EQ(problem("ab\t"), "key name \"ab…\" has a space at byte 2" + kRule);
  EXPECT_EQ(problem("a\xc2\xa0"
                    "b"),
            "key name \"a…\" has a space at byte 1" + kRule);  // U+00A0
  EXPECT_EQ(problem("a\xe3\x80\x80"
                    "b"),
            "key name \"a…\" has a space at byte 1" + kRule);                            // U+3000
  EXPECT_EQ(problem("a\xe2\x80\xa8"), "key name \"a…\" has a space at byte 1" + kRule);  // U+2028
  EXPECT_EQ(problem("a\x01"), "key name \"a…\" has a control character at byte 1" + kRule);
  EXPECT_EQ(problem("a\xff"), "key name \"a…\" is not UTF-8 at byte 1" + kRule);
  EXPECT_EQ(problem("a\xc0\xaf"), "key name \"a…\" is not UTF-8 at byte 1" + kRule);    // overlong
  EXPECT_EQ(problem("\xed\xa0\x80"), "key name \"…\" is not UTF-8 at byte 0" + kRule);  // surrogate
  EXPECT_FALSE(NoteVerifier::Create("a b", Verifier(kPeterVerifierKey).public_key()).ok());
  EXPECT_FALSE(NoteSigner::Generate("").ok());
}

// ---------------------------------------------------------------- notes

TEST(SignNoteTest, GoKnownAnswer) {
  Result<std::string> note = SignNote(kText, Signer(kPeterSignerKey));
  ASSERT_TRUE(note.ok()) << note.status().message();
  EXPECT_EQ(*note, std::string(kText) + "\n" + std::string(kPeterSig));
}

TEST(SignNoteTest, RefusesTextThatNoVerifierWouldOpen) {
  const NoteSigner peter = Signer(kPeterSignerKey);
  const StatusCode kBad = StatusCode::kInvalidArgument;
  ExpectError(SignNote("abc", peter), kBad, "note text: does not end with a newline");
  ExpectError(SignNote("", peter), kBad, "note text: does not end with a newline");
  ExpectError(SignNote("a\tb\n", peter), kBad,
              "note text: control character U+0009 at byte 1; only newline may appear");
  ExpectError(SignNote("a\r\n", peter), kBad,
              "note text: control character U+000D at byte 1; only newline may appear");
  ExpectError(SignNote("ab\xe2\x80\n", peter), kBad, "note text: invalid UTF-8 at byte 2");
}

TEST(SignNoteTest, TextWithEmptyLinesRoundTrips) {
  // The signatures start after the last empty line, so the text may hold
  // empty lines, even at its end.
  const NoteSigner peter = Signer(kPeterSignerKey);
  const NoteVerifier known[] = {peter.verifier()};
  for (std::string_view text : {"\n", "a\n\nb\n", "a\n\n", "\n\n\n", "tab\xc2\xa0ok \x7f\n"}) {
    Result<std::string> note = SignNote(text, peter);
    ASSERT_TRUE(note.ok()) << note.status().message();
    Result<VerifiedNote> opened = OpenNote(*note, known);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    EXPECT_EQ(opened->text, text);
    EXPECT_EQ(opened->verified.size(), 1u);
  }
}

TEST(OpenNoteTest, GoKnownAnswers) {
  const NoteVerifier peter = Verifier(kPeterVerifierKey);
  const NoteVerifier enoch = Verifier(kEnochVerifierKey);
  const std::string note =
      std::string(kText) + "\n" + std::string(kPeterSig) + std::string(kEnochSig);

  const NoteVerifier just_peter[] = {peter};
  Result<VerifiedNote> opened = OpenNote(note, just_peter);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(opened->text, kText);
  EXPECT_EQ(opened->verified, std::vector<NoteSignature>{kPeter});
  EXPECT_EQ(opened->unverified, std::vector<NoteSignature>{kEnoch});

  const NoteVerifier both[] = {peter, enoch};
  opened = OpenNote(note, both);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(opened->verified, (std::vector<NoteSignature>{kPeter, kEnoch}));
  EXPECT_TRUE(opened->unverified.empty());

  ExpectError(OpenNote(note, {}), StatusCode::kUnauthenticated,
              "note has no signature by a known key (signed by: PeterNeumann+c74f20a3, "
              "EnochRoot+af0cfe78; known keys: none)");
  const NoteVerifier just_enoch[] = {enoch};
  ExpectError(OpenNote(std::string(kText) + "\n" + std::string(kPeterSig), just_enoch),
              StatusCode::kUnauthenticated,
              "note has no signature by a known key (signed by: PeterNeumann+c74f20a3; known "
              "keys: EnochRoot+af0cfe78)");
}

TEST(OpenNoteTest, AmbiguousKnownKeys) {
  const NoteVerifier peter = Verifier(kPeterVerifierKey);
  const NoteVerifier enoch = Verifier(kEnochVerifierKey);
  const NoteVerifier known[] = {enoch, peter, enoch};
  ExpectError(OpenNote(std::string(kText) + "\n" + std::string(kEnochSig), known),
              StatusCode::kInvalidArgument,
              "note: known keys 0 and 2 are both EnochRoot+af0cfe78; list each key once");
  // A repeated key that signed nothing is harmless (as in Go).
  EXPECT_TRUE(OpenNote(std::string(kText) + "\n" + std::string(kPeterSig), known).ok());
}

TEST(OpenNoteTest, SignatureCountLimit) {
  const NoteVerifier known[] = {Verifier(kPeterVerifierKey)};
  std::string note = std::string(kText) + "\n";
  for (size_t i = 0; i < kMaxNoteSignatures; ++i) note += kPeterSig;
  EXPECT_TRUE(OpenNote(note, known).ok());
  note += kPeterSig;
  ExpectError(OpenNote(note, known), StatusCode::kInvalidArgument,
              "note: more than 100 signature lines");
  ExpectError(OpenNote(note, {}), StatusCode::kInvalidArgument,
              "note: more than 100 signature lines");
}

TEST(OpenNoteTest, RepeatedSignatureLines) {
  const NoteVerifier known[] = {Verifier(kPeterVerifierKey)};
  const std::string text = std::string(kText) + "\n";
  const std::string peter(kPeterSig), enoch(kEnochSig);
  // Go's case: repeated lines count once; a changed line by an unknown key
  // is one more unverified signature.
  const std::string enoch_abcd = enoch.substr(0, 60) + "ABCD" + enoch.substr(60);
  Result<VerifiedNote> opened = OpenNote(text + peter + peter + enoch + enoch + enoch_abcd, known);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(opened->verified, std::vector<NoteSignature>{kPeter});
  ASSERT_EQ(opened->unverified.size(), 2u);
  EXPECT_EQ(opened->unverified[0], kEnoch);
  EXPECT_EQ(opened->unverified[1].base64, enoch_abcd.substr(14, enoch_abcd.size() - 15));
  // A second, different line by a known key is checked too (Go would skip
  // it unchecked).
  const std::string forged = Replace(peter, "ZJkuBS9U", "ZJkuBS9V");
  ExpectError(OpenNote(text + peter + forged, known), StatusCode::kUnauthenticated,
              "signature by PeterNeumann does not verify (signature line 2, key ID c74f20a3)");
}

TEST(OpenNoteTest, ForgedSignatures) {
  const NoteVerifier known[] = {Verifier(kPeterVerifierKey)};
  const std::string text(kText), peter(kPeterSig);
  const StatusCode kForged = StatusCode::kUnauthenticated;
  // Go's "invalid signature" case: 3 bytes more.
  ExpectError(OpenNote(text + "\n" + peter.substr(0, 60) + "ABCD" + peter.substr(60), known),
              kForged,
              "signature by PeterNeumann does not verify (signature line 1, key ID c74f20a3): it "
              "is 67 bytes; an Ed25519 signature is 64");
  // One byte of the text changed.
  ExpectError(OpenNote(Replace(text, "answer", "Answer") + "\n" + peter, known), kForged,
              "signature by PeterNeumann does not verify (signature line 1, key ID c74f20a3)");
  // Truncated to whole base64 groups (still base64), then mid-group (not).
  const size_t b64_begin = peter.find(' ', 4) + 1;
  ExpectError(OpenNote(text + "\n" + peter.substr(0, b64_begin + 88) + "\n", known), kForged,
              "signature by PeterNeumann does not verify (signature line 1, key ID c74f20a3): it "
              "is 62 bytes; an Ed25519 signature is 64");
  ExpectError(OpenNote(text + "\n" + peter.substr(0, b64_begin + 87) + "\n", known),
              StatusCode::kInvalidArgument,
              "note signature line 1: the signature is not standard base64 with padding");
  // Another key under the same name has another key ID: not a known key.
  const NoteSigner impostor = GeneratedSigner("PeterNeumann");
  Result<std::string> by_impostor = SignNote(text, impostor);
  ASSERT_TRUE(by_impostor.ok());
  Result<VerifiedNote> opened = OpenNote(*by_impostor, known);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), kForged);
  EXPECT_TRUE(opened.status().message().starts_with(
      "note has no signature by a known key (signed by: PeterNeumann+"))
      << opened.status().message();
  // Go's renamed and re-keyed lines: unknown keys.
  ExpectError(OpenNote(text + "\n" + Replace(peter, "PeterNeumann", "CarmenSandiego"), known),
              kForged,
              "note has no signature by a known key (signed by: CarmenSandiego+c74f20a3; known "
              "keys: PeterNeumann+c74f20a3)");
  ExpectError(OpenNote(text + "\n" + Replace(peter, "x08g", "xxxx"), known), kForged,
              "note has no signature by a known key (signed by: PeterNeumann+c71c71a3; known "
              "keys: PeterNeumann+c74f20a3)");
}

TEST(OpenNoteTest, MalformedNotes) {
  const NoteVerifier known[] = {Verifier(kPeterVerifierKey)};
  const std::string text(kText), peter(kPeterSig);
  const StatusCode kBad = StatusCode::kInvalidArgument;
  // Go's bad messages, in its order.
  ExpectError(OpenNote(text, known), kBad,
              "note: no empty line before the signatures (a note is its text, an empty line, then "
              "signature lines)");
  ExpectError(OpenNote(text + "\n", known), kBad, "note: no signature line after the empty line");
  ExpectError(OpenNote(text + "\n" + peter.substr(0, peter.size() - 1), known), kBad,
              "note: the last signature line does not end with a newline");
  ExpectError(OpenNote("\x01" + text + "\n" + peter, known), kBad,
              "note: control character U+0001 at byte 0; only newline may appear");
  ExpectError(OpenNote("\xff" + text + "\n" + peter, known), kBad, "note: invalid UTF-8 at byte 0");
  ExpectError(OpenNote(text + "\n" + Replace(peter, "PeterNeumann", "Bad Name"), known), kBad,
              "note signature line 1: more than one space after the key name");
  ExpectError(OpenNote(text + "\n" + peter + "Unexpected line.\n", known), kBad,
              "note signature line 2: does not start with \"\xe2\x80\x94 \" (U+2014 em dash, then "
              "a space)");
  // More of the same.
  ExpectError(OpenNote(text + "\n" + Replace(peter, "\xe2\x80\x94", "-"), known), kBad,
              "note signature line 1: does not start with \"\xe2\x80\x94 \" (U+2014 em dash, then "
              "a space)");
  ExpectError(OpenNote(text + "\n\xe2\x80\x94 PeterNeumann\n", known), kBad,
              "note signature line 1: expected \"\xe2\x80\x94 <key name> <base64 signature>\"");
  ExpectError(OpenNote(text + "\n\xe2\x80\x94 PeterNeumann \n", known), kBad,
              "note signature line 1: expected \"\xe2\x80\x94 <key name> <base64 signature>\"");
  ExpectError(OpenNote(text + "\n" + Replace(peter, "x08go/", "x08go!"), known), kBad,
              "note signature line 1: the signature is not standard base64 with padding");
  // Non-zero unused bits in the last character: base64 is decoded strictly
  // (one text per byte string), where Go would accept this line.
  ExpectError(OpenNote(text + "\n" + Replace(peter, "AM=", "AN="), known), kBad,
              "note signature line 1: the signature is not standard base64 with padding");
  ExpectError(OpenNote(text + "\n\xe2\x80\x94 PeterNeumann x08goA==\n", known), kBad,
              "note signature line 1: the signature is 4 bytes; it must hold a 4-byte key ID and "
              "at least 1 byte");
  ExpectError(OpenNote(text + "\n\xe2\x80\x94 Peter+Neumann x08go/ZJ\n", known), kBad,
              "note signature line 1: key name \"Peter…\" has a '+' at byte 5; key names are UTF-8 "
              "without spaces, '+' or control characters");
  // An empty line inside the signatures moves the split: the first
  // signature becomes part of the text, and the second no longer verifies.
  ExpectError(OpenNote(text + "\n" + peter + "\n" + peter, known), StatusCode::kUnauthenticated,
              "signature by PeterNeumann does not verify (signature line 1, key ID c74f20a3)");
}

// ---------------------------------------------------------------- checkpoints

TEST(CheckpointTest, C2spExampleBodyRoundTrips) {
  constexpr std::string_view kBody =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  Result<Checkpoint> parsed = ParseCheckpointBody(kBody);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(parsed->size, 20852163u);
  EXPECT_EQ(parsed->root, RootFromBase64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));
  EXPECT_TRUE(parsed->extensions.empty());
  EXPECT_EQ(FormatCheckpointBody(*parsed), kBody);

  Checkpoint with_extensions = *parsed;
  with_extensions.extensions = {"one extension", "\xe2\x80\x94 two"};
  const std::string body = FormatCheckpointBody(with_extensions);
  EXPECT_EQ(body, std::string(kBody) + "one extension\n\xe2\x80\x94 two\n");
  EXPECT_EQ(ParseCheckpointBody(body).value(), with_extensions);
}

TEST(CheckpointTest, GoChecksumDatabaseCheckpoint) {
  const NoteVerifier sumdb[] = {Verifier(kSumdbVerifierKey)};
  Result<VerifiedNote> opened = OpenNote(kSumdbNote, sumdb);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  Result<Checkpoint> checkpoint = ParseCheckpointBody(opened->text);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().message();
  EXPECT_EQ(checkpoint->origin, "go.sum database tree");
  EXPECT_EQ(checkpoint->size, 30055305u);
  EXPECT_EQ(checkpoint->root, RootFromBase64("mXfgRcJ0bG0j3CPdKwgGWtUzBUbX67saZGRmFuJGGsM="));
  EXPECT_EQ(FormatCheckpointBody(*checkpoint), opened->text);
  // Signed by sum.golang.org over the origin "go.sum database tree".
  ExpectError(OpenCheckpoint(kSumdbNote, sumdb[0]), StatusCode::kInvalidArgument,
              "checkpoint origin \"go.sum database tree\" differs from the log key's name "
              "\"sum.golang.org\"; a log's key is named after its origin");
}

TEST(CheckpointTest, BodyErrorsNameTheLine) {
  const std::string root = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";  // SHA-256("")
  const std::pair<std::string, std::string> cases[] = {
      {"", "checkpoint body: does not end with a newline"},
      {"o\n1\n" + root, "checkpoint body: does not end with a newline"},
      {"o\n1\n", "checkpoint body: 2 line(s); it needs at least 3 (origin, tree size, root hash)"},
      {"\n", "checkpoint body: 1 line(s); it needs at least 3 (origin, tree size, root hash)"},
      {"\n1\n" + root + "\n", "checkpoint line 1 (origin): empty"},
      {"o\n\n" + root + "\n", "checkpoint line 2 (tree size): empty"},
      {"o\n012\n" + root + "\n", "checkpoint line 2 (tree size): \"012\" has a leading zero"},
      {"o\n00\n" + root + "\n", "checkpoint line 2 (tree size): \"00\" has a leading zero"},
      {"o\n-1\n" + root + "\n",
       "checkpoint line 2 (tree size): \"-1\" is not a decimal number (digits 0-9 only)"},
      {"o\n+1\n" + root + "\n",
       "checkpoint line 2 (tree size): \"+1\" is not a decimal number (digits 0-9 only)"},
      {"o\n 1\n" + root + "\n",
       "checkpoint line 2 (tree size): \" 1\" is not a decimal number (digits 0-9 only)"},
      {"o\n0x10\n" + root + "\n",
       "checkpoint line 2 (tree size): \"0x10\" is not a decimal number (digits 0-9 only)"},
      {"o\n18446744073709551616\n" + root + "\n",
       "checkpoint line 2 (tree size): \"18446744073709551616\" is larger than 2^64-1"},
      {"o\n1\n" + root.substr(0, 43) + "\n", "checkpoint line 3 (root hash): \"" +
                                                 root.substr(0, 43) +
                                                 "\" is not standard base64 with padding"},
      {"o\n1\n47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=\n",
       "checkpoint line 3 (root hash): \"47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU=\" is not "
       "standard base64 with padding"},
      {"o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=\n",  // non-zero unused bits
       "checkpoint line 3 (root hash): \"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=\" is not "
       "standard base64 with padding"},
      {"o\n1\nAAAA\n", "checkpoint line 3 (root hash): decodes to 3 bytes; a SHA-256 hash is 32"},
      {"o\n1\n" + root + "\n\n",
       "checkpoint line 4 (extension): empty; extension lines must be non-empty"},
      {"o\n1\n" + root + "\next\n\nmore\n",
       "checkpoint line 5 (extension): empty; extension lines must be non-empty"},
      {"o\r\n1\n" + root + "\n",
       "checkpoint body: control character U+000D at byte 1; only newline may appear"},
  };
  for (const auto& [body, message] : cases) {
    ExpectError(ParseCheckpointBody(body), StatusCode::kInvalidArgument, message);
  }
  Result<Checkpoint> largest = ParseCheckpointBody("o\n18446744073709551615\n" + root + "\n");
  ASSERT_TRUE(largest.ok()) << largest.status().message();
  EXPECT_EQ(largest->size, UINT64_MAX);
  Result<Checkpoint> empty = ParseCheckpointBody("a log with spaces\n0\n" + root + "\n");
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_EQ(empty->size, 0u);
  EXPECT_EQ(empty->root, EmptyTreeHash());
}

TEST(CheckpointTest, SignAndOpenRoundTrip) {
  const NoteSigner log = GeneratedSigner("vigil.example/ledger");
  const Checkpoint checkpoint{"vigil.example/ledger", 12345, LeafHash("x"), {"ext"}};
  Result<std::string> note = SignCheckpoint(checkpoint, log);
  ASSERT_TRUE(note.ok()) << note.status().message();
  Result<Checkpoint> opened = OpenCheckpoint(*note, log.verifier());
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(*opened, checkpoint);

  // A witness's cosignature (an unknown key to the log's clients) is ignored.
  const NoteSigner witness = GeneratedSigner("witness.example");
  Result<std::string> cosigned = SignNote(FormatCheckpointBody(checkpoint), witness);
  ASSERT_TRUE(cosigned.ok());
  const std::string both = *note + cosigned->substr(cosigned->rfind("\n\n") + 2);
  opened = OpenCheckpoint(both, log.verifier());
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(*opened, checkpoint);
  // The witness's key alone does not make it the log's checkpoint.
  opened = OpenCheckpoint(*cosigned, log.verifier());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kUnauthenticated);
}

TEST(CheckpointTest, ForgedCheckpointsAreRefused) {
  const NoteSigner log = GeneratedSigner("vigil.example/ledger");
  const NoteVerifier key = log.verifier();
  const Checkpoint checkpoint{"vigil.example/ledger", 8, LeafHash("a"), {}};
  const std::string note = SignCheckpoint(checkpoint, log).value();
  const std::string root_b64 = Base64Encode(std::string_view(
      reinterpret_cast<const char*>(checkpoint.root.data()), checkpoint.root.size()));
  const std::string does_not_verify = fmt::format(
      "signature by vigil.example/ledger does not verify (signature line 1, key ID {:08x})",
      key.key_id());

  // A changed size, a swapped root, a changed origin: the signature fails.
  ExpectError(OpenCheckpoint(Replace(note, "\n8\n", "\n9\n"), key), StatusCode::kUnauthenticated,
              does_not_verify);
  const std::string other_root = Base64Encode(std::string(32, 'r'));
  ExpectError(OpenCheckpoint(Replace(note, root_b64, other_root), key),
              StatusCode::kUnauthenticated, does_not_verify);
  ExpectError(
      OpenCheckpoint(Replace(note, "vigil.example/ledger\n", "vigil.example/ledgeR\n"), key),
      StatusCode::kUnauthenticated, does_not_verify);
  // Another key, even under the log's name, is not the log's key.
  const NoteSigner impostor = GeneratedSigner("vigil.example/ledger");
  Result<Checkpoint> opened = OpenCheckpoint(SignCheckpoint(checkpoint, impostor).value(), key);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(opened.status().message(),
            fmt::format("note has no signature by a known key (signed by: "
                        "vigil.example/ledger+{:08x}; known keys: vigil.example/ledger+{:08x})",
                        impostor.key_id(), key.key_id()));
  // The log's key over a text that is not a checkpoint.
  ExpectError(OpenCheckpoint(SignNote("hello\n", log).value(), key), StatusCode::kInvalidArgument,
              "checkpoint body: 1 line(s); it needs at least 3 (origin, tree size, root hash)");
  // A signature line repeated is still one signature.
  const std::string sig_line = note.substr(note.rfind("\n\n") + 2);
  opened = OpenCheckpoint(note + sig_line, key);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(*opened, checkpoint);
}

// The worked example of docs/format/ledger.md "Checkpoints": the CT
// reference tree of 8 leaves (merkle_test.cc), signed with the key whose seed
// is SHA-256("vigil checkpoint example"). The same bytes come out of an
// independent Python implementation (hashlib, base64, pyca/cryptography).
constexpr std::string_view kExampleSignerKey =
    "PRIVATE+KEY+vigil.example/ledger+eb191584+AfVKKBIV8La+PiW9a6iWK1GJ5drYXmR0yUIjRUSmWq8g";
constexpr std::string_view kExampleVerifierKey =
    "vigil.example/ledger+eb191584+Ab4bU1klDrG/JD2vOCIscexyQpWczVFVCL/YHbp8wG7E";
constexpr std::string_view kExampleNote =
    "vigil.example/ledger\n"
    "8\n"
    "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
    "\n"
    "\xe2\x80\x94 vigil.example/ledger "
    "6xkVhGJdkch5pojCFYb2GrPGGOy+IluyM4tcGc7T3EJ+n2X4YYmy4UIvUrhPze+ubhx2xiHdnFIHxyvWMQhutwI1FQU="
    "\n";

TEST(CheckpointTest, WorkedExample) {
  const Sha256Digest seed = Sha256("vigil checkpoint example");
  Result<NoteSigner> log = NoteSigner::Create(
      "vigil.example/ledger",
      Ed25519PrivateKey::FromSeed(
          std::string_view(reinterpret_cast<const char*>(seed.data()), seed.size()))
          .value());
  ASSERT_TRUE(log.ok()) << log.status().message();
  EXPECT_EQ(log->signer_key(), kExampleSignerKey);
  EXPECT_EQ(log->verifier_key(), kExampleVerifierKey);
  const Checkpoint checkpoint{
      "vigil.example/ledger",
      8,
      RootFromBase64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="),  // 5dc9da79…4328
      {}};
  Result<std::string> note = SignCheckpoint(checkpoint, *log);
  ASSERT_TRUE(note.ok()) << note.status().message();
  EXPECT_EQ(*note, kExampleNote);
  Result<Checkpoint> opened = OpenCheckpoint(kExampleNote, Verifier(kExampleVerifierKey));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(*opened, checkpoint);
}

TEST(CheckpointTest, EveryFlippedBitIsRefused) {
  const NoteVerifier key = Verifier(kExampleVerifierKey);
  ASSERT_TRUE(OpenCheckpoint(kExampleNote, key).ok());
  for (size_t bit = 0; bit < kExampleNote.size() * 8; ++bit) {
    std::string note(kExampleNote);
    note[bit / 8] = static_cast<char>(note[bit / 8] ^ (1 << (bit % 8)));
    EXPECT_FALSE(OpenCheckpoint(note, key).ok()) << "bit " << bit;
  }
}

TEST(CheckpointTest, SignCheckpointChecksWhatItSigns) {
  const NoteSigner log = Signer(kPeterSignerKey);
  Checkpoint checkpoint{"PeterNeumann", 1, LeafHash(""), {}};
  EXPECT_TRUE(SignCheckpoint(checkpoint, log).ok());
  checkpoint.origin = "example.com/log";
  ExpectError(SignCheckpoint(checkpoint, log), StatusCode::kInvalidArgument,
              "checkpoint origin \"example.com/log\" differs from the signer's key name "
              "\"PeterNeumann\"; a log's key is named after its origin");
  checkpoint.origin = "PeterNeumann";
  checkpoint.extensions = {"fine", ""};
  ExpectError(SignCheckpoint(checkpoint, log), StatusCode::kInvalidArgument,
              "checkpoint extension 2: empty; extension lines must be non-empty");
  checkpoint.extensions = {"two\nlines"};
  ExpectError(SignCheckpoint(checkpoint, log), StatusCode::kInvalidArgument,
              "checkpoint extension 1: holds a newline; an extension is one line");
  checkpoint.extensions = {"bell\x07"};
  ExpectError(SignCheckpoint(checkpoint, log), StatusCode::kInvalidArgument,
              "checkpoint extension 1: control character U+0007 at byte 4; only newline may "
              "appear");
}

}  // namespace
}  // namespace vigil::ledger
