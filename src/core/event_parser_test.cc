#include "core/event_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/event_json.h"
#include "core/event_parser_test_fixture.h"
#include "core/limits.h"
#include "core/timestamp.h"

namespace vigil {
namespace {

// ---------------------------------------------------------------------------
// Accepting and normalizing

constexpr std::string_view kFullEvent = R"json({
  "id": "evt_0001",
  "time": "2026-11-21T09:30:00.123+01:00",
  "tenant": "acme",
  "environment": "Staging",
  "workspace": {"id": "ws_1", "name": "Marketing"},
  "action": "app.create",
  "category": "App management",
  "operation": "CREATE",
  "status": "error",
  "actor": {"id": "u_42", "name": "Ada Lovelace", "email": "ada@example.com",
            "type": "service", "role": "admin", "status": "Active"},
  "target": {"type": "app", "id": "app_9", "name": "CRM",
             "parent": {"type": "folder", "id": "f_1", "name": "Sales"}},
  "resources": [{"type": "datasource", "id": "ds_1", "name": "Postgres"},
                {"type": "flow", "name": "Nightly sync"}],
  "context": {"ip": "2001:0DB8:0:0:0:0:0:1", "user_agent": "Mozilla/5.0 (X11)",
              "method": "post", "path": "/api/apps", "duration_ms": 12.5,
              "request_id": "req_1", "session_id": "sess_1"},
  "description": "Ada created the app \"CRM\"",
  "changes": {"after": {"name": "CRM", "color": "blue"}, "before": {"name": null}},
  "metadata": {"plan": "pro", "seats": 5, "tags": ["a", "b"], "nested": {"z": true, "a": 1.50}}
})json";

TEST_F(EventParserTest, FullEventFillsEveryMember) {
  Event e = MustParse(kFullEvent);
  EXPECT_EQ(e.id, "evt_0001");
  EXPECT_EQ(e.time_ms, 1'795'249'800'123);  // 2026-11-21T08:30:00.123Z
  EXPECT_EQ(FormatRfc3339(e.time_ms), "2026-11-21T08:30:00.123Z");
  EXPECT_EQ(e.tenant, "acme");
  EXPECT_EQ(e.environment, "staging");
  EXPECT_EQ(e.workspace, (WorkspaceRef{"ws_1", "Marketing"}));
  EXPECT_EQ(e.action, "app.create");
  EXPECT_EQ(e.category, "App management");
  EXPECT_EQ(e.operation, "create");
  EXPECT_EQ(e.status, EventStatus::kError);
  EXPECT_EQ(e.actor,
            (Actor{"u_42", "Ada Lovelace", "ada@example.com", "service", "admin", "active"}));
  EXPECT_EQ(e.target, (Target{"app", "app_9", "CRM", ResourceRef{"folder", "f_1", "Sales"}}));
  ASSERT_EQ(e.resources.size(), 2u);
  EXPECT_EQ(e.resources[0], (ResourceRef{"datasource", "ds_1", "Postgres"}));
  EXPECT_EQ(e.resources[1], (ResourceRef{"flow", "", "Nightly sync"}));
  EXPECT_EQ(e.context.ip, "2001:db8::1");
  EXPECT_EQ(e.context.user_agent, "Mozilla/5.0 (X11)");
  EXPECT_EQ(e.context.method, "POST");
  EXPECT_EQ(e.context.path, "/api/apps");
  EXPECT_EQ(e.context.duration_ms, 12.5);
  EXPECT_EQ(e.context.request_id, "req_1");
  EXPECT_EQ(e.context.session_id, "sess_1");
  EXPECT_EQ(e.description, "Ada created the app \"CRM\"");
  EXPECT_EQ(e.changes_json, R"({"before":{"name":null},"after":{"color":"blue","name":"CRM"}})");
  EXPECT_EQ(e.metadata_json,
            R"({"nested":{"a":1.5,"z":true},"plan":"pro","seats":5,"tags":["a","b"]})");
  EXPECT_EQ(e.received_at_ms, kReceiveMs);
  EXPECT_EQ(e.seq, 0u);
  EXPECT_TRUE(e.geo.empty());
}

TEST_F(EventParserTest, MinimalEventGetsDefaults) {
  Event e = MustParse(R"({"tenant":"acme","action":"user.login"})");
  EXPECT_EQ(e.id.size(), 26u);
  EXPECT_EQ(e.time_ms, kReceiveMs);
  EXPECT_EQ(e.received_at_ms, kReceiveMs);
  EXPECT_EQ(e.environment, "production");
  EXPECT_EQ(e.status, EventStatus::kSuccess);
  EXPECT_TRUE(e.workspace.empty());
  EXPECT_TRUE(e.actor.empty());  // no actor: actor.type stays empty too
  EXPECT_TRUE(e.target.empty());
  EXPECT_TRUE(e.resources.empty());
  EXPECT_TRUE(e.context.empty());
  EXPECT_EQ(e.category, "");
  EXPECT_EQ(e.operation, "");
  EXPECT_EQ(e.description, "");
  EXPECT_EQ(e.changes_json, "");
  EXPECT_EQ(e.metadata_json, "");
}

