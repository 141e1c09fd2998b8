// The `seal` member of stored events (docs/format/ledger.md "Personal
// fields"): accepted only in stored form, validated, and kept canonical.
#include <gtest/gtest.h>

#include "core/event_json.h"
#include "core/event_parser_test_fixture.h"

namespace vigil {
namespace {

constexpr std::string_view kStoredHead =
    R"({"id":"e1","time":"2026-01-01T00:00:00.000Z","tenant":"acme","action":"app.create",)"
    R"("status":"success",)";
constexpr std::string_view kTail = R"("received_at":"2026-01-01T00:00:00.000Z")";
constexpr std::string_view kKey = "AAECAwQFBgcICQoLDA0ODw==";  // 16 bytes
constexpr std::string_view kCommitment = "M94CYh/Oun8qdZhBhCOI9o58S+mHdCMVWsHFEHh0fcY=";  // 32

// A stored event with these members between the head and received_at, and `seal` after it.
std::string Stored(std::string_view members, std::string_view seal) {
  std::string json(kStoredHead);
  json += members;
  json += kTail;
  if (!seal.empty()) {
    json += R"(,"seal":)";
    json += seal;
  }
  json += '}';
  return json;
}

TEST_F(EventParserTest, SealIsAServerField) {
  EXPECT_EQ(ErrorOf(With(R"("seal":{"key":"AAECAwQFBgcICQoLDA0ODw=="})")),
            "seal: set by the server; remove it from the event");
}

TEST_F(EventParserTest, SealKeyAndRedactedRoundTripInStoredForm) {
  const std::string sealed = Stored(R"("actor":{"email":"ada@example.com","type":"user"},)",
                                    R"({"key":"AAECAwQFBgcICQoLDA0ODw=="})");
  Event e = MustParse(sealed, StoredOptions());
  EXPECT_EQ(e.seal.key, kKey);
  EXPECT_EQ(CanonicalEvent(e), sealed);

  // Redacted members are written back sorted, whatever order they came in.
  const std::string redacted =
      Stored("", std::string(R"({"redacted":{"context.ip":")") + std::string(kCommitment) +
                     R"(","actor.email":")" + std::string(kCommitment) + R"("}})");
  Event r = MustParse(redacted, StoredOptions());
  EXPECT_EQ(r.seal.redacted_json, std::string(R"({"actor.email":")") + std::string(kCommitment) +
                                      R"(","context.ip":")" + std::string(kCommitment) + R"("})");
  EXPECT_EQ(MustParse(CanonicalEvent(r), StoredOptions()), r);
}

TEST_F(EventParserTest, SealErrorsNameTheMember) {
  const ParseOptions stored = StoredOptions();
  const std::string email = R"("actor":{"email":"ada@example.com"},)";
  EXPECT_EQ(ErrorOf(Stored(email, R"("k")"), stored), "seal: expected an object, got a string");
  EXPECT_EQ(ErrorOf(Stored(email, R"({"key":"AAEC"})"), stored),
            "seal.key: expected standard base64 of 16 bytes");
  EXPECT_EQ(ErrorOf(Stored(email, R"({"key":"AAECAwQFBgcICQoLDA0ODw"})"), stored),
            "seal.key: expected standard base64 of 16 bytes");
  EXPECT_EQ(ErrorOf(Stored(email, R"({"salt":"x"})"), stored), "seal.salt: unknown field");
  EXPECT_EQ(ErrorOf(Stored("", R"({"key":"AAECAwQFBgcICQoLDA0ODw=="})"), stored),
            "seal.key: the event has no personal field to seal");
  EXPECT_EQ(ErrorOf(Stored("", R"({"redacted":{}})"), stored),
            "seal.redacted: empty; leave it out instead");
  EXPECT_EQ(ErrorOf(Stored("", R"({"redacted":[]})"), stored),
            "seal.redacted: expected an object, got an array");
  EXPECT_EQ(ErrorOf(Stored("", R"({"redacted":{"actor.id":"AAEC"}})"), stored),
            "seal.redacted.actor.id: not a personal field");
  EXPECT_EQ(ErrorOf(Stored("", R"({"redacted":{"actor.email":"AAEC"}})"), stored),
            "seal.redacted.actor.email: expected standard base64 of 32 bytes");
  const std::string c(kCommitment);
  EXPECT_EQ(ErrorOf(Stored(email, R"({"redacted":{"actor.email":")" + c + R"("}})"), stored),
            "seal.redacted: the event still has a value for actor.email; a redacted event has "
            "none");
  EXPECT_EQ(
      ErrorOf(Stored("", R"({"key":"AAECAwQFBgcICQoLDA0ODw==","redacted":{"geo":")" + c + R"("}})"),
              stored),
      "seal: has both key and redacted; a redacted event keeps no key");
  EXPECT_EQ(
      ErrorOf(Stored("", R"({"redacted":{"geo":")" + c + R"(","geo":")" + c + R"("}})"), stored),
      "seal.redacted.geo: appears twice");
}

}  // namespace
}  // namespace vigil
