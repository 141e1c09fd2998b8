#include "gen/event_generator.h"

#include <algorithm>
#include <cassert>
#include <string_view>
#include <vector>

#include "core/json_writer.h"
#include "core/timestamp.h"
#include "gen/catalog.h"
#include "gen/change_values.h"
#include "gen/discrete_sampler.h"
#include "gen/failure_reasons.h"
#include "gen/id_format.h"
#include "gen/ip_address.h"
#include "gen/json_string.h"
#include "gen/metadata_values.h"
#include "gen/resource_kind.h"
#include "gen/seasonal_timeline.h"
#include "gen/split_mix64.h"
#include "gen/tenant.h"
#include "gen/user_agents.h"

namespace vigil {
namespace {

using gen::ActorMix;
using gen::CatalogEntry;
using gen::ChangeKind;
using gen::Failure;
using gen::Hash;
using gen::Member;
using gen::ResourceKind;
using gen::SplitMix64;
using gen::Tenant;

// Salts that keep the hashes of different properties apart.
enum Salt : uint64_t {
  kSaltEvent = 0x4556454E54ULL,
  kSaltBurst = 0x4255525354ULL,
  kSaltId = 0x45564944ULL,
  kSaltRequest = 0x52455149ULL,
  kSaltEntity = 0x454E54495459ULL,
  kSaltParent = 0x504152454E54ULL,
  kSaltSession = 0x53455353ULL,
  kSaltTenants = 0x54454E53ULL,
};

// Consecutive events come in bursts of this many: most events of a burst are
// one member's session (same tenant, workspace, session, address).
constexpr uint64_t kBurstLength = 4;
// A member's session lasts this long at most.
constexpr int64_t kSessionMs = 4 * kMsPerHour;

// Quantiles of exp(0.75 z), z standard normal, in per mille: the spread of
// request durations around their median (a log-normal distribution).
constexpr uint32_t kLogNormalPerMille[64] = {
    163,  225,  267,  301,  331,  359,  385,  410,  434,  457,  480,  503,  525,  548,  570,  592,
    614,  636,  659,  682,  705,  728,  751,  775,  800,  824,  850,  876,  902,  929,  957,  985,
    1015, 1045, 1076, 1109, 1142, 1177, 1213, 1251, 1290, 1331, 1374, 1419, 1467, 1518, 1571, 1628,
    1690, 1755, 1826, 1904, 1989, 2082, 2187, 2305, 2440, 2597, 2786, 3020, 3323, 3748, 4440, 6130};

// Median request duration of an operation, in milliseconds.
uint32_t MedianDurationMs(std::string_view operation) {
  struct Median {
    std::string_view operation;
    uint32_t ms;
  };
  static constexpr Median kMedians[] = {
      {"view", 45},     {"login", 280},    {"logout", 20},    {"execute", 160}, {"export", 900},
      {"import", 1400}, {"upload", 650},   {"publish", 1200}, {"build", 2500},  {"send", 220},
      {"start", 350},   {"stop", 120},     {"create", 110},   {"delete", 70},   {"update", 85},
      {"clone", 600},   {"install", 1800}, {"rollback", 500}};
  for (const Median& m : kMedians) {
    if (m.operation == operation) return m.ms;
  }
  return 80;
}

// A request duration in tenths of a millisecond: log-normal around the
// operation's median, with a slow tail (about 1.5 % take 5 to 40 times longer).
int64_t DurationTenthsMs(std::string_view operation, SplitMix64& rng) {
  const uint32_t j = rng.Below(64);
  const uint32_t lo = kLogNormalPerMille[j];
  const uint32_t hi = j + 1 < 64 ? kLogNormalPerMille[j + 1] : lo + lo / 4;
  const uint64_t factor = lo + (static_cast<uint64_t>(hi - lo) * rng.Below(1000)) / 1000;
  uint64_t tenths = MedianDurationMs(operation) * 10 * factor / 1000;
  if (rng.Chance(15)) tenths *= 5 + rng.Below(36);
  return static_cast<int64_t>(std::max<uint64_t>(tenths, 3));
}

// A resource a generated event refers to. Buffers are reused across events.
struct EntityRef {
  std::string_view type;
  std::string id;
  std::string name;