TEST_F(EventParserTest, AssignedIdIsAUlidOfTheClock) {
  Event a = MustParse(With(""));
  Event b = MustParse(With(R"("id":"")"));  // "" is absent
  for (const Event* e : {&a, &b}) {
    ASSERT_EQ(e->id.size(), 26u);
    EXPECT_EQ(e->id.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ"), std::string::npos);
    EXPECT_EQ(e->id.substr(0, 10), "01HF7YAT00");  // 1700000000000 ms in Crockford base32
  }
  EXPECT_LT(a.id, b.id);
}

TEST_F(EventParserTest, ClientIdIsKept) {
  EXPECT_EQ(MustParse(With(R"("id":"order-42/retry#1")")).id, "order-42/retry#1");
  EXPECT_EQ(MustParse(With(R"("id":")" + std::string(kMaxIdBytes, 'x') + "\"")).id.size(),
            kMaxIdBytes);
}

TEST_F(EventParserTest, TimeDefaultsToReceiveTimeAndReceivedAtIsAlwaysReceiveTime) {
  Event e = MustParse(With(R"("time":"2026-01-02T03:04:05Z")"));
  EXPECT_EQ(FormatRfc3339(e.time_ms), "2026-01-02T03:04:05.000Z");
  EXPECT_EQ(e.received_at_ms, kReceiveMs);
}

TEST_F(EventParserTest, EmptyStringsAreAbsent) {
  Event e = MustParse(With(R"("category":"","operation":"","description":"","environment":"",)"
                           R"("actor":{"id":"u1","name":"","email":"","role":""},)"
                           R"("context":{"ip":"","method":"","path":""})"));
  EXPECT_EQ(e.category, "");
  EXPECT_EQ(e.operation, "");
  EXPECT_EQ(e.environment, "production");
  EXPECT_EQ(e.actor, (Actor{"u1", "", "", "user", "", ""}));
  EXPECT_TRUE(e.context.empty());
}

TEST_F(EventParserTest, NullIsAbsent) {
  Event e = MustParse(
      R"({"tenant":"acme","action":"a.b","id":null,"time":null,"environment":null,)"
      R"("workspace":null,"category":null,"operation":null,"status":null,"actor":null,)"
      R"("target":null,"resources":null,"context":null,"description":null,"changes":null,)"
      R"("metadata":null})");
  EXPECT_EQ(e.id.size(), 26u);
  EXPECT_EQ(e.time_ms, kReceiveMs);
  EXPECT_EQ(e.environment, "production");
  EXPECT_EQ(e.status, EventStatus::kSuccess);
  EXPECT_TRUE(e.workspace.empty() && e.actor.empty() && e.target.empty() && e.context.empty());
  EXPECT_TRUE(e.resources.empty() && e.metadata_json.empty() && e.changes_json.empty());

  e = MustParse(
      With(R"("actor":{"id":"u","email":null,"type":null,"status":null},)"
           R"("target":{"id":"t","parent":null,"name":null},"workspace":{"id":"w","name":null},)"
           R"("context":{"ip":null,"duration_ms":null,"method":"get"})"));
  EXPECT_EQ(e.actor, (Actor{"u", "", "", "user", "", ""}));
  EXPECT_EQ(e.target, (Target{"", "t", "", {}}));
  EXPECT_EQ(e.workspace, (WorkspaceRef{"w", ""}));
  EXPECT_FALSE(e.context.duration_ms.has_value());
  EXPECT_EQ(e.context.method, "GET");

  // A null required member is missing; a null cannot hide a typo or a server
  // field, and a list entry must be an object.
  EXPECT_EQ(ErrorOf(R"({"tenant":"acme","action":null})"), "action: required");
  EXPECT_EQ(ErrorOf(R"({"tenant":null,"action":"a.b"})"), "tenant: required");
  EXPECT_EQ(ErrorOf(With(R"("colour":null)")),
            "colour: unknown field; put custom data in metadata");
  EXPECT_EQ(ErrorOf(With(R"("actor":{"id":"u","foo":null})")), "actor.foo: unknown field");
  EXPECT_EQ(ErrorOf(With(R"("seq":null)")), "seq: set by the server; remove it from the event");
  EXPECT_EQ(ErrorOf(With(R"("resources":[null])")), "resources[0]: expected an object, got null");
}

TEST_F(EventParserTest, TenantDefaultAndOverride) {
  ParseOptions o = Options();
  o.default_tenant = "from-key";
  EXPECT_EQ(MustParse(R"({"action":"a.b"})", o).tenant, "from-key");
  EXPECT_EQ(MustParse(R"({"action":"a.b","tenant":"explicit"})", o).tenant, "explicit");
  EXPECT_EQ(MustParse(R"({"action":"a.b","tenant":"org:1@eu-west.a_b"})", o).tenant,
            "org:1@eu-west.a_b");
  EXPECT_EQ(ErrorOf(R"({"action":"a.b"})"), "tenant: required");
}

TEST_F(EventParserTest, EnvironmentIsLowerCasedAndDefaulted) {
  EXPECT_EQ(MustParse(With(R"("environment":"PRODUCTION")")).environment, "production");
  EXPECT_EQ(MustParse(With(R"("environment":"Dev-2.eu_1")")).environment, "dev-2.eu_1");
  ParseOptions o = Options();
  o.default_environment = "staging";
  EXPECT_EQ(MustParse(With(""), o).environment, "staging");
  EXPECT_EQ(MustParse(With(R"("environment":"qa")"), o).environment, "qa");
}

TEST_F(EventParserTest, OperationLowerCasedMethodUpperCased) {
  Event e = MustParse(With(R"("operation":"Update","context":{"method":"patch"})"));
  EXPECT_EQ(e.operation, "update");
  EXPECT_EQ(e.context.method, "PATCH");
  EXPECT_EQ(MustParse(With(R"("context":{"method":"Get"})")).context.method, "GET");
}

TEST_F(EventParserTest, ActorTypeDefaultsToUserAndStatusIsLowerCased) {
  Event e = MustParse(With(R"("actor":{"email":"ada@example.com","status":"Disabled"})"));
  EXPECT_EQ(e.actor.type, "user");
  EXPECT_EQ(e.actor.status, "disabled");
  for (std::string_view type : {"user", "system", "api_key", "service"}) {
    std::string json = With(R"("actor":{"id":"x","type":")" + std::string(type) + "\"}");
    EXPECT_EQ(MustParse(json).actor.type, type);
  }
  EXPECT_EQ(MustParse(With(R"("actor":{"name":"Ada"})")).actor.name, "Ada");
}

TEST_F(EventParserTest, StatusValues) {
  EXPECT_EQ(MustParse(With(R"("status":"success")")).status, EventStatus::kSuccess);
  EXPECT_EQ(MustParse(With(R"("status":"error")")).status, EventStatus::kError);
}

TEST_F(EventParserTest, IpAddressesAreNormalized) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"203.0.113.7", "203.0.113.7"},
      {"::1", "::1"},
      {"0:0:0:0:0:0:0:1", "::1"},
      {"2001:DB8::1", "2001:db8::1"},
      {"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
      {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
      {"fe80:0:0:0:0:0:0:0", "fe80::"},
      {"::ffff:192.0.2.1", "192.0.2.1"},
      {"::FFFF:c000:0201", "192.0.2.1"},
  };
  for (const auto& [in, want] : cases) {
    Event e = MustParse(With(R"("context":{"ip":")" + in + "\"}"));
    EXPECT_EQ(e.context.ip, want) << in;
  }
}

