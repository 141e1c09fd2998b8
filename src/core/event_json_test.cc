#include "core/event_json.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/event_parser.h"
#include "core/json_writer.h"
#include "core/timestamp.h"
#include "core/ulid.h"

namespace vigil {
namespace {

constexpr int64_t kReceiveMs = 1'795'249'801'000;  // 2026-11-21T08:30:01.000Z

// The golden event as a client sends it: members in no particular order,
// values that normalization changes.
constexpr std::string_view kGoldenInput = R"json({
  "metadata": {"zeta": true, "alpha": [1, 2.50, null], "é": "ü"},
  "changes": {"after": {"name": "CRM"}, "before": {"name": "Old CRM"}},
  "description": "Renamed \"Old CRM\" to \"CRM\"\n",
  "context": {"session_id": "sess_1", "request_id": "req_1", "duration_ms": 42.0,
              "path": "/api/apps/app_9", "method": "patch", "user_agent": "Mozilla/5.0",
              "ip": "::ffff:203.0.113.7"},
  "resources": [{"name": "Postgres", "id": "ds_1", "type": "datasource"}],
  "target": {"parent": {"name": "Sales", "id": "f_1", "type": "folder"},
             "name": "CRM", "id": "app_9", "type": "app"},
  "actor": {"status": "Active", "role": "admin", "type": "user", "email": "ada@example.com",
            "name": "Ada Lovelace", "id": "u_42"},
  "status": "success",
  "operation": "Update",
  "category": "App management",
  "action": "app.rename",
  "workspace": {"name": "Marketing", "id": "ws_1"},
  "environment": "Production",
  "tenant": "acme",
  "time": "2026-11-21T09:30:00.123+01:00",
  "id": "evt_0001"
})json";

// Its canonical form once enrichment has added geo. Written out byte for byte:
// any change to the canonical format must fail here (and be a deliberate,
// versioned change: the ledger hashes these bytes). docs/format/canonical-json.md
// shows the same event.
constexpr std::string_view kGoldenCanonical =
    R"({"id":"evt_0001","time":"2026-11-21T08:30:00.123Z","tenant":"acme",)"
    R"("environment":"production","workspace":{"id":"ws_1","name":"Marketing"},)"
    R"("action":"app.rename","category":"App management","operation":"update",)"
    R"("status":"success","actor":{"id":"u_42","name":"Ada Lovelace",)"
    R"("email":"ada@example.com","type":"user","role":"admin","status":"active"},)"
    R"("target":{"type":"app","id":"app_9","name":"CRM",)"
    R"("parent":{"type":"folder","id":"f_1","name":"Sales"}},)"
    R"("resources":[{"type":"datasource","id":"ds_1","name":"Postgres"}],)"
    R"("context":{"ip":"203.0.113.7","user_agent":"Mozilla/5.0","method":"PATCH",)"
    R"("path":"/api/apps/app_9","duration_ms":42,"request_id":"req_1","session_id":"sess_1"},)"
    R"("description":"Renamed \"Old CRM\" to \"CRM\"\n",)"
    R"("changes":{"before":{"name":"Old CRM"},"after":{"name":"CRM"}},)"
    R"("metadata":{"alpha":[1,2.5,null],"zeta":true,"é":"ü"},)"
    R"("received_at":"2026-11-21T08:30:01.000Z",)"
    R"("geo":{"country":"DE","region":"Berlin","city":"Berlin","lat":52.52,"lon":13.405}})";

class EventJsonTest : public ::testing::Test {
 protected:
  ParseOptions ClientOptions() {
    ParseOptions o;
    o.receive_time_ms = kReceiveMs;
    o.ids = &ids_;
    o.default_tenant = "acme";
    return o;
  }

  static ParseOptions StoredOptions() {
    ParseOptions o;
    o.stored_form = true;
    return o;
  }

  Event ParseClient(std::string_view json) {
    Result<Event> r = parser_.Parse(json, ClientOptions());
    EXPECT_TRUE(r.ok()) << json << "\n  → " << r.status().ToString();
    return r.ok() ? *r : Event{};
  }

  Event ParseStored(std::string_view json) {
    Result<Event> r = parser_.Parse(json, StoredOptions());
    EXPECT_TRUE(r.ok()) << json << "\n  → " << r.status().ToString();
    return r.ok() ? *r : Event{};
  }

