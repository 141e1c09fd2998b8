// The action catalogs the generator draws from: one per product flavour,
// reproducing the audit-event lists of Lowcoder, ToolJet, Appmixer, Fliplet
// and Dify (see the reference docs in ../shared/reference beside the project). A tenant uses one
// flavour, so its history reads like one product's. The data is the `gen:` sections of the
// shipped YAML catalogs (catalogs/<flavour>.yaml, compiled in; read by flavour_catalog.h on first
// use); the resource kinds they point at are in resource_kind.h.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "gen/resource_kind.h"

namespace vigil::gen {

enum class Flavour : uint8_t { kLowcoder, kToolJet, kAppmixer, kFliplet, kDify };
inline constexpr size_t kFlavourCount = 5;

std::string_view FlavourName(Flavour f);  // "lowcoder", "tooljet", …

// What before/after values an event carries in `changes`.
enum class ChangeKind : uint8_t {
  kNone,
  kRename,       // {name}
  kSettings,     // a few flat settings and a nested navigation object
  kRole,         // {role}
  kPermissions,  // {permissions: [..]}
  kMembers,      // {members: [user ids]}
  kQuery,        // {query, timeout_ms}
  kConfig,       // nested {auth: {sso: {...}}, password_policy: {...}}
  kConnection,   // {host, port, database, ssl: {...}}
  kEnabled,      // {enabled}
  kFlowState,    // {stage}
  kDefinition,   // {components: [...], connections}
  kValue,        // {value}
  kSlug,         // {slug, public}
  kEntry,        // {data: {column: value}}
  kVersion,      // {version}
  kTwoFactor,    // {two_factor_enabled}
  kFolder,       // {folder: {id, name}}
  kLayout,       // {layout: {columns, blocks: [...]}}
};

// What goes into `metadata`.
enum class MetadataKind : uint8_t {
  kRequest,    // client and app version
  kLogin,      // auth method, mfa, new device
  kQueryRun,   // rows, cached, data source type
  kFlow,       // components, trigger
  kFile,       // size, mime type
  kExport,     // format, bytes, includes
  kBuild,      // platform, nested build info
  kMessage,    // provider, recipients
  kStartup,    // version, nodes, uptime
  kAnalytics,  // screen, platform, offline
};

// Who performs the action.
enum class ActorMix : uint8_t {
  kUser,          // a member of the tenant
  kAdmin,         // a member with an administrative role (the owner or an admin)
  kUserOrApiKey,  // a member, or (a quarter of the time) one of the tenant's API keys
  kService,       // the product's own background service
  kSystem,        // the platform itself (server startup)
  kVisitor,       // a member, or an anonymous visitor (no actor; crawlers among them)
};

inline constexpr uint16_t kReferenceErrorPerMille = 25;

// One variant of an event type (several when the product records one action in
// different ways). Names in comments are the YAML's (docs/catalog.md).
struct CatalogEntry {
  std::string_view action;     // dotted event type
  std::string_view category;   // the product's section name (the variant's `category`, if any)
  std::string_view operation;  // create, update, view, login, …
  ResourceKind target;
  std::string_view method;  // HTTP method
  // Request path; {id} is the target id, {parent} the target's parent id,
  // {ws} the workspace id, {actor} the actor id.
  std::string_view path;
  uint16_t weight;  // relative frequency within the flavour
  // Description (`template`); {actor}, {target}, {parent}, {related}, {old} and {new} are
  // replaced (by names, or the old and new values of `changes`).
  std::string_view description;
  ChangeKind changes = ChangeKind::kNone;
  MetadataKind metadata = MetadataKind::kRequest;
  // Listed in resources[]: always when the description names {related},
  // otherwise some of the time.
  ResourceKind related = ResourceKind::kNone;
  ActorMix actor = ActorMix::kUser;
  // Failure rate in per mille when GeneratorOptions::error_per_mille is
  // kReferenceErrorPerMille (the option scales it linearly); 1000: always an
  // error (login.failed), never scaled.
  uint16_t error_per_mille = kReferenceErrorPerMille;
};

// The draw table of one flavour: a row per variant of an event type
// (catalogs/<flavour>.yaml, FlavourCatalog). Loaded on first use of any of
// these functions (thread-safe); lives until the process exits. A shipped
// catalog that does not load aborts the process with the reason on stderr.
std::span<const CatalogEntry> CatalogOf(Flavour f);

// The roles members of a tenant of this flavour hold, most privileged first;
// the first is the owner's.
std::span<const std::string_view> RolesOf(Flavour f);

// Which optional fields a flavour's events carry: products differ in what
// their audit emitters record (ToolJet shows response times, Dify records the
// operator's IP but not their browser, Appmixer has no sessions, …). API key, service and system
// actors always carry their type.
struct FieldHabits {
  bool user_agent;
  bool session_id;
  bool request_id;
  bool duration;
  bool user_actor_type;  // "type":"user" (the server's default) spelled out
  bool actor_status;
  bool production_environment;  // "environment":"production" (the default) spelled out
  bool success_status;          // "status":"success" (the default) spelled out
};
const FieldHabits& FieldHabitsOf(Flavour f);

// The name of the flavour's background service actor.
std::string_view ServiceNameOf(Flavour f);

}  // namespace vigil::gen