TEST_F(EventParserTest, DurationBounds) {
  EXPECT_EQ(MustParse(With(R"("context":{"duration_ms":0})")).context.duration_ms, 0.0);
  EXPECT_EQ(MustParse(With(R"("context":{"duration_ms":1000000000000})")).context.duration_ms,
            1e12);
  EXPECT_EQ(MustParse(With(R"("context":{"duration_ms":0.25})")).context.duration_ms, 0.25);
  EXPECT_EQ(ErrorOf(With(R"("context":{"duration_ms":-1})")),
            "context.duration_ms: must be between 0 and 1000000000000");
  EXPECT_EQ(ErrorOf(With(R"("context":{"duration_ms":1000000000001})")),
            "context.duration_ms: must be between 0 and 1000000000000");
  EXPECT_EQ(ErrorOf(With(R"("context":{"duration_ms":18446744073709551615})")),
            "context.duration_ms: must be between 0 and 1000000000000");
  EXPECT_EQ(ErrorOf(With(R"("context":{"duration_ms":1e300})")),
            "context.duration_ms: must be between 0 and 1000000000000");
}

TEST_F(EventParserTest, ValidActions) {
  for (std::string_view action :
       {"login", "app.create", "user.login.failed", "App-V2.create_draft", "a.b.c.d.e1"}) {
    EXPECT_EQ(MustParse(R"({"tenant":"t","action":")" + std::string(action) + "\"}").action,
              action);
  }
}

TEST_F(EventParserTest, ResourcesUpToTheLimit) {
  std::string list;
  for (size_t i = 0; i < kMaxResources; ++i) {
    if (i > 0) list += ',';
    list += R"({"type":"app","id":"r)" + std::to_string(i) + "\"}";
  }
  Event e = MustParse(With(R"("resources":[)" + list + "]"));
  ASSERT_EQ(e.resources.size(), kMaxResources);
  EXPECT_EQ(e.resources[63].id, "r63");
  EXPECT_EQ(ErrorOf(With(R"("resources":[)" + list + R"(,{"id":"one too many"}])")),
            "resources: more than 64 entries");
  EXPECT_TRUE(MustParse(With(R"("resources":[])")).resources.empty());
}

TEST_F(EventParserTest, SizeLimitsAreInclusive) {
  EXPECT_EQ(
      MustParse(With(R"("category":")" + std::string(kMaxStringBytes, 'c') + "\"")).category.size(),
      kMaxStringBytes);
  EXPECT_EQ(MustParse(With(R"("description":")" + std::string(kMaxDescriptionBytes, 'd') + "\""))
                .description.size(),
            kMaxDescriptionBytes);
  // An event of exactly 64 KiB.
  std::string json = With(R"("description":"x")");
  json.insert(1, std::string(kMaxEventBytes - json.size(), ' '));
  ASSERT_EQ(json.size(), kMaxEventBytes);
  EXPECT_EQ(MustParse(json).description, "x");
}

TEST_F(EventParserTest, WhitespaceAndKeyEscapesAreFine) {
  Event e = MustParse(" \n\t{ \"tenant\" : \"acme\" , \"act\\u0069on\" : \"a.b\" }\r\n ");
  EXPECT_EQ(e.action, "a.b");
}

// ---------------------------------------------------------------------------
// Rejections, each with its exact message

TEST_F(EventParserTest, MalformedJson) {
  EXPECT_EQ(ErrorOf(R"({"tenant":"acme","action":)"),
            "malformed JSON (The JSON document has an improper structure: missing or superfluous "
            "commas, braces, missing keys, etc.)");
  EXPECT_EQ(ErrorOf(R"({"tenant":"acme","action":"a.b",})"),
            "malformed JSON (The JSON document has an improper structure: missing or superfluous "
            "commas, braces, missing keys, etc.)");
  EXPECT_EQ(ErrorOf(With("") + " " + With("")),
            "malformed JSON (The JSON document has an improper structure: missing or superfluous "
            "commas, braces, missing keys, etc.)");
  EXPECT_EQ(ErrorOf(R"({"tenant":"acme","action":"a\qb"})"),
            "malformed JSON (Problem while parsing a string)");
  // A lone surrogate escape cannot become UTF-8.
  EXPECT_EQ(ErrorOf(With(R"("description":"\ud800")")),
            "malformed JSON (Problem while parsing a string)");
  EXPECT_EQ(ErrorOf(With(R"("metadata":{"n":18446744073709551616})")),
            "a number is malformed or out of range (integers must fit in 64 bits)");
  EXPECT_EQ(ErrorOf(With(R"("metadata":{"n":-9223372036854775809})")),
            "a number is malformed or out of range (integers must fit in 64 bits)");
  EXPECT_EQ(ErrorOf(With(R"("metadata":{"n":1e400})")),
            "a number is malformed or out of range (integers must fit in 64 bits)");
  EXPECT_EQ(ErrorOf(With(R"("metadata":{"n":NaN})")),
            "malformed JSON (The JSON document has an improper structure: missing or superfluous "
            "commas, braces, missing keys, etc.)");
}

