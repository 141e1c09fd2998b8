#include "gen/event_generator.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <iterator>
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
#include "gen/request_duration.h"
#include "gen/resource_directory.h"
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
constexpr uint64_t kSaltEvent = 0x4556454E54ULL;
constexpr uint64_t kSaltBurst = 0x4255525354ULL;
constexpr uint64_t kSaltId = 0x45564944ULL;
constexpr uint64_t kSaltRequest = 0x52455149ULL;
constexpr uint64_t kSaltSession = 0x53455353ULL;

// Consecutive events come in bursts of this many: most events of a burst are
// one member's session (same tenant, workspace, session, address).
constexpr uint64_t kBurstLength = 4;
// A member's session lasts this long at most.
constexpr int64_t kSessionMs = 4 * kMsPerHour;

enum class ActorType : uint8_t { kMember, kApiKey, kService, kSystem, kAnonymous };

constexpr std::string_view kSuccessJson = "\"success\"";
constexpr std::string_view kErrorJson = "\"error\"";

std::string RenderString(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

// A catalog entry's strings as JSON.
struct EntryJson {
  std::string action;
  std::string category;
  std::string operation;
  std::string method;
};

}  // namespace

class EventGenerator::Impl {
 public:
  explicit Impl(const GeneratorOptions& options);

  const GeneratorOptions& options() const { return options_; }

  void Generate(uint64_t index, std::string* out);

 private:
  // Everything one event is made of, decided before it is written.
  struct Draft {
    const Tenant* tenant = nullptr;
    size_t entry_index = 0;
    const CatalogEntry* entry = nullptr;
    int64_t time_ms = 0;
    ActorType actor = ActorType::kMember;
    const Member* member = nullptr;
    size_t member_index = 0;
    const gen::ApiKeyActor* key = nullptr;
    const gen::Workspace* workspace = nullptr;
    size_t environment = 0;  // index into kEnvironments
    const Failure* failure = nullptr;
    bool always_fails = false;
    int user_agent = -1;  // index into UserAgents(), -1 for none
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
  void WriteEntity(JsonWriter& w, const gen::Resource& e, const gen::Resource* parent) const;
  void Write(const Draft& d, uint64_t index, std::string* out);

  GeneratorOptions options_;
  std::vector<Tenant> tenants_;
  gen::DiscreteSampler tenant_activity_;
  gen::SeasonalTimeline timeline_;
  gen::ResourceDirectory directory_;

  // Constant strings rendered as JSON once.
  std::array<std::vector<EntryJson>, gen::kFlavourCount> entry_json_;
  std::array<std::string, std::size(gen::kEnvironments)> environment_json_;

  // Per-event buffers, reused so that generating allocates nothing once warm.
  gen::Resource target_, parent_, related_, other_;
  std::string ip_json_, session_id_, path_json_, description_, changes_, metadata_, scratch_;
  gen::ChangeText change_text_;
};

EventGenerator::Impl::Impl(const GeneratorOptions& options)
    : options_(options),
      timeline_(std::max(kMinTimeMs, options.end_ms - options.span_ms), options.end_ms,
                options.count) {
  assert(options.Validate().ok());
  tenants_.reserve(options.tenants);
  for (size_t r = 0; r < options.tenants; ++r) tenants_.push_back(gen::MakeTenant(options, r));
  tenant_activity_ = gen::DiscreteSampler(gen::ZipfWeights(options.tenants));
  for (size_t f = 0; f < gen::kFlavourCount; ++f) {
    for (const CatalogEntry& e : gen::CatalogOf(static_cast<gen::Flavour>(f))) {
      entry_json_[f].push_back({RenderString(e.action), RenderString(e.category),
                                RenderString(e.operation), RenderString(e.method)});
    }
  }
  for (size_t i = 0; i < environment_json_.size(); ++i) {
    environment_json_[i] = RenderString(gen::kEnvironments[i]);
  }
}

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
        d->entry_index = t.failed_login_action;
        d->entry = &gen::CatalogOf(t.flavour)[d->entry_index];
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
  d->environment = t.environments.Sample(who);
}