  // Serializes e, parses the bytes back in stored form and serializes again:
  // both serializations and both events must be equal.
  void ExpectFixedPoint(const Event& e) {
    const std::string first = CanonicalEvent(e);
    Result<Event> back = parser_.Parse(first, StoredOptions());
    ASSERT_TRUE(back.ok()) << first << "\n  → " << back.status().ToString();
    EXPECT_EQ(CanonicalEvent(*back), first);
    EXPECT_EQ(*back, e) << first;
  }

  Event Golden() {
    Event e = ParseClient(kGoldenInput);
    e.geo = GeoLocation{"DE", "Berlin", "Berlin", 52.52, 13.405};
    return e;
  }

  ManualClock clock_{kReceiveMs};
  UlidGenerator ids_{&clock_, 7};
  EventParser parser_;
};

TEST_F(EventJsonTest, GoldenBytes) {
  const Event e = Golden();
  EXPECT_EQ(CanonicalEvent(e), kGoldenCanonical);
  ExpectFixedPoint(e);
  EXPECT_EQ(CanonicalEvent(ParseStored(kGoldenCanonical)), kGoldenCanonical);
}

TEST_F(EventJsonTest, AbsentMembersAreOmitted) {
  Event e = ParseClient(R"({"id":"e1","action":"user.login","time":"2026-01-01T00:00:00Z"})");
  EXPECT_EQ(CanonicalEvent(e),
            R"({"id":"e1","time":"2026-01-01T00:00:00.000Z","tenant":"acme",)"
            R"("environment":"production","action":"user.login","status":"success",)"
            R"("received_at":"2026-11-21T08:30:01.000Z"})");
  ExpectFixedPoint(e);
}

TEST_F(EventJsonTest, AbsentMembersInsideObjectsAreOmitted) {
  Event e = ParseClient(
      R"({"id":"e1","action":"a.b","time":"2026-01-01T00:00:00Z","status":"error",)"
      R"("actor":{"email":"ada@example.com"},"target":{"name":"CRM"},)"
      R"("resources":[{"id":"r1"},{"name":"n2","type":"flow"}],)"
      R"("context":{"duration_ms":0.5},"workspace":{"id":"w"},"changes":{"after":{"a":1}}})");
  e.geo.country = "FR";
  EXPECT_EQ(CanonicalEvent(e),
            R"({"id":"e1","time":"2026-01-01T00:00:00.000Z","tenant":"acme",)"
            R"("environment":"production","workspace":{"id":"w"},"action":"a.b",)"
            R"("status":"error","actor":{"email":"ada@example.com","type":"user"},)"
            R"("target":{"name":"CRM"},"resources":[{"id":"r1"},{"type":"flow","name":"n2"}],)"
            R"("context":{"duration_ms":0.5},"changes":{"after":{"a":1}},)"
            R"("received_at":"2026-11-21T08:30:01.000Z","geo":{"country":"FR"}})");
  ExpectFixedPoint(e);
}

TEST_F(EventJsonTest, DefaultEvent) {
  // Time, status and received_at are always written; every string is absent.
  EXPECT_EQ(CanonicalEvent(Event{}), R"({"time":"1970-01-01T00:00:00.000Z","status":"success",)"
                                     R"("received_at":"1970-01-01T00:00:00.000Z"})");
}

TEST_F(EventJsonTest, AppendsToTheBuffer) {
  Event e = Golden();
  std::string out = "prefix\n";
  AppendCanonicalEvent(e, &out);
  EXPECT_EQ(out, "prefix\n" + std::string(kGoldenCanonical));
}

