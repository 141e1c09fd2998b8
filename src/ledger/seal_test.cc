#include "ledger/seal.h"

#include <gtest/gtest.h>

#include <set>

#include "core/base64.h"
#include "core/event_fields.h"
#include "core/event_json.h"
#include "core/event_parser.h"

namespace vigil::ledger {
namespace {

std::string B64(const Hash& h) {
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

// The worked example of docs/format/ledger.md "Leaf bytes".
Event Example() {
  Event e;
  e.id = "ev1";
  e.time_ms = 1'700'000'000'000;
  e.tenant = "acme";
  e.action = "user.login";
  e.actor.id = "u1";
  e.actor.name = "Ada";
  e.actor.email = "ada@example.com";
  e.actor.type = "user";
  e.context.ip = "203.0.113.9";
  e.context.method = "POST";
  e.received_at_ms = 1'700'000'000'123;
  e.seal.key = "AAECAwQFBgcICQoLDA0ODw==";  // bytes 00 01 … 0f
  return e;
}

// Expected values computed independently (Python hashlib) from the rules in
// seal.h: salt = SHA-256(key || path)[:16], commitment = SHA-256(salt || value).
constexpr std::string_view kExampleLeaf =
    R"({"id":"ev1","time":"2023-11-14T22:13:20.000Z","tenant":"acme","action":"user.login",)"
    R"("status":"success","actor":{"id":"u1","type":"user"},"context":{"method":"POST"},)"
    R"("received_at":"2023-11-14T22:13:20.123Z","sealed":{)"
    R"("actor.email":"M94CYh/Oun8qdZhBhCOI9o58S+mHdCMVWsHFEHh0fcY=",)"
    R"("actor.name":"RU3fpwdzYSNQ57SQU7mwkOnLtO2SuOBESHGVgsV9fao=",)"
    R"("context.ip":"+hCLKcas1bYBN6iyDTfCf9g3q3sAjy7sp0G/d5EIL2c="}})";
constexpr std::string_view kExampleLeafHash = "FeCQMZV+rgg5Ph7HIUqElK/+tgLUsz2e2MWTST+NL0k=";

TEST(SealTest, KnownAnswer) {
  std::string leaf;
  ASSERT_TRUE(AppendLeafBytes(Example(), &leaf).ok());
  EXPECT_EQ(leaf, kExampleLeaf);
  Result<Hash> h = EventLeafHash(Example());
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(B64(*h), kExampleLeafHash);
  EXPECT_EQ(*h, LeafHash(kExampleLeaf));
}

TEST(SealTest, LeafHoldsNoPersonalValue) {
  Event e = Example();
  e.actor.name = "Ada Lovelace";
  e.context.user_agent = "Mozilla/5.0 (X11)";
  e.geo.country = "GB";
  e.geo.city = "London";
  e.geo.lat = 51.5;
  std::string leaf;
  ASSERT_TRUE(AppendLeafBytes(e, &leaf).ok());
  for (std::string_view v : {"Ada Lovelace", "ada@example.com", "203.0.113.9", "Mozilla", "London",
                             "\"GB\"", "51.5", "AAECAwQFBgcICQoLDA0ODw=="}) {
    EXPECT_EQ(leaf.find(v), std::string::npos) << v << " in " << leaf;
  }
  for (std::string_view path : kPersonalFields) {
    EXPECT_NE(leaf.find("\"" + std::string(path) + "\":\""), std::string::npos) << path;
  }
}

TEST(SealTest, EveryFieldAndTheKeyChangeTheLeaf) {
  const Hash base = *EventLeafHash(Example());
  std::set<Hash> seen = {base};
  auto changed = [&](auto mutate) {
    Event e = Example();
    mutate(e);
    Result<Hash> h = EventLeafHash(e);
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(seen.insert(*h).second) << "a change left the leaf hash as before";
  };
  changed([](Event& e) { e.actor.name = "Bob"; });
  changed([](Event& e) { e.actor.email = "ada@example.org"; });
  changed([](Event& e) { e.context.ip = "203.0.113.10"; });
  changed([](Event& e) { e.context.user_agent = "curl/8"; });
  changed([](Event& e) { e.geo.country = "FR"; });
  changed([](Event& e) { e.actor.id = "u2"; });
  changed([](Event& e) { e.action = "user.logout"; });
  changed([](Event& e) { e.seal.key = "AAECAwQFBgcICQoLDA0ODg=="; });
}

TEST(SealTest, EventsWithoutPersonalValuesNeedNoKey) {
  Event e = Example();
  e.actor.name.clear();
  e.actor.email.clear();
  e.context.ip.clear();
  e.seal.key.clear();
  SealEvent(&e);
  EXPECT_TRUE(e.seal.empty());
  std::string leaf;
  ASSERT_TRUE(AppendLeafBytes(e, &leaf).ok());
  EXPECT_EQ(leaf.find("sealed"), std::string::npos);
  EXPECT_EQ(leaf, R"({"id":"ev1","time":"2023-11-14T22:13:20.000Z","tenant":"acme",)"
                  R"("action":"user.login","status":"success","actor":{"id":"u1","type":"user"},)"
                  R"("context":{"method":"POST"},"received_at":"2023-11-14T22:13:20.123Z"})");
}

TEST(SealTest, SealEventDrawsFreshKeysOnlyWhenNeeded) {
  std::set<std::string> keys;
  for (int i = 0; i < 1000; ++i) {
    Event e = Example();
    e.seal.key.clear();
    SealEvent(&e);
    std::string bytes;
    ASSERT_TRUE(Base64Decode(e.seal.key, &bytes));
    EXPECT_EQ(bytes.size(), kSealKeyBytes);
    keys.insert(e.seal.key);
  }
  EXPECT_EQ(keys.size(), 1000u);
  Event sealed = Example();
  SealEvent(&sealed);
  EXPECT_EQ(sealed.seal.key, Example().seal.key) << "an existing seal is kept";
}

TEST(SealTest, UnsealedOrBadKeyIsAnError) {
  Event e = Example();
  e.seal.key.clear();
  Result<Hash> h = EventLeafHash(e);
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.status().message().find("no seal key"), std::string::npos) << h.status().ToString();
  e.seal.key = "AAEC";
  h = EventLeafHash(e);
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.status().message().find("not base64 of 16 bytes"), std::string::npos);
}

TEST(SealTest, RedactionKeepsTheLeafAndErasesTheValues) {
  Event e = Example();
  e.context.user_agent = "Mozilla/5.0";
  e.geo.city = "Paris";
  const Hash before = *EventLeafHash(e);
  ASSERT_TRUE(Redact(&e).ok());
  EXPECT_TRUE(e.actor.name.empty());
  EXPECT_TRUE(e.actor.email.empty());
  EXPECT_TRUE(e.context.ip.empty());
  EXPECT_TRUE(e.context.user_agent.empty());
  EXPECT_TRUE(e.geo.empty());
  EXPECT_TRUE(e.seal.key.empty());
  EXPECT_FALSE(HasPersonalValue(e));
  EXPECT_EQ(e.actor.id, "u1") << "the actor id is not personal: redaction is by it";
  EXPECT_EQ(*EventLeafHash(e), before);

  // Redacting again changes nothing; the stored form round-trips.
  Event again = e;
  ASSERT_TRUE(Redact(&again).ok());
  EXPECT_EQ(again, e);
  const std::string stored = CanonicalEvent(e);
  EXPECT_EQ(stored.find("Mozilla"), std::string::npos);
  EventParser parser;
  ParseOptions opts;
  opts.stored_form = true;
  Result<Event> back = parser.Parse(stored, opts);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, e);
  EXPECT_EQ(CanonicalEvent(*back), stored);
  EXPECT_EQ(*EventLeafHash(*back), before);
}