void EventGenerator::Impl::ChooseTarget(Draft* d, SplitMix64& rng) {
  const Tenant& t = *d->tenant;
  target_.Clear();
  parent_.Clear();
  switch (d->entry->target) {
    case ResourceKind::kSelf:
      // The actor acting on their own account: no separate target, except
      // for account changes.
      if (d->member != nullptr) {
        if (d->entry->operation != "login" && d->entry->operation != "logout") {
          gen::ResourceDirectory::SetMember(*d->member, &target_);
        }
        return;
      }
      [[fallthrough]];
    case ResourceKind::kMember:
      gen::ResourceDirectory::SetMember(
          t.members[rng.Below(static_cast<uint32_t>(t.members.size()))], &target_);
      return;
    case ResourceKind::kOrganization:
      target_.type = "organization";
      target_.type_json = directory_.TypeJson(ResourceKind::kOrganization);
      target_.id.assign(t.id);
      target_.id_json.assign(t.id_json);
      target_.name.assign(t.name);
      AppendJsonString(t.name, &target_.name_json);
      return;
    case ResourceKind::kWorkspace: {
      const gen::Workspace& w = d->workspace != nullptr ? *d->workspace : t.workspaces[0];
      target_.type = "workspace";
      target_.type_json = directory_.TypeJson(ResourceKind::kWorkspace);
      target_.id.assign(w.id);
      gen::AppendQuoted(w.id, &target_.id_json);
      target_.name.assign(w.name);
      AppendJsonString(w.name, &target_.name_json);
      return;
    }
    case ResourceKind::kSession:
      target_.type = "session";
      target_.type_json = directory_.TypeJson(ResourceKind::kSession);
      gen::AppendToken("ses_", rng.Next(), 16, &target_.id);
      gen::AppendQuoted(target_.id, &target_.id_json);
      return;
    case ResourceKind::kNone:
    case ResourceKind::kCount:
      return;
    default: {
      const uint32_t index = rng.Skewed(gen::ResourceDirectory::Count(t, d->entry->target));
      directory_.Find(t, d->entry->target, index, &target_);
      directory_.FindParent(t, d->entry->target, index, &parent_);
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
    gen::ResourceDirectory::SetMember(t.members[rng.Below(static_cast<uint32_t>(t.members.size()))],
                                      &related_);
    return;
  }
  const uint32_t n = gen::ResourceDirectory::Count(t, e.related);
  directory_.Find(t, e.related, rng.Skewed(n), &related_);
  if (e.changes == ChangeKind::kFolder) directory_.Find(t, e.related, rng.Below(n), &other_);
}

void EventGenerator::Impl::ChooseClient(Draft* d, SplitMix64& rng, SplitMix64& who) {
  const Tenant& t = *d->tenant;
  ip_json_.clear();
  session_id_.clear();
  d->user_agent = -1;
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
        ip_json_.push_back('"');
        if (srng.Chance(500)) {
          gen::AppendSubscriberIpv6(srng.Next(), &ip_json_);
        } else {
          gen::AppendSubscriberIpv4(srng.Next(), &ip_json_);
        }
        ip_json_.push_back('"');
      } else if (srng.Chance(120)) {
        // Travelling, or at another office.
        ip_json_.push_back('"');
        gen::AppendSubscriberIpv4(srng.Next(), &ip_json_);
        ip_json_.push_back('"');
      } else {
        ip_json_.assign(m.home_ip_json);
      }
      d->user_agent = mobile ? m.mobile_agent : m.desktop_agent;
      if (!mobile && srng.Chance(50)) {
        d->user_agent = gen::SampleUserAgent(gen::ClientKind::kDesktopBrowser, srng);
      }
      return;
    }
    case ActorType::kApiKey:
      ip_json_.assign(d->key->ip_json);
      d->user_agent = d->key->agent;
      return;
    case ActorType::kService:
      ip_json_.assign(t.service_ip_json);
      return;
    case ActorType::kSystem:
      ip_json_.assign(t.system_ip_json);
      return;
    case ActorType::kAnonymous: {
      // Visitors of public web apps: people on phones, and crawlers.
      const uint64_t visitor = who.Next();
      ip_json_.push_back('"');
      gen::AppendSubscriberIpv4(visitor, &ip_json_);
      ip_json_.push_back('"');
      gen::AppendToken("ses_", visitor, 16, &session_id_);
      const bool crawler = rng.Chance(300);
      d->user_agent = gen::SampleUserAgent(
          crawler ? gen::ClientKind::kCrawler : gen::ClientKind::kMobileBrowser, rng);
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
  d.entry_index = t.actions.Sample(rng);
  d.entry = &gen::CatalogOf(t.flavour)[d.entry_index];
  d.time_ms = timeline_.TimeOf(index, rng);
  ChooseActor(&d, rng, who);
  const CatalogEntry& e = *d.entry;

  d.always_fails = e.error_per_mille >= 1000;
  if (d.failure == nullptr) {
    const uint32_t per_mille =
        d.always_fails ? 1000
                       : std::min<uint32_t>(999, e.error_per_mille * options_.error_per_mille /
                                                     gen::kReferenceErrorPerMille);
    if (d.always_fails || rng.Chance(per_mille)) d.failure = &gen::DrawFailure(e.operation, rng);
  }

  ChooseTarget(&d, rng);
  ChooseRelated(&d, rng);
  ChooseClient(&d, rng, who);

  // The change is drawn even when it will not be written: descriptions quote it.
  // A failed change is recorded half of the time (what was attempted).
  changes_.clear();
  const gen::ChangeContext change{e.changes,   e.operation,   &t,        e.target,   target_.name,
                                  related_.id, related_.name, other_.id, other_.name};
  d.has_changes = gen::AppendChanges(change, rng, &changes_, &change_text_) &&
                  (d.failure == nullptr || rng.Chance(500));
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
  path_json_.assign(1, '"');
  Expand(d, e.path, true, &path_json_);
  path_json_.push_back('"');
  assert(!gen::NeedsJsonEscape(std::string_view(path_json_).substr(1, path_json_.size() - 2)));

  Write(d, index, out);
}