TEST_F(EventJsonTest, NumberForms) {
  Event e = ParseClient(
      R"({"action":"a.b","metadata":{"a":1.0,"b":1e21,"c":0.1,"d":-0,"e":-0.0,)"
      R"("f":18446744073709551615,"g":-9223372036854775808,"h":1E2,"i":9007199254740992.0,)"
      R"("j":98765432109876543210.0,"k":1e-7,"l":-2.50,"m":0.30000000000000004,)"
      R"("n":9223372036854775807,"o":-17,"p":5e-324,"q":1.7976931348623157e308,)"
      R"("r":-1.5e300,"s":123456789.125,"t":0}})");
  EXPECT_EQ(e.metadata_json,
            R"({"a":1,"b":1e+21,"c":0.1,"d":0,"e":0,"f":18446744073709551615,)"
            R"("g":-9223372036854775808,"h":100,"i":9.007199254740992e+15,)"
            R"("j":9.876543210987654e+19,"k":1e-07,"l":-2.5,"m":0.30000000000000004,)"
            R"("n":9223372036854775807,"o":-17,"p":5e-324,"q":1.7976931348623157e+308,)"
            R"("r":-1.5e+300,"s":123456789.125,"t":0})");
  ExpectFixedPoint(e);
}

TEST_F(EventJsonTest, DurationForms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0", "0"},
      {"-0.0", "0"},
      {"12.0", "12"},
      {"12.5", "12.5"},
      {"0.001", "0.001"},
      {"1e12", "1000000000000"},
      {"999999999999.9", "999999999999.9"},
  };
  for (const auto& [in, out] : cases) {
    Event e = ParseClient(R"({"action":"a.b","context":{"duration_ms":)" + in + "}}");
    std::string c = CanonicalEvent(e);
    EXPECT_NE(c.find(R"("context":{"duration_ms":)" + out + "}"), std::string::npos) << c;
    ExpectFixedPoint(e);
  }
}

TEST_F(EventJsonTest, MetadataKeysSortedAtEveryLevel) {
  Event e =
      ParseClient(R"({"action":"a.b","metadata":{"zz":{"b":[{"y":1,"x":2}],"a":{}},"Z":[],"aa":"",)"
                  R"("a":{"ä":1,"z":2,"A":3}}})");
  EXPECT_EQ(e.metadata_json,
            R"({"Z":[],"a":{"A":3,"z":2,"ä":1},"aa":"","zz":{"a":{},"b":[{"x":2,"y":1}]}})");
  ExpectFixedPoint(e);
}

TEST_F(EventJsonTest, ChangesBeforeThenAfter) {
  Event e = ParseClient(R"({"action":"a.b","changes":{"after":{"role":"admin","name":"B"},)"
                        R"("before":{"role":"viewer","name":"A"}}})");
  const std::string c = CanonicalEvent(e);
  EXPECT_NE(c.find(R"("changes":{"before":{"name":"A","role":"viewer"},)"
                   R"("after":{"name":"B","role":"admin"}})"),
            std::string::npos)
      << c;
  ExpectFixedPoint(e);
}

TEST_F(EventJsonTest, StringEscapes) {
  Event e = ParseClient(
      R"({"action":"a.b","description":"\u0000\u0001\u001f\"\\\/\b\f\n\r\t\u007f\u00e9\u2028😀",)"
      R"("metadata":{"k\n\"":"v\u0007"}})");
  EXPECT_EQ(e.description,
            std::string("\0\x01\x1f\"\\/\b\f\n\r\t\x7f\xC3\xA9\xE2\x80\xA8\xF0\x9F\x98\x80", 21));
  const std::string c = CanonicalEvent(e);
  EXPECT_NE(c.find(R"("description":"\u0000\u0001\u001f\"\\/\b\f\n\r\t)"
                   "\x7f\xC3\xA9\xE2\x80\xA8\xF0\x9F\x98\x80\""),
            std::string::npos)
      << c;
  EXPECT_EQ(e.metadata_json, R"({"k\n\"":"v\u0007"})");
  ExpectFixedPoint(e);
}