TEST_F(EventParserTest, NotAnObject) {
  EXPECT_EQ(ErrorOf("[]"), "expected a JSON object, got an array");
  EXPECT_EQ(ErrorOf(R"([{"tenant":"acme","action":"a.b"}])"),
            "expected a JSON object, got an array");
  EXPECT_EQ(ErrorOf(R"("app.create")"), "expected a JSON object, got a string");
  EXPECT_EQ(ErrorOf("42"), "expected a JSON object, got a number");
  EXPECT_EQ(ErrorOf("null"), "expected a JSON object, got null");
  EXPECT_EQ(ErrorOf("true"), "expected a JSON object, got a boolean");
}

TEST_F(EventParserTest, EmptyInput) {
  EXPECT_EQ(ErrorOf(""), "empty; expected a JSON object");
  EXPECT_EQ(ErrorOf(" \r\n\t "), "empty; expected a JSON object");
}

TEST_F(EventParserTest, InvalidUtf8NamesTheByteOffset) {
  // {"tenant":"acme","action":"app.create","description":"ab\xC3(" : 0xC3 at byte 56.
  std::string json = With("\"description\":\"ab\xC3(\"");
  ASSERT_EQ(json.find('\xC3'), 56u);
  EXPECT_EQ(ErrorOf(json), "invalid UTF-8 at byte 56");
  EXPECT_EQ(ErrorOf("\xFF{}"), "invalid UTF-8 at byte 0");
  EXPECT_EQ(ErrorOf(With("\"category\":\"\xED\xA0\x80\"")), "invalid UTF-8 at byte 51");
}

TEST_F(EventParserTest, EventOver64KiB) {
  std::string json = With(R"("description":"x")");
  json.insert(1, std::string(kMaxEventBytes + 1 - json.size(), ' '));
  EXPECT_EQ(ErrorOf(json), "event is 65537 bytes; the limit is 65536");
  EXPECT_EQ(ErrorOf(std::string(100'000, ' ')), "event is 100000 bytes; the limit is 65536");
}

TEST_F(EventParserTest, StringLimitsNameTheField) {
  const std::string s4097(4097, 'x');
  const std::string email5000 = std::string(4988, 'a') + "@example.com";
  EXPECT_EQ(ErrorOf(With(R"("actor":{"email":")" + email5000 + "\"}")),
            "actor.email: longer than 4096 bytes (got 5000)");
  EXPECT_EQ(ErrorOf(With(R"("category":")" + s4097 + "\"")),
            "category: longer than 4096 bytes (got 4097)");
  EXPECT_EQ(ErrorOf(With(R"("target":{"name":")" + s4097 + "\"}")),
            "target.name: longer than 4096 bytes (got 4097)");
  EXPECT_EQ(ErrorOf(With(R"("target":{"id":"t","parent":{"id":")" + s4097 + "\"}}")),
            "target.parent.id: longer than 4096 bytes (got 4097)");
  EXPECT_EQ(ErrorOf(With(R"("resources":[{"id":"a"},{"name":")" + s4097 + "\"}]")),
            "resources[1].name: longer than 4096 bytes (got 4097)");
  EXPECT_EQ(ErrorOf(With(R"("context":{"user_agent":")" + s4097 + "\"}")),
            "context.user_agent: longer than 4096 bytes (got 4097)");
  EXPECT_EQ(ErrorOf(With(R"("metadata":{"note":")" + s4097 + "\"}")),
            "metadata.note: longer than 4096 bytes (got 4097)");
  EXPECT_EQ(ErrorOf(With(R"("metadata":{"list":["ok",")" + s4097 + "\"]}")),
            "metadata.list[1]: longer than 4096 bytes (got 4097)");
  EXPECT_EQ(ErrorOf(With(R"("metadata":{")" + s4097 + "\":1}")),
            "metadata: a key is longer than 4096 bytes (got 4097)");
  EXPECT_EQ(ErrorOf(With(R"("changes":{"after":{"v":")" + s4097 + "\"}}")),
            "changes.after.v: longer than 4096 bytes (got 4097)");
  EXPECT_EQ(ErrorOf(With(R"("description":")" + std::string(kMaxDescriptionBytes + 1, 'd') + "\"")),
            "description: longer than 16384 bytes (got 16385)");
  EXPECT_EQ(ErrorOf(R"({"action":"a.b","tenant":")" + std::string(129, 't') + "\"}"),
            "tenant: longer than 128 bytes (got 129)");
  EXPECT_EQ(ErrorOf(R"({"tenant":"t","action":")" + std::string(129, 'a') + "\"}"),
            "action: longer than 128 bytes (got 129)");
  EXPECT_EQ(ErrorOf(With(R"("environment":")" + std::string(65, 'e') + "\"")),
            "environment: longer than 64 bytes (got 65)");
  EXPECT_EQ(ErrorOf(With(R"("operation":")" + std::string(65, 'o') + "\"")),
            "operation: longer than 64 bytes (got 65)");
  EXPECT_EQ(ErrorOf(With(R"("workspace":{"id":")" + std::string(129, 'w') + "\"}")),
            "workspace.id: longer than 128 bytes (got 129)");
  EXPECT_EQ(ErrorOf(With(R"("time":")" + std::string(65, '2') + "\"")),
            "time: longer than 64 bytes (got 65)");
}

TEST_F(EventParserTest, BadIds) {
  EXPECT_EQ(ErrorOf(With(R"("id":")" + std::string(129, 'i') + "\"")),
            "id: longer than 128 bytes (got 129)");
  EXPECT_EQ(ErrorOf(With(R"("id":"evt 1")")), "id: must be printable ASCII without spaces");
  EXPECT_EQ(ErrorOf(With(R"("id":"evt\t1")")), "id: must be printable ASCII without spaces");
  EXPECT_EQ(ErrorOf(With(R"("id":"évt")")), "id: must be printable ASCII without spaces");
  EXPECT_EQ(ErrorOf(With(R"("id":"evt\u007f")")), "id: must be printable ASCII without spaces");
  ParseOptions no_ids = Options();
  no_ids.ids = nullptr;
  EXPECT_EQ(ErrorOf(With(""), no_ids), "id: required");
}

