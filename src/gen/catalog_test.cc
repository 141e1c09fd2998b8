#include "gen/catalog.h"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "enrich/event_catalog.h"
#include "gen/event_generator.h"
#include "gen/json_string.h"
#include "gen/tenant.h"

namespace vigil::gen {
namespace {

constexpr Flavour kFlavours[] = {Flavour::kLowcoder, Flavour::kToolJet, Flavour::kAppmixer,
                                 Flavour::kFliplet, Flavour::kDify};

bool IsDottedAction(std::string_view a) {
  bool segment_start = true;
  for (char c : a) {
    if (c == '.') {
      if (segment_start) return false;
      segment_start = true;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') {
      segment_start = false;
    } else {
      return false;
    }
  }
  return !segment_start;
}

// The {tokens} of a template.
std::set<std::string> Tokens(std::string_view text) {
  std::set<std::string> tokens;
  for (size_t open = text.find('{'); open != std::string_view::npos;
       open = text.find('{', open + 1)) {
    const size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      tokens.insert("<unclosed>");
      break;
    }
    tokens.insert(std::string(text.substr(open + 1, close - open - 1)));
  }
  return tokens;
}

TEST(CatalogTest, EntriesAreWellFormed) {
  const std::set<std::string> description_tokens = {"actor",   "target", "parent",
                                                    "related", "old",    "new"};
  const std::set<std::string> path_tokens = {"id", "parent", "ws", "actor"};
  const std::set<std::string> methods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  for (Flavour f : kFlavours) {
    SCOPED_TRACE(std::string(FlavourName(f)));
    bool has_login = false;
    for (const CatalogEntry& e : CatalogOf(f)) {
      SCOPED_TRACE(std::string(e.action));
      EXPECT_TRUE(IsDottedAction(e.action));
      EXPECT_FALSE(e.category.empty());
      EXPECT_FALSE(e.operation.empty());
      EXPECT_GT(e.weight, 0);
      EXPECT_LE(e.error_per_mille, 1000);
      EXPECT_NE(e.target, ResourceKind::kNone);
      for (const std::string& t : Tokens(e.description)) {
        EXPECT_TRUE(description_tokens.contains(t)) << t;
      }
      for (const std::string& t : Tokens(e.path)) {
        EXPECT_TRUE(path_tokens.contains(t)) << t;
      }
      if (Tokens(e.description).contains("related")) {
        EXPECT_NE(e.related, ResourceKind::kNone);
      }
      if (e.method.empty()) {
        EXPECT_TRUE(e.path.empty());
      } else {
        EXPECT_TRUE(methods.contains(std::string(e.method)));
        EXPECT_EQ(e.path.front(), '/');
        EXPECT_FALSE(NeedsJsonEscape(e.path));  // paths are written between quotes as is
      }
      has_login |= e.operation == "login" && e.target == ResourceKind::kSelf;
    }
    EXPECT_TRUE(has_login);
    EXPECT_GE(RolesOf(f).size(), 4u);
  }
}

TEST(CatalogTest, ReproducesTheReferenceEventLists) {
  auto actions = [](Flavour f) {
    std::set<std::string> out;
    for (const CatalogEntry& e : CatalogOf(f)) out.insert(std::string(e.action));
    return out;
  };
  const auto lowcoder = actions(Flavour::kLowcoder);
  for (const char* a : {"user.login", "user.logout", "app.view", "app.move", "app.restore",
                        "folder.create", "query.execute", "group.member.add", "group.leave",
                        "server.startup", "datasource.permission.grant", "library_query.publish"}) {
    EXPECT_TRUE(lowcoder.contains(a)) << a;
  }
  const auto tooljet = actions(Flavour::kToolJet);
  for (const char* a :
       {"user.invite.redeem", "app.import", "app.export", "app.clone", "data_query.run",
        "group_permission.create", "app_group_permission.update"}) {
    EXPECT_TRUE(tooljet.contains(a)) << a;
  }
  const auto appmixer = actions(Flavour::kAppmixer);
  for (const char* a : {"flow.start", "flow.stop", "flow.clone", "template.published.update",
                        "template.test.start", "connector.uninstall", "user.login.failed",
                        "user.password.change", "component.access.assign"}) {
    EXPECT_TRUE(appmixer.contains(a)) << a;
  }
  const auto fliplet = actions(Flavour::kFliplet);
  EXPECT_GE(fliplet.size(), 80u);  // the whole documented list
  for (const char* a : {"app.page.update", "dataSource.entry.create", "user.twofactor.add",
                        "organization.user.unblock", "email.bounced", "sms.2fa",
                        "app.analytics.pageView", "session.locale.updated"}) {
    EXPECT_TRUE(fliplet.contains(a)) << a;
  }
  const auto dify = actions(Flavour::kDify);
  for (const char* a :
       {"app.dsl.import", "app.dsl.export", "app.site.enable", "app.api.disable", "member.invite",
        "system_user.backup_code.generate", "member_group.config.update", "document.upload"}) {
    EXPECT_TRUE(dify.contains(a)) << a;
  }
}

TEST(CatalogTest, EveryFlavourHasItsFieldHabits) {
  for (Flavour f : kFlavours) {
    EXPECT_FALSE(FlavourName(f).empty());
    EXPECT_FALSE(ServiceNameOf(f).empty());
    (void)FieldHabitsOf(f);
  }
  EXPECT_TRUE(FieldHabitsOf(Flavour::kToolJet).duration);  // ToolJet shows response times
}

// The events vigil gen writes agree with the catalogs they are drawn from:
// each action is in its tenant's catalog with the catalog's operation and one
// of its variants' categories, and metadata satisfies the entry's schema.
TEST(CatalogTest, GeneratedEventsMatchTheirCatalog) {
  GeneratorOptions options;
  options.seed = 5;
  options.end_ms = 1767225600000;  // 2026-01-01
  options.count = 30'000;
  std::map<std::string, Flavour> flavour_of;
  for (size_t r = 0; r < options.tenants; ++r) {
    const Tenant t = MakeTenant(options, r);
    flavour_of[t.id] = t.flavour;
  }
  std::vector<enrich::EventCatalog> catalogs;
  for (Flavour f : kFlavours) {
    auto c = enrich::EventCatalog::Shipped(FlavourName(f));
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    catalogs.push_back(*std::move(c));
  }
  EventGenerator gen(options);
  size_t with_schema = 0;
  std::set<std::string> schema_actions;
  for (uint64_t i = 0; i < options.count; ++i) {
    std::string line;
    gen.Generate(i, &line);
    const nlohmann::json event = nlohmann::json::parse(line);
    const Flavour f = flavour_of.at(event["tenant"].get<std::string>());
    const std::string action = event["action"].get<std::string>();
    const enrich::EventType* type = catalogs[static_cast<size_t>(f)].Find(action);
    ASSERT_NE(type, nullptr) << line;
    EXPECT_EQ(event["operation"], type->operation) << line;
    std::set<std::string_view> categories;
    for (const CatalogEntry& e : CatalogOf(f)) {
      if (e.action == action) categories.insert(e.category);
    }
    EXPECT_TRUE(categories.contains(event["category"].get<std::string>())) << line;
    if (type->metadata_schema != nullptr && event.contains("metadata")) {
      const Status valid = enrich::EventCatalog::ValidateMetadata(*type, event["metadata"].dump());
      EXPECT_TRUE(valid.ok()) << valid.ToString() << "\n" << line;
      ++with_schema;
      schema_actions.insert(action);
    }
  }
  EXPECT_GT(with_schema, 3000u);
  EXPECT_GE(schema_actions.size(), 10u);
}

// Each flavour's YAML holds every action of its draw table exactly once,
// and every entry of the catalog has variants.
TEST(CatalogTest, DrawTablesCoverTheirCatalogs) {
  for (Flavour f : kFlavours) {
    SCOPED_TRACE(std::string(FlavourName(f)));
    auto c = enrich::EventCatalog::Shipped(FlavourName(f));
    ASSERT_TRUE(c.ok());
    std::set<std::string_view> drawn;
    for (const CatalogEntry& e : CatalogOf(f)) {
      const enrich::EventType* t = c->Find(e.action);
      ASSERT_NE(t, nullptr) << e.action;
      EXPECT_EQ(e.operation, t->operation);
      drawn.insert(e.action);
    }
    EXPECT_EQ(drawn.size(), c->size());
  }
}

}  // namespace
}  // namespace vigil::gen