TEST(SealTest, SealedStoredFormRoundTrips) {
  const Event e = Example();
  const std::string stored = CanonicalEvent(e);
  EXPECT_NE(stored.find(R"("seal":{"key":"AAECAwQFBgcICQoLDA0ODw=="})"), std::string::npos)
      << stored;
  EventParser parser;
  ParseOptions opts;
  opts.stored_form = true;
  Result<Event> back = parser.Parse(stored, opts);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, e);
  EXPECT_EQ(*EventLeafHash(*back), *EventLeafHash(e));
}

// The fast path (the sealed form cut out of the canonical bytes) agrees with
// the reference (the sealed form serialized) on every shape of the personal
// members: each present or not, first in its object or not, objects left
// empty, geo, redacted events, no personal value at all.
TEST(SealTest, LeafFromCanonicalBytesMatchesTheReference) {
  int checked = 0;
  for (int mask = 0; mask < (1 << 9); ++mask) {
    Event e = Example();
    auto on = [&](int bit) { return (mask >> bit) & 1; };
    e.actor.id = on(0) ? "u1" : "";
    e.actor.name = on(1) ? "Ada \"Q\"" : "";
    e.actor.email = on(2) ? "ada@example.com" : "";
    e.actor.type = on(3) ? "user" : "";
    e.context.ip = on(4) ? "203.0.113.9" : "";
    e.context.user_agent = on(5) ? "Mozilla/5.0" : "";
    e.context.method = on(6) ? "POST" : "";
    if (on(7)) {
      e.geo.city = "Paris";
      e.geo.lat = 48.85;
    }
    e.seal = {};
    SealEvent(&e);
    for (bool redact : {false, true}) {
      if (redact) {
        ASSERT_TRUE(Redact(&e).ok());
      }
      if (on(8)) e.description = "after the personal members: \u00e9";
      SealedCuts cuts;
      std::string canonical = "prefix";  // the event need not start the buffer
      AppendCanonicalEvent(e, &canonical, &cuts);
      ASSERT_EQ(canonical.substr(cuts.base), CanonicalEvent(e));
      std::string reference;
      ASSERT_TRUE(AppendLeafBytes(e, &reference).ok());
      Result<Hash> fast = EventLeafHash(e, std::string_view(canonical).substr(cuts.base), cuts);
      ASSERT_TRUE(fast.ok()) << fast.status().ToString();
      ASSERT_EQ(*fast, LeafHash(reference))
          << "mask " << mask << ": " << CanonicalEvent(e) << "\nreference " << reference;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 1024);
}

// Personal metadata (docs/format/ledger.md "Personal metadata"): the worked
// example, computed independently with Python's hashlib. A value's bytes are
// its canonical JSON text.
Event MetadataExample() {
  Event e = Example();
  e.metadata_json =
      R"({"address":{"city":"Berlin","street":"Unter den Linden 1"},"phone":"+49 30 1234",)"
      R"("plan":"pro"})";
  e.seal.paths_json = R"(["metadata.address.street","metadata.phone"])";
  return e;
}

constexpr std::string_view kMetadataExampleLeaf =
    R"({"id":"ev1","time":"2023-11-14T22:13:20.000Z","tenant":"acme","action":"user.login",)"
    R"("status":"success","actor":{"id":"u1","type":"user"},"context":{"method":"POST"},)"
    R"("metadata":{"address":{"city":"Berlin"},"plan":"pro"},)"
    R"("received_at":"2023-11-14T22:13:20.123Z","sealed":{)"
    R"("actor.email":"M94CYh/Oun8qdZhBhCOI9o58S+mHdCMVWsHFEHh0fcY=",)"
    R"("actor.name":"RU3fpwdzYSNQ57SQU7mwkOnLtO2SuOBESHGVgsV9fao=",)"
    R"("context.ip":"+hCLKcas1bYBN6iyDTfCf9g3q3sAjy7sp0G/d5EIL2c=",)"
    R"("metadata.address.street":"QMRIKG/9F1UymhDx4yqg5QXeW5Uro+Zj//jH4g7yf3k=",)"
    R"("metadata.phone":"HRzFJdMKON9kBR/m7/Nph0YzaVmdP+2PgW3z9pexqL4="}})";
constexpr std::string_view kMetadataExampleLeafHash =
    "riUiI/eDW59ExjxGH1wD+rm9ME3hkOojeKaSBeBX/2A=";

TEST(SealTest, PersonalMetadataKnownAnswer) {
  const Event e = MetadataExample();
  std::string leaf;
  ASSERT_TRUE(AppendLeafBytes(e, &leaf).ok());
  EXPECT_EQ(leaf, kMetadataExampleLeaf);
  EXPECT_EQ(B64(*EventLeafHash(e)), kMetadataExampleLeafHash);
}

TEST(SealTest, RedactionErasesPersonalMetadata) {
  Event e = MetadataExample();
  const Hash before = *EventLeafHash(e);
  ASSERT_TRUE(Redact(&e).ok());
  EXPECT_EQ(e.metadata_json, R"({"address":{"city":"Berlin"},"plan":"pro"})");
  EXPECT_TRUE(e.seal.paths_json.empty());
  EXPECT_NE(e.seal.redacted_json.find("\"metadata.phone\":"), std::string::npos);
  EXPECT_EQ(*EventLeafHash(e), before);
  EventParser parser;
  ParseOptions opts;
  opts.stored_form = true;
  Result<Event> back = parser.Parse(CanonicalEvent(e), opts);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, e);
  EXPECT_EQ(*EventLeafHash(*back), before);

  // Metadata holding nothing but a personal path is left out of the leaf,
  // and is gone after redaction (the stored form has no "metadata": {}).
  Event only = Example();
  only.metadata_json = R"({"phone":"+49 30 1234"})";
  only.seal.paths_json = R"(["metadata.phone"])";
  const Hash only_before = *EventLeafHash(only);
  std::string leaf;
  ASSERT_TRUE(AppendLeafBytes(only, &leaf).ok());
  EXPECT_EQ(leaf.find("\"metadata\":"), std::string::npos) << leaf;
  ASSERT_TRUE(Redact(&only).ok());
  EXPECT_TRUE(only.metadata_json.empty());
  Result<Event> only_back = parser.Parse(CanonicalEvent(only), opts);
  ASSERT_TRUE(only_back.ok()) << only_back.status().ToString();
  EXPECT_EQ(*EventLeafHash(*only_back), only_before);
}