  void Clear() {
    type = {};
    id.clear();
    name.clear();
  }
  bool empty() const { return id.empty() && name.empty(); }
  // How a description names it: by name, else by id.
  std::string_view label() const { return name.empty() ? std::string_view(id) : name; }
};

enum class ActorType : uint8_t { kMember, kApiKey, kService, kSystem, kAnonymous };

uint32_t EntityCount(const Tenant& t, ResourceKind k) {
  return std::max<uint32_t>(1, gen::InfoOf(k).per_tenant * t.scale_percent / 100);
}

void AppendUint(uint64_t v, std::string* out) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  while (n > 0) out->push_back(buf[--n]);
}

// Entity `index` of kind k in tenant t: a stable id and name.
void ResolveEntity(const Tenant& t, ResourceKind k, uint32_t index, EntityRef* out) {
  const gen::ResourceKindInfo& info = gen::InfoOf(k);
  out->Clear();
  out->type = info.type;
  AppendId(t.id_style, Hash(t.seed, kSaltEntity, static_cast<uint64_t>(k), index), &out->id);
  if (!info.names.empty()) {
    const size_t n = info.names.size();
    // A per-tenant rotation keeps the first n names distinct.
    out->name.assign(info.names[(index + Hash(t.seed, static_cast<uint64_t>(k))) % n]);
    if (index >= n) {
      out->name.push_back(' ');
      AppendUint(index / n + 1, &out->name);
    }
  }
}

void ResolveParent(const Tenant& t, ResourceKind k, uint32_t index, EntityRef* parent) {
  const ResourceKind pk = gen::InfoOf(k).parent;
  if (pk == ResourceKind::kNone) {
    parent->Clear();
    return;
  }
  const uint32_t pindex = static_cast<uint32_t>(
      Hash(t.seed, kSaltParent, static_cast<uint64_t>(k), index) % EntityCount(t, pk));
  ResolveEntity(t, pk, pindex, parent);
}

void SetMember(const Member& m, EntityRef* out) {
  out->Clear();
  out->type = "user";
  out->id.assign(m.id);
  out->name.assign(m.name);
}

}  // namespace

class EventGenerator::Impl {
 public:
  explicit Impl(const GeneratorOptions& options)
      : options_(options),
        timeline_(std::max(kMinTimeMs, options.end_ms - options.span_ms), options.end_ms,
                  options.count) {
    assert(options.Validate().ok());
    tenants_.reserve(options.tenants);
    for (size_t r = 0; r < options.tenants; ++r) tenants_.push_back(gen::MakeTenant(options, r));
    tenant_activity_ = gen::DiscreteSampler(gen::ZipfWeights(options.tenants));
  }

  const GeneratorOptions& options() const { return options_; }

  void Generate(uint64_t index, std::string* out);

 private:
  // Everything one event is made of, decided before it is written.
  struct Draft {
    const Tenant* tenant = nullptr;
    const CatalogEntry* entry = nullptr;
    int64_t time_ms = 0;
    ActorType actor = ActorType::kMember;
    const Member* member = nullptr;
    size_t member_index = 0;
    const gen::ApiKeyActor* key = nullptr;
    const gen::Workspace* workspace = nullptr;
    std::string_view environment;
    const Failure* failure = nullptr;
    bool always_fails = false;
    std::string_view user_agent;
    bool has_changes = false;
    bool has_metadata = false;
    bool app_resource = false;
  };

  void ChooseActor(Draft* d, SplitMix64& rng, SplitMix64& who);
  void ChooseTarget(Draft* d, SplitMix64& rng);
  void ChooseRelated(Draft* d, SplitMix64& rng);
  void ChooseClient(Draft* d, SplitMix64& rng, SplitMix64& who);
  std::string_view ActorName(const Draft& d) const;
  std::string_view ActorId(const Draft& d) const;
  std::string_view Token(const Draft& d, std::string_view name, bool ids) const;
  void Expand(const Draft& d, std::string_view text, bool ids, std::string* out) const;
  void Write(const Draft& d, uint64_t index, std::string* out);

  GeneratorOptions options_;
  std::vector<Tenant> tenants_;
  gen::DiscreteSampler tenant_activity_;
  gen::SeasonalTimeline timeline_;

  // Per-event buffers, reused so that generating allocates nothing once warm.
  EntityRef target_, parent_, related_, other_;
  std::string ip_, session_id_, path_, description_, changes_, metadata_, scratch_, quoted_;
  gen::ChangeText change_text_;
};

