#include "gen/tenant.h"

#include <algorithm>
#include <cassert>
#include <set>

#include "core/json_writer.h"
#include "gen/ip_address.h"
#include "gen/population_data.h"
#include "gen/resource_kind.h"
#include "gen/split_mix64.h"
#include "gen/user_agents.h"

namespace vigil::gen {
namespace {

// Salts that keep the hashes of different properties apart.
constexpr uint64_t kSaltTenant = 0x54454E414E54ULL;
constexpr uint64_t kSaltMember = 0x4D454D424552ULL;
constexpr uint64_t kSaltMemberId = 0x4D454D4944ULL;
constexpr uint64_t kSaltWorkspace = 0x57534944ULL;
constexpr uint64_t kSaltApiKey = 0x4150494B4559ULL;

IdStyle IdStyleOf(Flavour f) {
  switch (f) {
    case Flavour::kLowcoder:
    case Flavour::kAppmixer:
      return IdStyle::kObjectId;
    case Flavour::kFliplet:
      return IdStyle::kNumeric;
    case Flavour::kToolJet:
    case Flavour::kDify:
      return IdStyle::kUuid;
  }
  return IdStyle::kUuid;
}

std::string RenderString(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

// An actor object; empty members are left out.
std::string RenderActor(std::string_view id, std::string_view name, std::string_view email,
                        std::string_view type, std::string_view role, std::string_view status) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.StringMember("id", id);
  w.StringMember("name", name);
  w.StringMember("email", email);
  w.StringMember("type", type);
  w.StringMember("role", role);
  w.StringMember("status", status);
  w.EndObject();
  return out;
}

std::string QuotedIp(void (*append)(uint64_t, std::string*), uint64_t h) {
  std::string out = "\"";
  append(h, &out);
  out.push_back('"');
  return out;
}

// The local part of a member's email address in the tenant's convention.
std::string EmailLocalPart(int convention, const PersonName& first, const PersonName& last) {
  switch (convention) {
    case 0:
      return std::string(first.ascii) + "." + std::string(last.ascii);
    case 1:
      return std::string(first.ascii.substr(0, 1)) + std::string(last.ascii);
    case 2:
      return std::string(first.ascii) + "_" + std::string(last.ascii);
    default:
      return std::string(first.ascii);
  }
}

void AddMembers(size_t n, Tenant* t) {
  const auto firsts = FirstNames();
  const auto lasts = LastNames();
  const auto roles = RolesOf(t->flavour);
  SplitMix64 tenant_rng(Hash(t->seed, kSaltMember));
  // Small organizations often use first names only.
  const int convention = static_cast<int>(tenant_rng.Below(n < 15 ? 4 : 3));
  std::set<std::string> emails;
  std::vector<uint64_t> activity = ZipfWeights(n, 1);
  t->members.reserve(n);
  for (size_t k = 0; k < n; ++k) {
    SplitMix64 rng(Hash(t->seed, kSaltMember, k));
    const PersonName& first = firsts[rng.Below(static_cast<uint32_t>(firsts.size()))];
    const PersonName& last = lasts[rng.Below(static_cast<uint32_t>(lasts.size()))];
    Member m;
    AppendId(t->id_style, Hash(t->seed, kSaltMemberId, k), &m.id);
    m.name = std::string(first.display) + " " + std::string(last.display);
    std::string local = EmailLocalPart(convention, first, last);
    std::string email = local + "@" + t->domain;
    for (int suffix = 2; !emails.insert(email).second; ++suffix) {
      email = local + std::to_string(suffix) + "@" + t->domain;
    }
    m.email = std::move(email);
    const uint32_t role_draw = rng.Below(100);
    m.role_rank = k == 0 ? 0 : role_draw < 8 ? 1 : role_draw < 40 ? 2 : 3;
    m.role = roles[m.role_rank];
    const uint32_t status_draw = rng.Below(100);
    if (k > 0 && status_draw < 5) {
      m.status = "disabled";
      activity[k] /= 4;
    } else if (k > 0 && status_draw < 9) {
      m.status = "invited";
      activity[k] /= 20;
    } else {
      m.status = "active";
    }
    m.home_ip_json = "\"";
    if (rng.Chance(250)) {
      AppendSubscriberIpv6(rng.Next(), &m.home_ip_json);
    } else {
      AppendSubscriberIpv4(rng.Next(), &m.home_ip_json);
    }
    m.home_ip_json.push_back('"');
    m.desktop_agent = SampleUserAgent(ClientKind::kDesktopBrowser, rng);
    m.mobile_agent = SampleUserAgent(ClientKind::kMobileBrowser, rng);
    m.mobile_percent = static_cast<uint8_t>(rng.Below(5) * 10);
    m.home_workspace = static_cast<uint8_t>(
        rng.Chance(500) ? 0 : rng.Below(static_cast<uint32_t>(t->workspaces.size())));
    const FieldHabits& habits = FieldHabitsOf(t->flavour);
    m.id_json = RenderString(m.id);
    m.name_json = RenderString(m.name);
    m.actor_json = RenderActor(m.id, m.name, m.email, habits.user_actor_type ? "user" : "", m.role,
                               habits.actor_status ? m.status : "");
    t->members.push_back(std::move(m));
  }
  t->member_activity = DiscreteSampler(activity);
  for (size_t k = 0; k < n; ++k) {
    if (t->members[k].role_rank > 1 || t->members[k].status != "active") activity[k] = 0;
  }
  t->admin_activity = DiscreteSampler(activity);  // the owner (k = 0) is always active
}

// The always-failing login action of a catalog, else its first login action
// (every catalog has one).
size_t FailedLoginAction(std::span<const CatalogEntry> catalog) {
  size_t login = catalog.size();
  for (size_t i = 0; i < catalog.size(); ++i) {
    if (catalog[i].operation != "login" || catalog[i].target != ResourceKind::kSelf) continue;
    if (catalog[i].error_per_mille >= 1000) return i;
    if (login == catalog.size()) login = i;
  }
  assert(login < catalog.size());
  return login;
}

}  // namespace

Tenant MakeTenant(const GeneratorOptions& options, size_t rank) {
  Tenant t;
  t.seed = Hash(options.seed, kSaltTenant, rank);
  SplitMix64 rng(t.seed);
  AppendToken("org_", rng.Next(), 10, &t.id);
  t.id_json = RenderString(t.id);

  const auto companies = Companies();
  const size_t company_index = (rank + options.seed) % companies.size();
  const size_t cycle = rank / companies.size();
  const Company& company = companies[company_index];
  const auto tlds = TopLevelDomains();
  t.name = std::string(company.display);
  t.domain = std::string(company.domain);
  if (cycle > 0) {
    t.name += " " + std::to_string(cycle + 1);
    t.domain += std::to_string(cycle + 1);
  }
  t.domain += tlds[rng.Below(static_cast<uint32_t>(tlds.size()))];

  t.flavour = static_cast<Flavour>((rank + options.seed) % kFlavourCount);
  t.id_style = IdStyleOf(t.flavour);
  t.has_workspaces = t.flavour != Flavour::kAppmixer && t.flavour != Flavour::kFliplet;

  const size_t member_count = std::max<size_t>(4, 2 * options.members / (rank + 2));
  t.scale_percent = static_cast<uint32_t>(std::clamp<size_t>(member_count * 100 / 60, 20, 400));

  const auto workspace_names = WorkspaceNames();
  const uint32_t max_workspaces = static_cast<uint32_t>(std::min<size_t>(5, 1 + member_count / 15));
  const uint32_t workspace_count = 1 + rng.Below(max_workspaces);
  for (uint32_t j = 0; j < workspace_count; ++j) {
    Workspace w;
    AppendId(t.id_style, Hash(t.seed, kSaltWorkspace, j), &w.id);
    // The first is the default workspace; the others are distinct names.
    w.name = std::string(j == 0 ? workspace_names[0]
                                : workspace_names[1 + (rank + j) % (workspace_names.size() - 1)]);
    JsonWriter json(&w.json);
    json.BeginObject();
    json.StringMember("id", w.id);
    json.StringMember("name", w.name);
    json.EndObject();
    t.workspaces.push_back(std::move(w));
  }

  const uint32_t environment_profile = rng.Below(10);
  const uint64_t production_only[] = {1, 0, 0};
  const uint64_t with_staging[] = {90, 10, 0};
  const uint64_t all_three[] = {85, 10, 5};
  t.environments = DiscreteSampler(environment_profile < 3   ? production_only
                                   : environment_profile < 7 ? with_staging
                                                             : all_three);

  AddMembers(member_count, &t);

  const auto key_names = InfoOf(ResourceKind::kApiKey).names;
  const uint32_t key_count = 1 + rng.Below(3);
  for (uint32_t j = 0; j < key_count; ++j) {
    SplitMix64 key_rng(Hash(t.seed, kSaltApiKey, j));
    ApiKeyActor key;
    AppendToken("key_", key_rng.Next(), 16, &key.id);
    key.name = std::string(key_names[(rank + j) % key_names.size()]);
    key.ip_json = QuotedIp(AppendCloudIpv4, key_rng.Next());
    key.agent = SampleUserAgent(ClientKind::kHttpTool, key_rng);
    key.actor_json = RenderActor(key.id, key.name, "", "api_key", "", "active");
    t.api_keys.push_back(std::move(key));
  }
  t.service_ip_json = QuotedIp(AppendPrivateIpv4, rng.Next());
  t.system_ip_json = QuotedIp(AppendPrivateIpv4, rng.Next());
  const std::string_view service = ServiceNameOf(t.flavour);
  t.service_actor_json = RenderActor(service, service, "", "service", "", "");
  t.system_actor_json = RenderActor("system", "System", "", "system", "", "");

  const auto catalog = CatalogOf(t.flavour);
  std::vector<uint64_t> weights;
  for (const CatalogEntry& e : catalog) weights.push_back(e.weight);
  t.failed_login_action = FailedLoginAction(catalog);
  t.actions = DiscreteSampler(weights);
  return t;
}

}  // namespace vigil::gen