// {"type":…,"id":…,"name":…[,"parent":{…}]}
void EventGenerator::Impl::WriteEntity(JsonWriter& w, const gen::Resource& e,
                                       const gen::Resource* parent) const {
  w.BeginObject();
  w.Key("type");
  w.Raw(e.type_json);
  w.Key("id");
  w.Raw(e.id_json);
  if (!e.name_json.empty()) {
    w.Key("name");
    w.Raw(e.name_json);
  }
  if (parent != nullptr && !parent->empty()) {
    w.Key("parent");
    WriteEntity(w, *parent, nullptr);
  }
  w.EndObject();
}

void EventGenerator::Impl::Write(const Draft& d, uint64_t index, std::string* out) {
  const Tenant& t = *d.tenant;
  const CatalogEntry& e = *d.entry;
  const EntryJson& ej = entry_json_[static_cast<size_t>(t.flavour)][d.entry_index];
  const gen::FieldHabits& habits = gen::FieldHabitsOf(t.flavour);
  JsonWriter w(out);
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
  w.Raw(t.id_json);
  if (habits.production_environment || d.environment != 0) {
    w.Key("environment");
    w.Raw(environment_json_[d.environment]);
  }
  if (d.workspace != nullptr) {
    w.Key("workspace");
    w.Raw(d.workspace->json);
  }
  w.Key("action");
  w.Raw(ej.action);
  w.Key("category");
  w.Raw(ej.category);
  w.Key("operation");
  w.Raw(ej.operation);
  if (d.failure != nullptr || habits.success_status) {
    w.Key("status");
    w.Raw(d.failure != nullptr ? kErrorJson : kSuccessJson);
  }

  std::string_view actor_json;
  switch (d.actor) {
    case ActorType::kMember:
      actor_json = d.member->actor_json;
      break;
    case ActorType::kApiKey:
      actor_json = d.key->actor_json;
      break;
    case ActorType::kService:
      actor_json = t.service_actor_json;
      break;
    case ActorType::kSystem:
      actor_json = t.system_actor_json;
      break;
    case ActorType::kAnonymous:
      break;  // no actor: an unauthenticated visitor
  }
  if (!actor_json.empty()) {
    w.Key("actor");
    w.Raw(actor_json);
  }

  if (!target_.empty()) {
    w.Key("target");
    WriteEntity(w, target_, &parent_);
  }
  if (!related_.empty() || d.app_resource) {
    w.Key("resources");
    w.BeginArray();
    if (!related_.empty()) WriteEntity(w, related_, nullptr);
    if (d.app_resource) WriteEntity(w, parent_, nullptr);
    w.EndArray();
  }

  w.Key("context");
  w.BeginObject();
  w.Key("ip");
  w.Raw(ip_json_);
  if (d.user_agent >= 0 && (habits.user_agent || d.actor == ActorType::kApiKey)) {
    w.Key("user_agent");
    w.Raw(gen::UserAgentJson(static_cast<uint16_t>(d.user_agent)));
  }
  if (!e.method.empty()) {
    w.Key("method");
    w.Raw(ej.method);
    w.Key("path");
    w.Raw(path_json_);
    SplitMix64 request_rng(Hash(options_.seed, kSaltRequest, index));
    const int64_t duration = gen::DrawDurationTenthsMs(e.operation, request_rng);
    if (habits.duration) {
      w.Key("duration_ms");
      w.Double(static_cast<double>(duration) / 10);
    }
    if (habits.request_id) {
      scratch_.assign(1, '"');
      gen::AppendToken("req_", request_rng.Next(), 16, &scratch_);
      scratch_.push_back('"');
      w.Key("request_id");
      w.Raw(scratch_);
    }
  }
  if (habits.session_id && !session_id_.empty()) {
    scratch_.clear();
    gen::AppendQuoted(session_id_, &scratch_);
    w.Key("session_id");
    w.Raw(scratch_);
  }
  w.EndObject();

  w.Key("description");
  w.String(description_);
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