void EventGenerator::Impl::ChooseActor(Draft* d, SplitMix64& rng, SplitMix64& who) {
  const Tenant& t = *d->tenant;
  switch (d->entry->actor) {
    case ActorMix::kSystem:
      d->actor = ActorType::kSystem;
      break;
    case ActorMix::kService:
      d->actor = ActorType::kService;
      break;
    case ActorMix::kUserOrApiKey:
      if (rng.Chance(250)) d->actor = ActorType::kApiKey;
      break;
    case ActorMix::kVisitor:
      if (rng.Chance(80)) d->actor = ActorType::kAnonymous;
      break;
    case ActorMix::kUser:
    case ActorMix::kAdmin:
      break;
  }
  const auto& workspaces = t.workspaces;
  const uint32_t n_workspaces = static_cast<uint32_t>(workspaces.size());
  switch (d->actor) {
    case ActorType::kMember: {
      d->member_index = d->entry->actor == ActorMix::kAdmin ? t.admin_activity.Sample(rng)
                                                            : t.member_activity.Sample(who);
      d->member = &t.members[d->member_index];
      d->workspace = who.Chance(800) ? &workspaces[d->member->home_workspace]
                                     : &workspaces[who.Below(n_workspaces)];
      // A disabled account's activity is mostly failed logins.
      if (d->member->status == "disabled" && rng.Chance(700)) {
        d->entry = &gen::CatalogOf(t.flavour)[t.failed_login_action];
        d->failure = &gen::AccountDisabledFailure();
      }
      break;
    }
    case ActorType::kApiKey:
      d->key = &t.api_keys[who.Below(static_cast<uint32_t>(t.api_keys.size()))];
      d->workspace = &workspaces[who.Below(n_workspaces)];
      break;
    case ActorType::kService:
    case ActorType::kAnonymous:
      d->workspace = &workspaces[who.Below(n_workspaces)];
      break;
    case ActorType::kSystem:
      break;  // the platform, outside any workspace
  }
  if (!t.has_workspaces) d->workspace = nullptr;
  d->environment = gen::kEnvironments[t.environments.Sample(who)];
}

void EventGenerator::Impl::ChooseTarget(Draft* d, SplitMix64& rng) {
  const Tenant& t = *d->tenant;
  target_.Clear();
  parent_.Clear();
  switch (d->entry->target) {
    case ResourceKind::kSelf:
      // The actor acting on their own account: no separate target, except
      // for some account changes.
      if (d->member != nullptr) {
        if (d->entry->operation != "login" && d->entry->operation != "logout") {
          SetMember(*d->member, &target_);
        }
        return;
      }
      [[fallthrough]];
    case ResourceKind::kMember:
      SetMember(t.members[rng.Below(static_cast<uint32_t>(t.members.size()))], &target_);
      return;
    case ResourceKind::kOrganization:
      target_.type = "organization";
      target_.id.assign(t.id);
      target_.name.assign(t.name);
      return;
    case ResourceKind::kWorkspace: {
      const gen::Workspace& w = d->workspace != nullptr ? *d->workspace : t.workspaces[0];
      target_.type = "workspace";
      target_.id.assign(w.id);
      target_.name.assign(w.name);
      return;
    }
    case ResourceKind::kSession:
      target_.type = "session";
      gen::AppendToken("ses_", rng.Next(), 16, &target_.id);
      return;
    case ResourceKind::kNone:
    case ResourceKind::kCount:
      return;
    default: {
      const uint32_t index = rng.Skewed(EntityCount(t, d->entry->target));
      ResolveEntity(t, d->entry->target, index, &target_);
      ResolveParent(t, d->entry->target, index, &parent_);
      // Resources under an app often list the app itself too.
      d->app_resource = parent_.type == "application" && rng.Chance(300);
      return;
    }
  }
}

void EventGenerator::Impl::ChooseRelated(Draft* d, SplitMix64& rng) {
  const Tenant& t = *d->tenant;
  const CatalogEntry& e = *d->entry;
  related_.Clear();
  other_.Clear();
  if (e.related == ResourceKind::kNone) return;
  const bool needed = e.description.find("{related}") != std::string_view::npos ||
                      e.changes == ChangeKind::kFolder || e.changes == ChangeKind::kMembers;
  if (!needed && !rng.Chance(350)) return;
  if (e.related == ResourceKind::kMember) {
    SetMember(t.members[rng.Below(static_cast<uint32_t>(t.members.size()))], &related_);
    return;
  }
  const uint32_t n = EntityCount(t, e.related);
  ResolveEntity(t, e.related, rng.Skewed(n), &related_);
  if (e.changes == ChangeKind::kFolder) ResolveEntity(t, e.related, rng.Below(n), &other_);
}