TEST_F(EventJsonTest, HandWrittenFixedPoints) {
  const std::vector<std::string> events = {
      R"({"action":"user.login"})",
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one string, split
      R"({"action":"user.login.failed","status":"error","actor":{"email":"ada@example.com"},)"
      R"("context":{"ip":"2001:DB8::0:1","method":"post","path":"/login","duration_ms":3.25}})",
      R"({"action":"app.create","description":"Zürich 東京 😀 — “quotes”",)"
      R"("actor":{"name":"Zoë 🦊","type":"service"},"category":"Apps ✓"})",
      R"({"action":"flow.run","resources":[{"type":"flow","id":"f1"},{"type":"ds","name":"PG"},)"
      R"({"id":"x","name":"y"}],"target":{"id":"t","parent":{"name":"p"}}})",
      R"({"action":"a.b","metadata":{"list":[[],{},[[1,2],[3]],"",false,null,-0.5]}})",
      R"({"action":"a.b","changes":{"before":{"x":{"y":[1,{"b":2,"a":1}]}}}})",
      R"({"action":"a.b","changes":{"after":{},"before":{}}})",
      R"({"action":"a.b","workspace":{"id":"w","name":"W"},"environment":"Dev",)"
      R"("operation":"EXPORT","tenant":"other:tenant@x"})",
      R"({"action":"a.b","time":"2026-02-28T23:59:60.999999Z"})",
      R"({"action":"a.b","time":"9999-12-31T23:59:59.999Z","id":"~!#$%&'()*+,-./:;<=>?@[]^_`{|}"})",
      R"({"action":"a.b","time":"1970-01-01T00:00:00Z","context":{"user_agent":"curl/8.0"}})",
      R"({"action":"a.b","metadata":{"big":18446744073709551615,"neg":-9223372036854775808,)"
      R"("tiny":4.9e-324,"huge":-1.7976931348623157e308,"third":0.3333333333333333}})",
  };
  for (const std::string& json : events) {
    SCOPED_TRACE(json);
    ExpectFixedPoint(ParseClient(json));
  }
}

// Builds varied events from a seeded generator: every optional member present
// or not, strings with escapes and non-ASCII text, metadata of random shape
// with its keys in random order, numbers of every form.
class RandomEventBuilder {
 public:
  explicit RandomEventBuilder(uint64_t seed) : rng_(seed) {}

  std::string Build() {
    std::string j = "{";
    Member(&j, "action", Quote(Pick({"app.create", "user.login.failed", "x", "a-b.c_d"})));
    if (Coin()) Member(&j, "id", Quote("id-" + std::to_string(rng_())));
    if (Coin())
      Member(&j, "time",
             Quote(Pick({"2026-11-21T09:30:00Z", "2000-02-29t12:00:00.5z",
                         "2026-06-30 23:59:60.123456+02:00", "1999-12-31T23:00:00-05:30"})));
    if (Coin()) Member(&j, "environment", Quote(Pick({"production", "STAGING", "dev-1"})));
    if (Coin()) Member(&j, "workspace", R"({"id":)" + Quote(Text()) + "}");
    if (Coin()) Member(&j, "category", Quote(Text()));
    if (Coin()) Member(&j, "operation", Quote(Pick({"create", "Update", "login"})));
    if (Coin()) Member(&j, "status", Quote(Pick({"success", "error"})));
    if (Coin()) {
      Member(&j, "actor",
             R"({"id":)" + Quote(Text()) + R"(,"email":"u@example.com","role":)" + Quote(Text()) +
                 R"(,"type":)" + Quote(Pick({"user", "system", "api_key", "service"})) + "}");
    }
    if (Coin()) {
      std::string t = R"({"name":)" + Quote(Text());
      if (Coin()) t += R"(,"parent":{"id":)" + Quote(Text()) + "}";
      Member(&j, "target", t + "}");
    }
    if (Coin()) {
      std::string r = "[";
      const int n = static_cast<int>(rng_() % 4) + 1;
      for (int i = 0; i < n; ++i)
        r += (i ? "," : "") + std::string(R"({"id":)") + Quote(Text()) + "}";
      Member(&j, "resources", r + "]");
    }
    if (Coin()) {
      Member(&j, "context",
             R"({"ip":)" + Quote(Pick({"10.0.0.1", "::ffff:10.0.0.2", "2001:db8::7", "::"})) +
                 R"(,"method":)" + Quote(Pick({"get", "DELETE"})) + R"(,"duration_ms":)" +
                 Pick({"0", "1.5", "1e3", "0.001", "999999999999"}) + "}");
    }
    if (Coin()) Member(&j, "description", Quote(Text() + Text()));
    if (Coin()) {
      std::string c = "{";
      if (Coin()) c += R"("after":)" + Object(2);
      if (Coin()) c += std::string(c.size() > 1 ? "," : "") + R"("before":)" + Object(2);
      Member(&j, "changes", c + "}");
    }
    if (Coin()) Member(&j, "metadata", Object(0));
    return j + "}";
  }