TEST_F(EventParserTest, UnknownFields) {
  EXPECT_EQ(ErrorOf(With(R"("colour":"blue")")),
            "colour: unknown field; put custom data in metadata");
  EXPECT_EQ(ErrorOf(With(R"("Action":"x.y")")),
            "Action: unknown field; put custom data in metadata");
  EXPECT_EQ(ErrorOf(With(R"("agent":{})")), "agent: unknown field; put custom data in metadata");
  EXPECT_EQ(ErrorOf(With(R"("":1)")), R"("": unknown field; put custom data in metadata)");
  EXPECT_EQ(ErrorOf(With(R"("actor":{"id":"u","foo":1})")), "actor.foo: unknown field");
  EXPECT_EQ(ErrorOf(With(R"("workspace":{"id":"w","slug":"x"})")), "workspace.slug: unknown field");
  EXPECT_EQ(ErrorOf(With(R"("target":{"id":"t","parent":{"id":"p","parent":{}}})")),
            "target.parent.parent: unknown field");
  EXPECT_EQ(ErrorOf(With(R"("resources":[{"id":"a"},{"id":"b","kind":"x"}])")),
            "resources[1].kind: unknown field");
  EXPECT_EQ(ErrorOf(With(R"("context":{"browser":"x"})")), "context.browser: unknown field");
  EXPECT_EQ(ErrorOf(With(R"("changes":{"diff":{}})")),
            "changes.diff: unknown field; changes holds before and after");
}