void EventGenerator::Impl::ChooseClient(Draft* d, SplitMix64& rng, SplitMix64& who) {
  const Tenant& t = *d->tenant;
  const auto agents = gen::UserAgents();
  ip_.clear();
  session_id_.clear();
  d->user_agent = {};
  switch (d->actor) {
    case ActorType::kMember: {
      // Sessions: a member's address and device stay put within one.
      const Member& m = *d->member;
      const uint64_t member_hash = Hash(t.seed, kSaltSession, d->member_index);
      const int64_t phase = static_cast<int64_t>(member_hash % kSessionMs);
      const uint64_t session =
          Hash(member_hash, static_cast<uint64_t>((d->time_ms + phase) / kSessionMs));
      gen::AppendToken("ses_", session, 16, &session_id_);
      SplitMix64 srng(session);
      const bool mobile = srng.Below(100) < m.mobile_percent;
      if (mobile) {
        // On a carrier network.
        if (srng.Chance(500)) {
          gen::AppendSubscriberIpv6(srng.Next(), &ip_);
        } else {
          gen::AppendSubscriberIpv4(srng.Next(), &ip_);
        }
      } else if (srng.Chance(120)) {
        gen::AppendSubscriberIpv4(srng.Next(), &ip_);  // travelling, another office
      } else {
        ip_.assign(m.home_ip);
      }
      uint16_t agent = mobile ? m.mobile_agent : m.desktop_agent;
      if (!mobile && srng.Chance(50)) {
        agent = gen::SampleUserAgent(gen::ClientKind::kDesktopBrowser, srng);
      }
      d->user_agent = agents[agent].text;
      return;
    }
    case ActorType::kApiKey:
      ip_.assign(d->key->ip);
      d->user_agent = agents[d->key->agent].text;
      return;
    case ActorType::kService:
      ip_.assign(t.service_ip);
      return;
    case ActorType::kSystem:
      ip_.assign(t.system_ip);
      return;
    case ActorType::kAnonymous: {
      // Visitors of public web apps: people on phones, and crawlers.
      const uint64_t visitor = who.Next();
      gen::AppendSubscriberIpv4(visitor, &ip_);
      gen::AppendToken("ses_", visitor, 16, &session_id_);
      const bool crawler = rng.Chance(300);
      d->user_agent =
          agents[gen::SampleUserAgent(
                     crawler ? gen::ClientKind::kCrawler : gen::ClientKind::kMobileBrowser, rng)]
              .text;
      return;
    }
  }
}

std::string_view EventGenerator::Impl::ActorName(const Draft& d) const {
  switch (d.actor) {
    case ActorType::kMember:
      return d.member->name;
    case ActorType::kApiKey:
      return d.key->name;
    case ActorType::kService:
      return gen::ServiceNameOf(d.tenant->flavour);
    case ActorType::kSystem:
      return "System";
    case ActorType::kAnonymous:
      return "A visitor";
  }
  return {};
}

std::string_view EventGenerator::Impl::ActorId(const Draft& d) const {
  switch (d.actor) {
    case ActorType::kMember:
      return d.member->id;
    case ActorType::kApiKey:
      return d.key->id;
    case ActorType::kService:
      return gen::ServiceNameOf(d.tenant->flavour);
    case ActorType::kSystem:
      return "system";
    case ActorType::kAnonymous:
      return "anonymous";
  }
  return {};
}

// The value of a {token}: names for descriptions, ids for paths.
std::string_view EventGenerator::Impl::Token(const Draft& d, std::string_view name,
                                             bool ids) const {
  const std::string_view workspace_id =
      d.workspace != nullptr ? std::string_view(d.workspace->id) : std::string_view(d.tenant->id);
  if (name == "actor") return ids ? ActorId(d) : ActorName(d);
  if (name == "target") return target_.label();
  if (name == "id") return target_.id;
  if (name == "parent") {
    if (!parent_.empty()) return ids ? std::string_view(parent_.id) : parent_.label();
    if (ids) return workspace_id;
    return d.workspace != nullptr ? std::string_view(d.workspace->name)
                                  : std::string_view(d.tenant->name);
  }
  if (name == "related") return related_.label();
  if (name == "old") return change_text_.old_value;
  if (name == "new") return change_text_.new_value;
  if (name == "ws") return workspace_id;
  assert(false);
  return {};
}

