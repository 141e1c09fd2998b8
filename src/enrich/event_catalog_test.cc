#include "enrich/event_catalog.h"

#include <gtest/gtest.h>

#include <string>

#include "catalogs/shipped_catalogs.h"

namespace vigil::enrich {
namespace {

// A small catalog; tests replace parts of it to break one rule at a time.
constexpr std::string_view kTiny = R"(catalog: tiny
title: Tiny product
operations: [archive]
events:
  - action: user.login
    category: Sessions
    operation: login
    description: Sign in
    metadata_schema:
      type: object
      properties:
        auth_method: {type: string, enum: [password, sso]}
        mfa: {type: boolean}
        attempts: {type: integer, minimum: 1}
        devices:
          type: array
          items:
            type: object
            properties:
              id: {type: string, pattern: "^dev_[0-9]+$"}
      required: [auth_method]
  - action: app.create
    category: Apps
    operation: create
    description: Create app
    gen:
      - {target: app, weight: 3, template: "{actor} created {target}"}
  - action: app.archive
    category: Apps
    operation: archive
    description: Archive app
  - action: user.logout
    category: Sessions
    operation: logout
    description: Sign out
)";

std::string Replace(std::string_view text, std::string_view from, std::string_view to) {
  std::string s(text);
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

std::string LoadError(std::string_view yaml) {
  auto c = EventCatalog::FromYaml(yaml, "tiny.yaml");
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(c.status().IsInvalidArgument());
  return c.status().message();
}

TEST(EventCatalogTest, EveryShippedCatalogLoads) {
  const std::pair<std::string_view, size_t> expected[] = {{"default", 50}, {"lowcoder", 32},
                                                          {"tooljet", 22}, {"appmixer", 28},
                                                          {"fliplet", 90}, {"dify", 46}};
  ASSERT_EQ(catalogs::ShippedCatalogs().size(), std::size(expected));
  for (const auto& [name, count] : expected) {
    SCOPED_TRACE(std::string(name));
    auto c = EventCatalog::Shipped(name);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_EQ(c->name(), name);
    EXPECT_FALSE(c->title().empty());
    EXPECT_EQ(c->size(), count);
    EXPECT_EQ(c->source(), std::string(name) + ".yaml");
    // The product catalogs carry the generator's data; the default one does not.
    EXPECT_EQ(c->gen_json().empty(), name == "default");
    for (const EventType& t : c->types()) EXPECT_EQ(t.gen_json.empty(), name == "default");
  }
  EXPECT_TRUE(EventCatalog::Shipped("lowcoder.yaml").ok());
  EXPECT_TRUE(EventCatalog::Shipped("nope").status().IsNotFound());
}

TEST(EventCatalogTest, FindsByAction) {
  auto c = EventCatalog::Shipped("lowcoder");
  ASSERT_TRUE(c.ok());
  const EventType* login = c->Find("user.login");
  ASSERT_NE(login, nullptr);
  EXPECT_EQ(login->category, "User Sessions");
  EXPECT_EQ(login->operation, "login");
  EXPECT_EQ(login->description, "Sign in");
  EXPECT_NE(login->metadata_schema, nullptr);
  EXPECT_EQ(login->line, 16);
  const EventType* leave = c->Find("group.leave");
  ASSERT_NE(leave, nullptr);
  EXPECT_EQ(leave->operation, "leave");  // declared in operations:
  EXPECT_EQ(c->Find("user.login.failed"), nullptr);
  EXPECT_EQ(c->Find(""), nullptr);
  EXPECT_EQ(c->operations(), std::vector<std::string>{"leave"});

  auto fliplet = EventCatalog::Shipped("fliplet");
  ASSERT_TRUE(fliplet.ok());
  ASSERT_NE(fliplet->Find("dataSource.entry.create"), nullptr);
  EXPECT_EQ(fliplet->Find("dataSource.entry.create")->category, "Data Sources");
  EXPECT_EQ(fliplet->Find("app.submission.report")->category, "App AAB");
}

TEST(EventCatalogTest, KeepsFileOrderAndGroupsByCategory) {
  auto c = EventCatalog::FromYaml(kTiny, "tiny.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->size(), 4u);
  EXPECT_EQ(c->types()[0].action, "user.login");
  EXPECT_EQ(c->types()[3].action, "user.logout");
  EXPECT_EQ(c->types()[0].line, 5);
  const auto groups = c->Groups();
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].name, "Sessions");
  ASSERT_EQ(groups[0].types.size(), 2u);
  EXPECT_EQ(groups[0].types[1]->action, "user.logout");
  EXPECT_EQ(groups[1].name, "Apps");
  EXPECT_EQ(groups[1].types.size(), 2u);

  auto lowcoder = EventCatalog::Shipped("lowcoder");
  ASSERT_TRUE(lowcoder.ok());
  const auto lc = lowcoder->Groups();
  ASSERT_EQ(lc.size(), 8u);
  EXPECT_EQ(lc[0].name, "User Sessions");
  EXPECT_EQ(lc[7].name, "Library Queries");
}

TEST(EventCatalogTest, CopiesAreIndependentValues) {
  auto c = EventCatalog::FromYaml(kTiny, "tiny.yaml");
  ASSERT_TRUE(c.ok());
  const EventCatalog copy = *c;
  *c = *EventCatalog::Shipped("dify");
  ASSERT_NE(copy.Find("app.archive"), nullptr);
  EXPECT_EQ(copy.Find("app.archive")->description, "Archive app");
  EXPECT_EQ(c->Find("app.archive"), nullptr);
}

TEST(EventCatalogTest, RejectsBadYaml) {
  EXPECT_EQ(LoadError("catalog: tiny\nevents: [\n  - a\n"),
            "tiny.yaml:3: invalid YAML: illegal block entry");
  EXPECT_EQ(LoadError(""),
            "tiny.yaml: empty document (expected a mapping with catalog, title and events)");
  EXPECT_EQ(LoadError("- a\n- b\n"),
            "tiny.yaml:1: expected a mapping with catalog, title and events");
  EXPECT_EQ(LoadError(Replace(kTiny, "title: Tiny product\n", "title: Tiny\ntitle: Again\n")),
            "tiny.yaml:3: title: duplicate key");
}

TEST(EventCatalogTest, RejectsMissingAndUnknownFields) {
  EXPECT_EQ(LoadError(Replace(kTiny, "    category: Apps\n    operation: create\n",
                              "    operation: create\n")),
            "tiny.yaml:22: events[1].category: required");
  EXPECT_EQ(LoadError(Replace(kTiny, "title: Tiny product\n", "")), "tiny.yaml:1: title: required");
  EXPECT_EQ(LoadError(Replace(kTiny, "    description: Sign out\n", "    description: \"\"\n")),
            "tiny.yaml:35: events[3].description: must not be empty");
  EXPECT_EQ(LoadError(Replace(kTiny, "    category: Apps\n    operation: archive",
                              "    categroy: Apps\n    operation: archive")),
            "tiny.yaml:29: events[2].categroy: unknown field (expected action, category, "
            "operation, description, metadata_schema, gen)");
  EXPECT_EQ(LoadError(Replace(kTiny, "title: Tiny product\n", "title: 42\n")),
            "tiny.yaml:2: title: must be a string, not 42");
  EXPECT_EQ(LoadError(Replace(kTiny, "catalog: tiny", "catalog: Tiny")),
            "tiny.yaml:1: catalog: \"Tiny\" must be a lower-case name (a-z, 0-9, _ and -)");
  EXPECT_EQ(LoadError(Replace(kTiny, "events:\n", "owner: me\nevents:\n")),
            "tiny.yaml:4: owner: unknown field (expected catalog, title, operations, events, gen)");
  EXPECT_EQ(LoadError(Replace(kTiny, "      - {target: app",
                              "      - [target, app]\n      - {target: app")),
            "tiny.yaml:26: events[1].gen: must be a list of mappings");
}

TEST(EventCatalogTest, RejectsBadActions) {
  EXPECT_EQ(LoadError(Replace(kTiny, "action: user.logout", "action: app.create")),
            "tiny.yaml:32: events[3].action: \"app.create\" is already defined by events[1] "
            "(line 22)");
  EXPECT_EQ(LoadError(Replace(kTiny, "action: app.archive", "action: app..archive")),
            "tiny.yaml:28: events[2].action: \"app..archive\" is not a dotted event type such as "
            "app.create (letters, digits, _ and - between dots)");
}

TEST(EventCatalogTest, RejectsUndeclaredOperations) {
  EXPECT_EQ(LoadError(Replace(kTiny, "operation: create", "operation: udpate")),
            "tiny.yaml:24: events[1].operation: \"udpate\" is not a standard operation (create, "
            "update, delete, view, login, logout, export, import, upload, download, publish, "
            "unpublish, enable, disable, grant, revoke, invite, accept, execute, start, stop, "
            "restore, clone, move, send) and not declared in `operations`");
  EXPECT_EQ(LoadError(Replace(kTiny, "operations: [archive]", "operations: [archive, create]")),
            "tiny.yaml:3: operations[1]: \"create\" is a standard operation; list only the "
            "catalog's own");
  EXPECT_EQ(
      LoadError(Replace(kTiny, "operations: [archive]", "operations: [Archive]")),
      "tiny.yaml:3: operations[0]: \"Archive\" must be a lower-case name (a-z, 0-9, _ and -)");
}

TEST(EventCatalogTest, RejectsBadSchemas) {
  EXPECT_EQ(LoadError(Replace(kTiny, "mfa: {type: boolean}", "mfa: {type: bool}")),
            "tiny.yaml:13: events[0].metadata_schema.properties.mfa.type: \"bool\" is not a JSON "
            "Schema type (one of array, boolean, integer, null, number, object, string)");
  EXPECT_EQ(LoadError(Replace(kTiny, "attempts: {type: integer, minimum: 1}",
                              "attempts: {type: integer, minimun: 1}")),
            "tiny.yaml:14: events[0].metadata_schema.properties.attempts.minimun: unknown JSON "
            "Schema keyword \"minimun\"");
  EXPECT_EQ(LoadError(Replace(kTiny, "pattern: \"^dev_[0-9]+$\"", "pattern: \"^dev_[0-9+$\"")),
            "tiny.yaml:20: events[0].metadata_schema.properties.devices.items.properties.id."
            "pattern: invalid regular expression \"^dev_[0-9+$\": Unexpected character within "
            "'[...]' in regular expression");
  EXPECT_EQ(LoadError(Replace(kTiny, "attempts: {type: integer, minimum: 1}",
                              "attempts: {type: integer, minimum: one}")),
            "tiny.yaml:9: events[0].metadata_schema: not a valid JSON Schema: expected numeric "
            "value for minimum constraint");
  EXPECT_EQ(LoadError(Replace(kTiny, "      required: [auth_method]", "      required: yes")),
            "tiny.yaml:21: events[0].metadata_schema.required: must be an array of property names");
  EXPECT_EQ(LoadError(Replace(kTiny, "    description: Sign out\n",
                              "    description: Sign out\n    metadata_schema: [object]\n")),
            "tiny.yaml:36: events[3].metadata_schema: a schema must be an object");
}

TEST(EventCatalogTest, ValidatesMetadataAgainstTheSchema) {
  auto c = EventCatalog::FromYaml(kTiny, "tiny.yaml");
  ASSERT_TRUE(c.ok());
  const EventType& login = *c->Find("user.login");
  const auto check = [&](std::string_view metadata) {
    return EventCatalog::ValidateMetadata(login, metadata);
  };
  EXPECT_TRUE(check(R"({"auth_method":"sso","mfa":true,"extra":{"kept":1}})").ok());
  EXPECT_TRUE(check(R"({"auth_method":"password","devices":[{"id":"dev_1"}]})").ok());
  EXPECT_EQ(check(R"({"auth_method":"sso","mfa":"yes"})").message(),
            "metadata.mfa: expected boolean, got string");
  EXPECT_TRUE(check(R"({"auth_method":"sso","mfa":"yes"})").IsInvalidArgument());
  EXPECT_EQ(check(R"({"mfa":true})").message(), "metadata.auth_method: required");
  EXPECT_EQ(check(R"({"auth_method":"ldap"})").message(),
            "metadata.auth_method: must be one of \"password\", \"sso\"");
  EXPECT_EQ(check(R"({"auth_method":"sso","attempts":0})").message(),
            "metadata.attempts: must be >= 1");
  EXPECT_EQ(check(R"({"auth_method":"sso","attempts":1.5})").message(),
            "metadata.attempts: expected integer, got number");
  EXPECT_EQ(check(R"({"auth_method":"sso","devices":[{"id":"dev_1"},{"id":"phone"}]})").message(),
            "metadata.devices[1].id: must match the pattern \"^dev_[0-9]+$\"");
  EXPECT_EQ(check(R"(["sso"])").message(), "metadata: expected object, got array");
  EXPECT_EQ(check(R"({"auth_method":)").message(), "metadata: invalid JSON at offset 15");
  // A type without a schema takes anything.
  EXPECT_TRUE(EventCatalog::ValidateMetadata(*c->Find("app.create"), R"({"x":1})").ok());
}

TEST(EventCatalogTest, SchemaMessagesForOtherRules) {
  auto schema = CatalogSchema::Compile(
      R"({"type":"object","additionalProperties":false,"properties":{)"
      R"("kind":{"anyOf":[{"type":"string"},{"type":"integer"}]},)"
      R"("name":{"type":"string","maxLength":3},"tags":{"type":"array","maxItems":2}}})");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ((*schema)->Validate(R"({"other":1})").message(),
            "metadata.other: not a property the schema allows");
  EXPECT_EQ((*schema)->Validate(R"({"kind":true})").message(),
            "metadata.kind: matches none of the schemas of anyOf");
  EXPECT_EQ((*schema)->Validate(R"({"name":"abcd"})").message(),
            "metadata.name: must be at most 3 characters long");
  EXPECT_EQ((*schema)->Validate(R"({"tags":[1,2,3]})").message(),
            "metadata.tags: must have at most 2 items");
  EXPECT_EQ((*schema)->Validate(R"({"name":1})", "body").message(),
            "body.name: expected string, got integer");
  std::string path;
  EXPECT_EQ(
      CatalogSchema::Compile(R"({"$ref":"http://example.com/s.json"})", &path).status().message(),
      "$ref: must point into the schema itself (\"#/definitions/…\")");
  EXPECT_EQ(path, "$ref");
  EXPECT_EQ(CatalogSchema::Compile("[1]", &path).status().message(), "a schema must be an object");
  EXPECT_EQ(path, "");
}

TEST(EventCatalogTest, ReportsJsonErrorsWithoutLines) {
  EXPECT_EQ(EventCatalog::FromJson(R"({"catalog":"x","title":"X","events":[{"action":"a.b"}]})",
                                   "request body")
                .status()
                .message(),
            "request body: events[0].category: required");
  EXPECT_EQ(EventCatalog::FromJson("{", "request body").status().message(),
            "request body: invalid JSON at offset 1");
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(EventCatalog::FromJson(deep, "request body").status().message(),
            "request body: nested more than 64 levels deep");
}

TEST(EventCatalogTest, JsonFormRoundTrips) {
  for (const catalogs::EmbeddedFile& file : catalogs::ShippedCatalogs()) {
    SCOPED_TRACE(std::string(file.name));
    auto c = EventCatalog::FromYaml(file.text, file.name);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    const std::string json = c->ToJson();
    auto back = EventCatalog::FromJson(json, "request body");
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->ToJson(), json);
    EXPECT_EQ(back->size(), c->size());
    EXPECT_EQ(back->types()[0].line, 0);
    // And through YAML.
    auto yaml = EventCatalog::FromYaml(c->ToYaml(), "exported.yaml");
    ASSERT_TRUE(yaml.ok()) << yaml.status().ToString();
    EXPECT_EQ(yaml->ToJson(), json);
  }
}

TEST(EventCatalogTest, JsonFormForTheUi) {
  auto c = EventCatalog::FromYaml(kTiny, "tiny.yaml");
  ASSERT_TRUE(c.ok());
  const std::string json = c->ToJson(/*with_gen=*/false);
  EXPECT_EQ(json.find("\"gen\""), std::string::npos);
  EXPECT_TRUE(json.starts_with(
      R"({"catalog":"tiny","title":"Tiny product","operations":["archive"],"events":[)"
      R"({"action":"user.login","category":"Sessions","operation":"login",)"
      R"("description":"Sign in","metadata_schema":{"type":"object","properties":)"))
      << json;
  EXPECT_NE(c->ToJson().find(
                R"("gen":[{"target":"app","weight":3,"template":"{actor} created {target}"}])"),
            std::string::npos);
  // Strings that would read back as other types stay strings in YAML.
  auto quoted = EventCatalog::FromYaml(
      Replace(kTiny, "description: Sign out", "description: \"true\""), "tiny.yaml");
  ASSERT_TRUE(quoted.ok());
  auto again = EventCatalog::FromYaml(quoted->ToYaml(), "again.yaml");
  ASSERT_TRUE(again.ok()) << again.status().ToString() << "\n" << quoted->ToYaml();
  EXPECT_EQ(again->Find("user.logout")->description, "true");
}

TEST(EventCatalogTest, StandardOperationsIncludeTheEventModels) {
  const auto ops = EventCatalog::StandardOperations();
  for (std::string_view op :
       {"create", "update", "delete", "view", "login", "logout", "export", "upload", "publish",
        "enable", "disable", "grant", "revoke", "invite", "import", "execute", "start", "stop"}) {
    EXPECT_NE(std::find(ops.begin(), ops.end(), op), ops.end()) << op;
  }
}

}  // namespace
}  // namespace vigil::enrich