 private:
  bool Coin() { return rng_() % 2 == 0; }

  std::string Pick(std::initializer_list<std::string_view> options) {
    auto it = options.begin();
    std::advance(it, static_cast<long>(rng_() % options.size()));
    return std::string(*it);
  }

  std::string Text() {
    return Pick({"plain", "Zürich", "東京", "😀", "tab\\tline\\n", "quote\\\"back\\\\", "\\u0001ctl",
                 "slash\\/", "é", "\\u00e9", "a b c", "DEL\\u007f", "x"});
  }

  static std::string Quote(const std::string& s) { return "\"" + s + "\""; }

  std::string Number() {
    return Pick({"0", "-0", "1", "-1", "1.0", "0.1", "-2.5", "1e21", "1E-7", "123456789012",
                 "18446744073709551615", "-9223372036854775808", "9007199254740993.0",
                 "3.141592653589793", "1e308", "1e-320", "98765432109876543210.0",
                 "-1.2345678901234567e19"});
  }

  std::string Value(int depth) {
    switch (rng_() % (depth < 4 ? 7 : 4)) {
      case 0:
        return Quote(Text());
      case 1:
        return Number();
      case 2:
        return Pick({"true", "false"});
      case 3:
        return "null";
      case 4:
        return Object(depth + 1);
      default: {
        std::string a = "[";
        const int n = static_cast<int>(rng_() % 4);
        for (int i = 0; i < n; ++i) a += (i ? "," : "") + Value(depth + 1);
        return a + "]";
      }
    }
  }

  std::string Object(int depth) {
    std::string o = "{";
    const int n = static_cast<int>(rng_() % 5) + 1;
    for (int i = 0; i < n; ++i) {
      std::string key =
          Pick({"b", "a", "B", "é", "_", "a1", "k\\n", "zz", "Z", "ä"}) + std::to_string(i);
      o += (i ? "," : "") + Quote(key) + ":" + Value(depth);
    }
    return o + "}";
  }

  static void Member(std::string* j, std::string_view key, const std::string& value) {
    if (j->size() > 1) j->push_back(',');
    *j += "\"";
    *j += key;
    *j += "\":";
    *j += value;
  }

  std::mt19937_64 rng_;
};

TEST_F(EventJsonTest, RandomEventsAreFixedPoints) {
  RandomEventBuilder builder(20261121);
  for (int i = 0; i < 500; ++i) {
    const std::string json = builder.Build();
    SCOPED_TRACE(json);
    Result<Event> e = parser_.Parse(json, ClientOptions());
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    ExpectFixedPoint(*e);
  }
}

TEST_F(EventJsonTest, EventWithSeqPutsSeqFirstAndParsesBack) {
  Event e = Golden();
  e.seq = 42;
  std::string out;
  AppendEventWithSeq(e, &out);
  EXPECT_EQ(out, R"({"seq":42,)" + std::string(kGoldenCanonical.substr(1)));
  Event back = ParseStored(out);
  EXPECT_EQ(back.seq, 42u);
  EXPECT_EQ(back, e);
  EXPECT_EQ(CanonicalEvent(back), kGoldenCanonical);  // the canonical form never has seq

  e.seq = UINT64_MAX;
  out.clear();
  AppendEventWithSeq(e, &out);
  EXPECT_EQ(out.rfind(R"({"seq":18446744073709551615,"id":"evt_0001",)", 0), 0u) << out;
  EXPECT_EQ(ParseStored(out).seq, UINT64_MAX);

  // A client may not send the display form back as a new event.
  Result<Event> as_client = parser_.Parse(out, ClientOptions());
  ASSERT_FALSE(as_client.ok());
  EXPECT_EQ(as_client.status().message(), "seq: set by the server; remove it from the event");
}

TEST_F(EventJsonTest, StoredFormKeepsAnAbsentEnvironmentAbsent) {
  ParseOptions o = ClientOptions();
  o.default_environment = "";
  Result<Event> e = parser_.Parse(R"({"action":"a.b"})", o);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->environment, "");
  EXPECT_EQ(CanonicalEvent(*e).find("environment"), std::string::npos);
  ExpectFixedPoint(*e);
}

}  // namespace
}  // namespace vigil