TEST_F(EventParserTest, ControlBytesInMessagesAreEscaped) {
  EXPECT_EQ(ErrorOf(With("\"col\\u001bour\":1")),
            "col\\u001bour: unknown field; put custom data in metadata");
  EXPECT_EQ(ErrorOf(R"({"action":"a.b","tenant":"ac\u001b[31mme"})"),
            R"(tenant: "ac\u001b[31mme" may only hold letters, digits and . _ : @ -)");
}

TEST_F(EventParserTest, ServerFieldsOnlyInStoredForm) {
  EXPECT_EQ(ErrorOf(With(R"("received_at":"2026-01-01T00:00:00Z")")),
            "received_at: set by the server; remove it from the event");
  EXPECT_EQ(ErrorOf(With(R"("seq":7)")), "seq: set by the server; remove it from the event");
  EXPECT_EQ(ErrorOf(With(R"("geo":{"country":"DE"})")),
            "geo: set by the server; remove it from the event");
  EXPECT_EQ(ErrorOf(With(R"("ua":{"browser":"Chrome"})")),
            "ua: set by the server; remove it from the event");
  EXPECT_EQ(ErrorOf(With(R"("diff":[])")), "diff: set by the server; remove it from the event");

  Event e = MustParse(
      R"({"seq":7,"id":"e1","time":"2026-01-01T00:00:00.000Z","tenant":"_system",)"
      R"("environment":"production","action":"a.b","status":"success",)"
      R"("received_at":"2026-01-01T00:00:01.000Z",)"
      R"("geo":{"country":"DE","region":"Berlin","city":"Berlin","lat":52.52,"lon":13.405}})",
      StoredOptions());
  EXPECT_EQ(e.seq, 7u);
  EXPECT_EQ(e.tenant, "_system");
  EXPECT_EQ(FormatRfc3339(e.received_at_ms), "2026-01-01T00:00:01.000Z");
  EXPECT_EQ(e.geo, (GeoLocation{"DE", "Berlin", "Berlin", 52.52, 13.405, ""}));
}

// The enrichment members read back from the stored form, and written again
// byte for byte (canonical order, sorted diff keys).
TEST_F(EventParserTest, EnrichmentMembersRoundTrip) {
  const std::string stored =
      R"({"id":"e1","time":"2026-01-01T00:00:00.000Z","tenant":"acme","action":"a.b",)"
      R"("status":"success","changes":{"before":{"n":1},"after":{"n":2}},)"
      R"("received_at":"2026-01-01T00:00:01.000Z","geo":{"label":"private"},)"
      R"("ua":{"browser":"Chrome","browser_version":"120.0.6099","os":"Windows","os_version":"10",)"
      R"("device":{"class":"desktop"},"engine":"Blink"},)"
      R"("diff":[{"after":2,"before":1,"op":"changed","path":"n"}]})";
  Event e = MustParse(stored, StoredOptions());
  EXPECT_EQ(e.geo.label, "private");
  EXPECT_EQ(e.ua.browser, "Chrome");
  EXPECT_EQ(e.ua.browser_version, "120.0.6099");
  EXPECT_EQ(e.ua.os_version, "10");
  EXPECT_EQ(e.ua.device_class, "desktop");
  EXPECT_EQ(e.ua.engine, "Blink");
  EXPECT_EQ(e.diff_json, R"([{"after":2,"before":1,"op":"changed","path":"n"}])");
  EXPECT_EQ(CanonicalEvent(e), stored);
  EXPECT_EQ(ErrorOf(R"({"ua":{"device":{"colour":"red"}}})", StoredOptions()),
            "ua.device.colour: unknown field");
  EXPECT_EQ(ErrorOf(R"({"diff":{}})", StoredOptions()), "diff: expected an array, got an object");
}

TEST_F(EventParserTest, StoredFormRules) {
  const ParseOptions o = StoredOptions();
  EXPECT_EQ(ErrorOf(R"({"time":"2026-01-01T00:00:00Z","received_at":"2026-01-01T00:00:00Z",)"
                    R"("tenant":"t","action":"a.b"})",
                    o),
            "id: required in stored events");
  EXPECT_EQ(ErrorOf(R"({"id":"e","time":"2026-01-01T00:00:00Z","tenant":"t","action":"a.b"})", o),
            "received_at: required in stored events");
  EXPECT_EQ(
      ErrorOf(R"({"id":"e","received_at":"2026-01-01T00:00:00Z","tenant":"t","action":"a.b"})", o),
      "time: required in stored events");
  const std::string base =
      R"({"id":"e","time":"2026-01-01T00:00:00Z","received_at":"2026-01-01T00:00:00Z",)"
      R"("tenant":"t","action":"a.b",)";
  EXPECT_EQ(ErrorOf(base + R"("seq":-1})", o), "seq: expected a non-negative integer");
  EXPECT_EQ(ErrorOf(base + R"("seq":1.5})", o), "seq: expected a non-negative integer");
  EXPECT_EQ(ErrorOf(base + R"("seq":"1"})", o), "seq: expected a non-negative integer");
  EXPECT_EQ(MustParse(base + R"("seq":18446744073709551615})", o).seq, UINT64_MAX);
  EXPECT_EQ(ErrorOf(base + R"("geo":{"lat":91}})", o), "geo.lat: must be between -90 and 90");
  EXPECT_EQ(ErrorOf(base + R"("geo":{"lon":-180.5}})", o), "geo.lon: must be between -180 and 180");
  EXPECT_EQ(ErrorOf(base + R"("geo":{"country":"DE","zip":"10115"}})", o),
            "geo.zip: unknown field");
  // A stored event is taken as written: no environment is made up for it.
  EXPECT_EQ(MustParse(base + R"("status":"success"})", o).environment, "");
  // ...and the receive time does not replace its times.
  EXPECT_EQ(MustParse(base + R"("status":"error"})", o).received_at_ms,
            *ParseRfc3339("2026-01-01T00:00:00Z"));
  // ...nor is an actor type made up (the client form defaults it to user).
  EXPECT_EQ(MustParse(base + R"("actor":{"id":"u1"}})", o).actor.type, "");
  EXPECT_EQ(MustParse(With(R"("actor":{"id":"u1"})")).actor.type, "user");
}

TEST_F(EventParserTest, ReservedTenant) {
  EXPECT_EQ(ErrorOf(R"({"tenant":"_system","action":"a.b"})"),
            "tenant: names starting with '_' are reserved for the server");
  ParseOptions o = Options();
  o.default_tenant = "_system";
  EXPECT_EQ(ErrorOf(R"({"action":"a.b"})", o),
            "tenant: names starting with '_' are reserved for the server");
  o.allow_reserved_tenant = true;
  EXPECT_EQ(MustParse(R"({"action":"a.b"})", o).tenant, "_system");
  EXPECT_EQ(MustParse(R"({"tenant":"a_b","action":"a.b"})").tenant, "a_b");
}

TEST_F(EventParserTest, BadTenantCharacters) {
  EXPECT_EQ(ErrorOf(R"({"tenant":"acme corp","action":"a.b"})"),
            R"(tenant: "acme corp" may only hold letters, digits and . _ : @ -)");
  EXPECT_EQ(ErrorOf(R"({"tenant":"acme/eu","action":"a.b"})"),
            R"(tenant: "acme/eu" may only hold letters, digits and . _ : @ -)");
  EXPECT_EQ(ErrorOf(R"({"tenant":"zürich","action":"a.b"})"),
            R"(tenant: "zürich" may only hold letters, digits and . _ : @ -)");
}

TEST_F(EventParserTest, DuplicateKeys) {
  EXPECT_EQ(ErrorOf(R"({"tenant":"acme","action":"a.b","action":"c.d"})"), "action: appears twice");
  EXPECT_EQ(ErrorOf(With(R"("metadata":{"b":1,"a":2,"b":3})")), "metadata.b: appears twice");
  EXPECT_EQ(ErrorOf(With(R"("metadata":{"a":1,"\u0061":2})")), "metadata.a: appears twice");
  EXPECT_EQ(ErrorOf(With(R"("metadata":{"x":{"k":1,"k":1}})")), "metadata.x.k: appears twice");
  EXPECT_EQ(ErrorOf(With(R"("actor":{"id":"a","id":"b"})")), "actor.id: appears twice");
  EXPECT_EQ(ErrorOf(With(R"("changes":{"before":{},"before":{}})")),
            "changes.before: appears twice");
  EXPECT_EQ(ErrorOf(With(R"("changes":{"after":{"v":1,"v":2}})")),
            "changes.after.v: appears twice");
  EXPECT_EQ(ErrorOf(With(R"("context":{"ip":"::1","ip":"::2"})")), "context.ip: appears twice");
}

TEST_F(EventParserTest, WrongTypes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("id":1)", "id: expected a string, got a number"},
      {R"("time":1700000000000)", "time: expected a string, got a number"},
      {R"("environment":["prod"])", "environment: expected a string, got an array"},
      {R"("workspace":"ws_1")", "workspace: expected an object, got a string"},
      {R"("workspace":{"id":1})", "workspace.id: expected a string, got a number"},
      {R"("category":{})", "category: expected a string, got an object"},
      {R"("operation":1.5)", "operation: expected a string, got a number"},
      {R"("status":true)", "status: expected a string, got a boolean"},
      {R"("actor":"ada")", "actor: expected an object, got a string"},
      {R"("actor":{"id":5})", "actor.id: expected a string, got a number"},
      {R"("actor":{"id":"u","role":["admin"]})", "actor.role: expected a string, got an array"},
      {R"("target":[])", "target: expected an object, got an array"},
      {R"("target":{"id":"t","parent":"p"})", "target.parent: expected an object, got a string"},
      {R"("resources":{})", "resources: expected an array, got an object"},
      {R"("resources":["app_1"])", "resources[0]: expected an object, got a string"},
      {R"("context":"web")", "context: expected an object, got a string"},
      {R"("context":{"ip":4})", "context.ip: expected a string, got a number"},
      {R"("context":{"duration_ms":"12"})", "context.duration_ms: expected a number, got a string"},
      {R"("context":{"duration_ms":true})",
       "context.duration_ms: expected a number, got a boolean"},
      {R"("description":false)", "description: expected a string, got a boolean"},
      {R"("changes":[])", "changes: expected an object, got an array"},
      {R"("changes":{"before":"x"})", "changes.before: expected an object, got a string"},
      {R"("changes":{"after":[1]})", "changes.after: expected an object, got an array"},
      {R"("metadata":"x")", "metadata: expected an object, got a string"},
      {R"("metadata":true)", "metadata: expected an object, got a boolean"},
      {R"("metadata":[1])", "metadata: expected an object, got an array"},
  };
  for (const auto& [member, want] : cases) EXPECT_EQ(ErrorOf(With(member)), want) << member;
  EXPECT_EQ(ErrorOf(R"({"tenant":true,"action":"a.b"})"),
            "tenant: expected a string, got a boolean");
  EXPECT_EQ(ErrorOf(R"({"tenant":"t","action":["a.b"]})"),
            "action: expected a string, got an array");
}

TEST_F(EventParserTest, BadStatus) {
  EXPECT_EQ(ErrorOf(With(R"("status":"ok")")), R"(status: must be "success" or "error", got "ok")");
  EXPECT_EQ(ErrorOf(With(R"("status":"Success")")),
            R"(status: must be "success" or "error", got "Success")");
  EXPECT_EQ(ErrorOf(With(R"("status":"failure-of-the-system")")),
            "status: longer than 16 bytes (got 21)");
}

TEST_F(EventParserTest, BadActor) {
  EXPECT_EQ(ErrorOf(With(R"("actor":{"type":"robot","id":"r2"})")),
            R"(actor.type: must be user, system, api_key or service, got "robot")");
  EXPECT_EQ(ErrorOf(With(R"("actor":{"type":"User","id":"u"})")),
            R"(actor.type: must be user, system, api_key or service, got "User")");
  EXPECT_EQ(ErrorOf(With(R"("actor":{"role":"admin","type":"user"})")),
            "actor: needs at least one of id, email, name");
  EXPECT_EQ(ErrorOf(With(R"("actor":{})")), "actor: needs at least one of id, email, name");
  EXPECT_EQ(ErrorOf(With(R"("actor":{"id":"u","status":"on leave"})")),
            "actor.status: must be a word such as active or disabled (letters, digits, _ -)");
  EXPECT_EQ(ErrorOf(With(R"("actor":{"id":"u","status":")" + std::string(33, 's') + "\"}")),
            "actor.status: must be a word such as active or disabled (letters, digits, _ -)");
}

