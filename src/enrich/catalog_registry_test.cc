#include "enrich/catalog_registry.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <map>
#include <string>

namespace vigil::enrich {
namespace {

// A tenant's own catalog of one event type, door.open in category Doors.
EventCatalog DoorsCatalog() {
  Result<EventCatalog> own = EventCatalog::FromYaml(
      "catalog: mine\ntitle: Mine\nevents:\n  - action: door.open\n    category: Doors\n"
      "    operation: start\n    description: Open a door\n",
      "mine.yaml");
  EXPECT_TRUE(own.ok()) << own.status().ToString();
  return std::move(own).value();
}

class CatalogRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = std::filesystem::temp_directory_path().string() + "/catalogs-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<CatalogRegistry> Open() {
    Result<std::unique_ptr<CatalogRegistry>> r = CatalogRegistry::Open(dir_, "default");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }

  std::string dir_;
};

TEST_F(CatalogRegistryTest, TenantsStartOnTheDefaultCatalog) {
  auto r = Open();
  const TenantCatalog t = r->ForTenant("acme");
  EXPECT_EQ(t.catalog->name(), "default");
  EXPECT_FALSE(t.strict);
  EXPECT_FALSE(t.custom);
  EXPECT_NE(t.catalog->Find("user.login"), nullptr);
}

TEST_F(CatalogRegistryTest, SettingsPersistAcrossOpens) {
  {
    auto r = Open();
    ASSERT_TRUE(r->Set("acme", {.shipped = "lowcoder", .strict = true}).ok());
    ASSERT_TRUE(r->Set("org:1", {.custom = DoorsCatalog()}).ok());
  }
  auto r = Open();
  EXPECT_EQ(r->ForTenant("acme").catalog->name(), "lowcoder");
  EXPECT_TRUE(r->ForTenant("acme").strict);
  const TenantCatalog own = r->ForTenant("org:1");
  EXPECT_TRUE(own.custom);
  EXPECT_FALSE(own.strict);
  ASSERT_NE(own.catalog->Find("door.open"), nullptr);
  EXPECT_EQ(own.catalog->Find("door.open")->category, "Doors");
  EXPECT_EQ(r->ForTenant("beta").catalog->name(), "default");
}

TEST_F(CatalogRegistryTest, BadChangesAreRefusedAndChangeNothing) {
  auto r = Open();
  Result<TenantCatalog> bad = r->Set("acme", {.shipped = "nosuch"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("nosuch"), std::string::npos) << bad.status().message();
  EXPECT_EQ(r->ForTenant("acme").catalog->name(), "default");
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/catalog/tenants.json"));
}

TEST_F(CatalogRegistryTest, DamagedSettingsFileIsReported) {
  std::filesystem::create_directories(dir_ + "/catalog");
  {
    std::FILE* f = std::fopen((dir_ + "/catalog/tenants.json").c_str(), "w");
    std::fputs("{\"acme\": {\"custom\": true}}", f);
    std::fclose(f);
  }
  Result<std::unique_ptr<CatalogRegistry>> r = CatalogRegistry::Open(dir_, "default");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("acme.json"), std::string::npos) << r.status().message();
}

// What nodes share (api/settings_sync.h): Export on one, Apply on another.
TEST_F(CatalogRegistryTest, ExportedSettingsApplyElsewhereAsTheyWere) {
  auto r = Open();
  ASSERT_TRUE(r->Set("acme", {.shipped = "lowcoder", .strict = true}).ok());
  ASSERT_TRUE(r->Set("org:1", {.custom = DoorsCatalog()}).ok());
  const std::map<std::string, std::string> exported = r->Export();
  ASSERT_EQ(exported.size(), 2u);

  auto other = CatalogRegistry::InMemory("default");
  ASSERT_TRUE(other.ok());
  for (const auto& [tenant, text] : exported) {
    ASSERT_TRUE((*other)->Apply(tenant, text).ok()) << tenant;
  }
  EXPECT_EQ((*other)->Export(), exported);
  EXPECT_EQ((*other)->ForTenant("acme").catalog->name(), "lowcoder");
  EXPECT_TRUE((*other)->ForTenant("acme").strict);
  EXPECT_EQ((*other)->ForTenant("org:1").catalog->Find("door.open")->category, "Doors");

  for (const char* bad : {"", "[]", "{\"strict\": true}", "{\"strict\": 1, \"catalog\": \"x\"}",
                          "{\"strict\": true, \"catalog\": \"default\", \"custom\": {}}",
                          "{\"strict\": true, \"catalog\": \"no-such-catalog\"}"}) {
    Status s = (*other)->Apply("acme", bad);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.message().find("acme"), std::string::npos) << s.ToString();
  }
  EXPECT_EQ((*other)->ForTenant("acme").catalog->name(), "lowcoder");  // unchanged
}

}  // namespace
}  // namespace vigil::enrich