// Replaces the {token}s of text (see CatalogEntry) and appends the result to out.
void EventGenerator::Impl::Expand(const Draft& d, std::string_view text, bool ids,
                                  std::string* out) const {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find('{', pos);
    if (open == std::string_view::npos) break;
    const size_t close = text.find('}', open);
    assert(close != std::string_view::npos);
    out->append(text.substr(pos, open - pos));
    out->append(Token(d, text.substr(open + 1, close - open - 1), ids));
    pos = close + 1;
  }
  out->append(text.substr(pos));
}

void EventGenerator::Impl::Generate(uint64_t index, std::string* out) {
  SplitMix64 rng(Hash(options_.seed, kSaltEvent, index));
  // Who acts (tenant, member, workspace, environment) is drawn from the
  // burst's generator most of the time, so bursts read as sessions.
  SplitMix64 burst(Hash(options_.seed, kSaltBurst, index / kBurstLength));
  SplitMix64& who = rng.Below(4) != 0 ? burst : rng;

  Draft d;
  d.tenant = &tenants_[tenant_activity_.Sample(who)];
  const Tenant& t = *d.tenant;
  d.entry = &gen::CatalogOf(t.flavour)[t.actions.Sample(rng)];
  d.time_ms = timeline_.TimeOf(index, rng);
  ChooseActor(&d, rng, who);
  const CatalogEntry& e = *d.entry;

  d.always_fails = e.error_per_mille >= 1000;
  if (d.failure == nullptr) {
    const uint32_t per_mille =
        d.always_fails ? 1000
                       : std::min<uint32_t>(999, e.error_per_mille * options_.error_per_mille / 25);
    if (d.always_fails || rng.Chance(per_mille)) d.failure = &gen::DrawFailure(e.operation, rng);
  }

  ChooseTarget(&d, rng);
  ChooseRelated(&d, rng);
  ChooseClient(&d, rng, who);

  // A failed change is still recorded half of the time (what was attempted).
  changes_.clear();
  d.has_changes = false;
  change_text_.old_value.clear();
  change_text_.new_value.clear();
  if (d.failure == nullptr || rng.Chance(500)) {
    const gen::ChangeContext change{e.changes,   e.operation,   &t,        e.target,   target_.name,
                                    related_.id, related_.name, other_.id, other_.name};
    d.has_changes = gen::AppendChanges(change, rng, &changes_, &change_text_);
  }
  metadata_.clear();
  const gen::MetadataContext metadata{e.metadata, t.flavour, d.actor == ActorType::kApiKey,
                                      d.failure};
  d.has_metadata = gen::AppendMetadata(metadata, rng, &metadata_);

  description_.clear();
  if (d.failure != nullptr && e.operation == "login" && !d.always_fails) {
    Expand(d, "{actor} could not log in", false, &description_);
  } else {
    Expand(d, e.description, false, &description_);
  }
  if (d.failure != nullptr) {
    const bool plain = d.always_fails || e.operation == "login";
    description_.append(plain ? ": " : " (failed: ");
    description_.append(d.failure->reason);
    if (!plain) description_.push_back(')');
  }
  path_.clear();
  Expand(d, e.path, true, &path_);

  Write(d, index, out);
}