TEST_F(EventParserTest, BadEmail) {
  for (std::string_view email : {"ada", "@example.com", "ada@", "ada @example.com"}) {
    EXPECT_EQ(ErrorOf(With(R"("actor":{"email":")" + std::string(email) + "\"}")),
              "actor.email: \"" + std::string(email) + "\" is not an email address")
        << email;
  }
  // The message quotes the value as a JSON string, control characters escaped.
  EXPECT_EQ(ErrorOf(With(R"("actor":{"email":"ada@exa\tmple.com"})")),
            R"(actor.email: "ada@exa\tmple.com" is not an email address)");
  // Lenient by design: one '@' with something on each side.
  EXPECT_EQ(MustParse(With(R"("actor":{"email":"a@b"})")).actor.email, "a@b");
  EXPECT_EQ(MustParse(With(R"("actor":{"email":"\"odd@name\"@example.com"})")).actor.email,
            "\"odd@name\"@example.com");
}

// Issue 5: a malformed address does not cost the event; it is kept as sent
// (enrichment then labels its location "invalid").
TEST_F(EventParserTest, MalformedIpIsKeptAsSent) {
  for (std::string_view ip : {"1.2.3", "256.1.1.1", "1.2.3.4 ", "localhost", "fe80::1%eth0",
                              "1.2.3.4/24", "2001:db8::1::2", "::ffff:1.2.3", "01.2.3.4"}) {
    EXPECT_EQ(MustParse(With(R"("context":{"ip":")" + std::string(ip) + "\"}")).context.ip, ip);
  }
  EXPECT_EQ(MustParse(With(R"("context":{"ip":"1.2.3.4\u0000junk"})")).context.ip,
            std::string("1.2.3.4\0junk", 12));
}

TEST_F(EventParserTest, BadMethod) {
  for (std::string_view m : {"GET /", "PO-ST", "GÉT", "ABCDEFGHIJKLMNOPQ"}) {
    EXPECT_EQ(ErrorOf(With(R"("context":{"method":")" + std::string(m) + "\"}")),
              "context.method: \"" + std::string(m) + "\" is not an HTTP method");
  }
  EXPECT_EQ(MustParse(With(R"("context":{"method":"ABCDEFGHIJKLMNOP"})")).context.method,
            "ABCDEFGHIJKLMNOP");
}

TEST_F(EventParserTest, BadTimes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2026-11-21",
       "'2026-11-21' is not an RFC 3339 timestamp (missing time of day or offset; e.g. "
       "2026-11-21T09:30:00.000Z)"},
      {"2026-11-21T09:30:00",
       "'2026-11-21T09:30:00' is not an RFC 3339 timestamp (missing time of day or offset; e.g. "
       "2026-11-21T09:30:00.000Z)"},
      {"2026-11-21T09:30:00.000",
       "'2026-11-21T09:30:00.000' is not an RFC 3339 timestamp (missing UTC offset ('Z' or "
       "±HH:MM); e.g. 2026-11-21T09:30:00.000Z)"},
      {"2026-13-01T00:00:00Z", "month 13 out of range"},
      {"2026-02-30T00:00:00Z", "day 30 out of range for 2026-02"},
      {"2026-11-21T24:00:00Z",
       "'2026-11-21T24:00:00Z' is not an RFC 3339 timestamp (hour out of range; e.g. "
       "2026-11-21T09:30:00.000Z)"},
      {"1969-12-31T23:59:59Z",
       "'1969-12-31T23:59:59Z' is not an RFC 3339 timestamp (before 1970-01-01T00:00:00Z; e.g. "
       "2026-11-21T09:30:00.000Z)"},
      {"Nov 21 2026", "'Nov 21 2026' is not an RFC 3339 timestamp (expected YYYY-MM-DD…)"},
      {"2026-11-21T09:30:00Z junk",
       "'2026-11-21T09:30:00Z junk' is not an RFC 3339 timestamp (unexpected characters after "
       "the offset; e.g. 2026-11-21T09:30:00.000Z)"},
  };
  for (const auto& [text, want] : cases) {
    EXPECT_EQ(ErrorOf(With(R"("time":")" + text + "\"")), "time: " + want) << text;
  }
}

