#include "gen/flavour_catalog.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil::gen {
namespace {

constexpr std::string_view kTiny = R"(catalog: tiny
title: Tiny
gen:
  service: tiny-worker
  roles: [owner, admin, editor, viewer]
  fields: [user_agent, duration]
events:
  - action: user.login
    category: Sessions
    operation: login
    description: Sign in
    gen:
      - target: self
        method: POST
        path: /login
        weight: 10
        template: '{actor} signed in'
        metadata: login
        error_per_mille: 0
  - action: file.upload
    category: Files
    operation: upload
    description: Upload a file
    gen:
      - {target: document, method: POST, path: /files, weight: 5, template: '{actor} uploaded {target}'}
      - target: document
        method: POST
        path: /api/files
        weight: 2
        template: '{actor} uploaded {target} from the app'
        category: App files
        actor: user_or_api_key
        draw_after: app.view
  - action: app.view
    category: Apps
    operation: view
    description: View an app
    gen:
      - {target: app, method: GET, path: '/apps/{id}', weight: 50, template: '{actor} viewed {target}', related: folder}
  - action: server.startup
    category: System
    operation: start
    description: Server started
    gen:
      - {target: server, weight: 1, template: 'Server {target} started', actor: system, changes: none}
)";

std::string Replace(std::string_view text, std::string_view from, std::string_view to) {
  std::string s(text);
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

Result<std::unique_ptr<const FlavourCatalog>> ReadYaml(std::string_view yaml) {
  auto catalog = enrich::EventCatalog::FromYaml(yaml, "tiny.yaml");
  EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
  if (!catalog.ok()) return catalog.status();
  return FlavourCatalog::Read(*catalog);
}

std::string ReadError(std::string_view yaml) {
  auto f = ReadYaml(yaml);
  EXPECT_FALSE(f.ok());
  return f.status().message();
}

TEST(FlavourCatalogTest, ReadsTheDrawTableInOrder) {
  auto f = ReadYaml(kTiny);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  const auto entries = (*f)->entries();
  ASSERT_EQ(entries.size(), 5u);
  // The deferred variant comes right after app.view's own.
  EXPECT_EQ(entries[0].action, "user.login");
  EXPECT_EQ(entries[1].action, "file.upload");
  EXPECT_EQ(entries[2].action, "app.view");
  EXPECT_EQ(entries[3].action, "file.upload");
  EXPECT_EQ(entries[4].action, "server.startup");

  EXPECT_EQ(entries[0].category, "Sessions");
  EXPECT_EQ(entries[0].operation, "login");
  EXPECT_EQ(entries[0].target, ResourceKind::kSelf);
  EXPECT_EQ(entries[0].method, "POST");
  EXPECT_EQ(entries[0].path, "/login");
  EXPECT_EQ(entries[0].weight, 10);
  EXPECT_EQ(entries[0].description, "{actor} signed in");
  EXPECT_EQ(entries[0].metadata, MetadataKind::kLogin);
  EXPECT_EQ(entries[0].error_per_mille, 0);

  // Defaults.
  EXPECT_EQ(entries[1].category, "Files");
  EXPECT_EQ(entries[1].changes, ChangeKind::kNone);
  EXPECT_EQ(entries[1].metadata, MetadataKind::kRequest);
  EXPECT_EQ(entries[1].related, ResourceKind::kNone);
  EXPECT_EQ(entries[1].actor, ActorMix::kUser);
  EXPECT_EQ(entries[1].error_per_mille, kReferenceErrorPerMille);

  EXPECT_EQ(entries[3].category, "App files");  // the variant's own
  EXPECT_EQ(entries[3].actor, ActorMix::kUserOrApiKey);
  EXPECT_EQ(entries[2].related, ResourceKind::kFolder);
  EXPECT_TRUE(entries[4].method.empty());
  EXPECT_TRUE(entries[4].path.empty());
  EXPECT_EQ(entries[4].actor, ActorMix::kSystem);

  EXPECT_EQ((*f)->service_name(), "tiny-worker");
  ASSERT_EQ((*f)->roles().size(), 4u);
  EXPECT_EQ((*f)->roles()[0], "owner");
  const FieldHabits& h = (*f)->habits();
  EXPECT_TRUE(h.user_agent);
  EXPECT_TRUE(h.duration);
  EXPECT_FALSE(h.session_id);
  EXPECT_FALSE(h.success_status);
}

TEST(FlavourCatalogTest, ReportsBadGenSections) {
  EXPECT_EQ(ReadError(Replace(kTiny, "      - {target: app,", "      - {target: ap,")),
            "tiny.yaml:34: events[2].gen[0].target: \"ap\" is not a resource kind (none, self, "
            "member, organization, workspace, session, server, app, folder, query, library_query, "
            "group, data_source, flow, template, connector, configuration, acl_rule, component, "
            "screen, screen_component, add_on, media_file, media_folder, data_source_entry, "
            "api_token, build, push_notification, email, sms, knowledge_base, document, api_key, "
            "member_group, system_user, auth_config)");
  EXPECT_EQ(ReadError(Replace(kTiny, "        weight: 10\n", "")),
            "tiny.yaml:8: events[0].gen[0].weight: required: an integer from 1 to 65535");
  EXPECT_EQ(ReadError(Replace(kTiny, "        path: /login\n", "")),
            "tiny.yaml:8: events[0].gen[0].path: required");
  EXPECT_EQ(ReadError(Replace(kTiny, "        metadata: login\n", "        metadata: logins\n")),
            "tiny.yaml:8: events[0].gen[0].metadata: \"logins\" is not a metadata kind (request, "
            "login, query_run, flow, file, export, build, message, startup, analytics)");
  EXPECT_EQ(
      ReadError(Replace(kTiny, "        draw_after: app.view", "        draw_after: app.edit")),
      "tiny.yaml:20: events[1].gen[1].draw_after: \"app.edit\" is not an action of this "
      "catalog");
  EXPECT_EQ(ReadError(Replace(kTiny, "        error_per_mille: 0", "        errors: 0")),
            "tiny.yaml:8: events[0].gen[0].errors: unknown field (expected target, method, path, "
            "weight, template, changes, metadata, related, actor, error_per_mille, category, "
            "draw_after)");
  EXPECT_EQ(
      ReadError(Replace(kTiny, "  roles: [owner, admin, editor, viewer]", "  roles: [owner]")),
      "tiny.yaml: gen.roles: required: at least 4 role names, most privileged first (owner, "
      "admin, …)");
  EXPECT_EQ(ReadError(Replace(kTiny, "[user_agent, duration]", "[user_agent, latency]")),
            "tiny.yaml: gen.fields[1]: \"latency\" is not one of user_agent, session_id, "
            "request_id, duration, user_actor_type, actor_status, production_environment, "
            "success_status");
  EXPECT_EQ(ReadError(Replace(kTiny,
                              "    description: Server started\n    gen:\n      - {target: server, "
                              "weight: 1, template: 'Server {target} started', actor: system, "
                              "changes: none}\n",
                              "    description: Server started\n")),
            "tiny.yaml:40: events[3].gen: required (the generator's variants)");
}

TEST(FlavourCatalogTest, EnumNamesRoundTrip) {
  for (size_t i = 0; i < static_cast<size_t>(ResourceKind::kCount); ++i) {
    ResourceKind k;
    ASSERT_TRUE(ResourceKindNamed(ResourceKindName(static_cast<ResourceKind>(i)), &k));
    EXPECT_EQ(static_cast<size_t>(k), i);
  }
  for (size_t i = 0; i <= static_cast<size_t>(ChangeKind::kLayout); ++i) {
    ChangeKind k;
    ASSERT_TRUE(ChangeKindNamed(ChangeKindName(static_cast<ChangeKind>(i)), &k));
    EXPECT_EQ(static_cast<size_t>(k), i);
  }
  for (size_t i = 0; i <= static_cast<size_t>(MetadataKind::kAnalytics); ++i) {
    MetadataKind k;
    ASSERT_TRUE(MetadataKindNamed(MetadataKindName(static_cast<MetadataKind>(i)), &k));
    EXPECT_EQ(static_cast<size_t>(k), i);
  }
  for (size_t i = 0; i <= static_cast<size_t>(ActorMix::kVisitor); ++i) {
    ActorMix a;
    ASSERT_TRUE(ActorMixNamed(ActorMixName(static_cast<ActorMix>(i)), &a));
    EXPECT_EQ(static_cast<size_t>(a), i);
  }
  EXPECT_EQ(ResourceKindName(ResourceKind::kDataSourceEntry), "data_source_entry");
  EXPECT_EQ(ActorMixName(ActorMix::kUserOrApiKey), "user_or_api_key");
  ResourceKind k;
  EXPECT_FALSE(ResourceKindNamed("App", &k));
}

}  // namespace
}  // namespace vigil::gen