void EventGenerator::Impl::Write(const Draft& d, uint64_t index, std::string* out) {
  const Tenant& t = *d.tenant;
  const CatalogEntry& e = *d.entry;
  const gen::FieldHabits& habits = gen::FieldHabitsOf(t.flavour);
  JsonWriter w(out);
  auto S = [&](std::string_view text) { gen::WriteJsonString(w, text, &quoted_); };
  auto optional_member = [&](std::string_view key, std::string_view text) {
    if (text.empty()) return;
    w.Key(key);
    S(text);
  };
  w.BeginObject();
  if (options_.with_ids) {
    scratch_.assign(1, '"');
    gen::AppendUlid(d.time_ms, Hash(options_.seed, kSaltId, index), &scratch_);
    scratch_.push_back('"');
    w.Key("id");
    w.Raw(scratch_);
  }
  scratch_.assign(1, '"');
  AppendRfc3339(d.time_ms, &scratch_);
  scratch_.push_back('"');
  w.Key("time");
  w.Raw(scratch_);
  w.Key("tenant");
  S(t.id);
  if (habits.production_environment || d.environment != gen::kEnvironments[0]) {
    w.Key("environment");
    S(d.environment);
  }
  if (d.workspace != nullptr) {
    w.Key("workspace");
    w.BeginObject();
    w.Key("id");
    S(d.workspace->id);
    w.Key("name");
    S(d.workspace->name);
    w.EndObject();
  }
  w.Key("action");
  S(e.action);
  w.Key("category");
  S(e.category);
  w.Key("operation");
  S(e.operation);
  if (d.failure != nullptr || habits.success_status) {
    w.Key("status");
    S(d.failure != nullptr ? "error" : "success");
  }

  switch (d.actor) {
    case ActorType::kMember: {
      const Member& m = *d.member;
      w.Key("actor");
      w.BeginObject();
      w.Key("id");
      S(m.id);
      w.Key("name");
      S(m.name);
      w.Key("email");
      S(m.email);
      if (habits.user_actor_type) {
        w.Key("type");
        S("user");
      }
      w.Key("role");
      S(m.role);
      if (habits.actor_status) {
        w.Key("status");
        S(m.status);
      }
      w.EndObject();
      break;
    }
    case ActorType::kApiKey:
      w.Key("actor");
      w.BeginObject();
      w.Key("id");
      S(d.key->id);
      w.Key("name");
      S(d.key->name);
      w.Key("type");
      S("api_key");
      w.Key("status");
      S("active");
      w.EndObject();
      break;
    case ActorType::kService:
      w.Key("actor");
      w.BeginObject();
      w.Key("id");
      S(gen::ServiceNameOf(t.flavour));
      w.Key("name");
      S(gen::ServiceNameOf(t.flavour));
      w.Key("type");
      S("service");
      w.EndObject();
      break;
    case ActorType::kSystem:
      w.Key("actor");
      w.BeginObject();
      w.Key("id");
      S("system");
      w.Key("name");
      S("System");
      w.Key("type");
      S("system");
      w.EndObject();
      break;
    case ActorType::kAnonymous:
      break;  // no actor: an unauthenticated visitor
  }

  if (!target_.empty()) {
    w.Key("target");
    w.BeginObject();
    w.Key("type");
    S(target_.type);
    w.Key("id");
    S(target_.id);
    optional_member("name", target_.name);
    if (!parent_.empty()) {
      w.Key("parent");
      w.BeginObject();
      w.Key("type");
      S(parent_.type);
      w.Key("id");
      S(parent_.id);
      optional_member("name", parent_.name);
      w.EndObject();
    }
    w.EndObject();
  }

  if (!related_.empty() || d.app_resource) {
    w.Key("resources");
    w.BeginArray();
    for (const EntityRef* r : {&related_, &parent_}) {
      if (r->empty() || (r == &parent_ && !d.app_resource)) continue;
      w.BeginObject();
      w.Key("type");
      S(r->type);
      w.Key("id");
      S(r->id);
      optional_member("name", r->name);
      w.EndObject();
    }
    w.EndArray();
  }

  w.Key("context");
  w.BeginObject();
  w.Key("ip");
  S(ip_);
  if (habits.user_agent || d.actor == ActorType::kApiKey) {
    optional_member("user_agent", d.user_agent);
  }
  if (!e.method.empty()) {
    w.Key("method");
    S(e.method);
    w.Key("path");
    S(path_);
    SplitMix64 request_rng(Hash(options_.seed, kSaltRequest, index));
    const int64_t duration = DurationTenthsMs(e.operation, request_rng);
    if (habits.duration) {
      w.Key("duration_ms");
      w.Double(static_cast<double>(duration) / 10);
    }
    if (habits.request_id) {
      scratch_.clear();
      gen::AppendToken("req_", request_rng.Next(), 16, &scratch_);
      w.Key("request_id");
      S(scratch_);
    }
  }
  if (habits.session_id) optional_member("session_id", session_id_);
  w.EndObject();

  w.Key("description");
  S(description_);
  if (d.has_changes) {
    w.Key("changes");
    w.Raw(changes_);
  }
  if (d.has_metadata) {
    w.Key("metadata");
    w.Raw(metadata_);
  }
  w.EndObject();
}

EventGenerator::EventGenerator(const GeneratorOptions& options)
    : impl_(std::make_unique<Impl>(options)) {}

EventGenerator::~EventGenerator() = default;

void EventGenerator::Generate(uint64_t index, std::string* out) { impl_->Generate(index, out); }

const GeneratorOptions& EventGenerator::options() const { return impl_->options(); }

}  // namespace vigil