TEST(SealTest, StoredSealPathsAreChecked) {
  EventParser parser;
  ParseOptions opts;
  opts.stored_form = true;
  std::string stored = CanonicalEvent(MetadataExample());
  ASSERT_TRUE(parser.Parse(stored, opts).ok()) << stored;
  auto error_with = [&](std::string_view from, std::string_view to) {
    std::string bad = stored;
    const size_t at = bad.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    bad.replace(at, from.size(), to);
    Result<Event> r = parser.Parse(bad, opts);
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_EQ(error_with(R"("metadata.phone"])", R"("metadata.fax"])"),
            "seal.paths: metadata.fax has no value in metadata");
  EXPECT_EQ(error_with(R"("metadata.phone"])", R"("phone"])"),
            "seal.paths: expected paths like \"metadata.phone\" (segments of letters, digits, _ "
            "and -)");
  EXPECT_EQ(error_with(R"("metadata.address.street",)", R"("metadata.phone",)"),
            "seal.paths: lists a path twice");
}

// The fast path agrees with the reference on personal metadata in every
// position: first, middle, last, nested, the only member, several at once.
TEST(SealTest, LeafFromCanonicalBytesWithPersonalMetadata) {
  const std::vector<std::pair<std::string, std::string>> shapes = {
      {R"({"phone":"1","plan":"pro"})", R"(["metadata.phone"])"},
      {R"({"a":1,"phone":"1","plan":"pro"})", R"(["metadata.phone"])"},
      {R"({"a":1,"phone":"1"})", R"(["metadata.phone"])"},
      {R"({"phone":"1"})", R"(["metadata.phone"])"},
      {R"({"a":{"b":{"c":[1,2]},"d":true},"phone":{"x":null}})", R"(["metadata.a.b.c"])"},
      {R"({"a":{"b":1},"phone":"1"})", R"(["metadata.a.b","metadata.phone"])"},
      {R"({"a":1,"b":2,"c":3})", R"(["metadata.a","metadata.b","metadata.c"])"},
      {R"({"a":1,"b":2,"c":3})", R"(["metadata.a","metadata.c"])"},
  };
  for (const auto& [metadata, paths] : shapes) {
    for (bool redact : {false, true}) {
      Event e = Example();
      e.metadata_json = metadata;
      e.seal.paths_json = paths;
      if (redact) {
        ASSERT_TRUE(Redact(&e).ok());
      }
      SealedCuts cuts;
      std::string canonical;
      AppendCanonicalEvent(e, &canonical, &cuts);
      std::string reference;
      ASSERT_TRUE(AppendLeafBytes(e, &reference).ok());
      Result<Hash> fast = EventLeafHash(e, canonical, cuts);
      ASSERT_TRUE(fast.ok()) << fast.status().ToString();
      EXPECT_EQ(*fast, LeafHash(reference)) << metadata << " " << paths << "\n" << reference;
    }
  }
}

}  // namespace
}  // namespace vigil::ledger