TEST_F(EventParserTest, BadActions) {
  for (std::string_view a : {"app..create", ".app", "app.", ".", "app create", "app/create",
                             "app.créate", "app:create"}) {
    EXPECT_EQ(ErrorOf(R"({"tenant":"t","action":")" + std::string(a) + "\"}"),
              "action: \"" + std::string(a) +
                  "\" is not a dotted event type such as app.create (letters, digits, _ and - "
                  "between dots)")
        << a;
  }
  EXPECT_EQ(ErrorOf(R"({"tenant":"t"})"), "action: required");
  EXPECT_EQ(ErrorOf(R"({"tenant":"t","action":""})"), "action: required");
}

TEST_F(EventParserTest, BadEnvironmentAndOperation) {
  EXPECT_EQ(ErrorOf(With(R"("environment":"prod env")")),
            R"(environment: "prod env" may only hold letters, digits and . _ -)");
  EXPECT_EQ(ErrorOf(With(R"("operation":"read/write")")),
            R"(operation: "read/write" may only hold letters, digits and . _ -)");
}

TEST_F(EventParserTest, ReferencesNeedAnIdOrAName) {
  EXPECT_EQ(ErrorOf(With(R"("target":{"type":"app"})")), "target: needs an id or a name");
  EXPECT_EQ(ErrorOf(With(R"("target":{"parent":{"id":"f"}})")), "target: needs an id or a name");
  EXPECT_EQ(ErrorOf(With(R"("target":{"id":"t","parent":{"type":"folder"}})")),
            "target.parent: needs an id or a name");
  EXPECT_EQ(ErrorOf(With(R"("resources":[{"id":"a"},{"type":"flow"}])")),
            "resources[1]: needs an id or a name");
  EXPECT_EQ(ErrorOf(With(R"("resources":[{}])")), "resources[0]: needs an id or a name");
  EXPECT_EQ(ErrorOf(With(R"("workspace":{"name":"Marketing"})")),
            "workspace.id: required with a name");
  EXPECT_TRUE(MustParse(With(R"("workspace":{})")).workspace.empty());
  EXPECT_EQ(MustParse(With(R"("target":{"name":"CRM"})")).target.name, "CRM");
}

TEST_F(EventParserTest, WherePrefixes) {
  const std::string bad_email = With(R"("actor":{"email":"nope"})");
  EXPECT_EQ(ErrorOf(bad_email, Options(), "line 3"),
            R"(line 3: actor.email: "nope" is not an email address)");
  EXPECT_EQ(ErrorOf(bad_email, Options(), "events[3]"),
            R"(events[3].actor.email: "nope" is not an email address)");
  EXPECT_EQ(ErrorOf(With(R"("resources":[{}])"), Options(), "events[0]"),
            "events[0].resources[0]: needs an id or a name");
  EXPECT_EQ(ErrorOf("", Options(), "line 3"), "line 3: empty; expected a JSON object");
  EXPECT_EQ(ErrorOf("[]", Options(), "events[3]"),
            "events[3]: expected a JSON object, got an array");
  EXPECT_EQ(ErrorOf("{", Options(), "line 7"),
            "line 7: malformed JSON (The JSON document has an improper structure: missing or "
            "superfluous commas, braces, missing keys, etc.)");
  EXPECT_EQ(ErrorOf(R"({"tenant":"t"})", Options(), "events[12]"), "events[12].action: required");
}

TEST_F(EventParserTest, ParserIsReusableAfterErrors) {
  EXPECT_FALSE(parser_.Parse("{", Options()).ok());
  EXPECT_FALSE(parser_.Parse(With(R"("colour":1)"), Options()).ok());
  EXPECT_EQ(MustParse(With(R"("description":"fine")")).description, "fine");
}

// ---------------------------------------------------------------------------
// FindInvalidUtf8

TEST(FindInvalidUtf8Test, ValidText) {
  EXPECT_EQ(FindInvalidUtf8(""), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("plain ASCII\x7F"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("Zürich 東京 😀 \xF4\x8F\xBF\xBF"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8(std::string_view("a\0b", 3)), std::string_view::npos);
}

TEST(FindInvalidUtf8Test, InvalidSequences) {
  EXPECT_EQ(FindInvalidUtf8("ab\x80"), 2u);                  // stray continuation byte
  EXPECT_EQ(FindInvalidUtf8("ab\xC3"), 2u);                  // truncated
  EXPECT_EQ(FindInvalidUtf8("ab\xC3(cd"), 2u);               // bad continuation
  EXPECT_EQ(FindInvalidUtf8("x\xC0\x80"), 1u);               // overlong NUL
  EXPECT_EQ(FindInvalidUtf8("x\xE0\x80\xAF"), 1u);           // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("é\xED\xA0\x80"), 2u);           // UTF-16 surrogate
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);        // above U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("ok\xF8\x88\x80\x80\x80"), 2u);  // 5-byte form
  EXPECT_EQ(FindInvalidUtf8("ok\xFF"), 2u);
}

}  // namespace
}  // namespace vigil
