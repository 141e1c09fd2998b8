// Tenant: one simulated organization — its product flavour, workspaces,
// environments, members, API keys and how busy each of them is. Built once
// from the options and a rank (0 = busiest); immutable afterwards.
//
// Members named *_json hold canonical JSON text (core/json_writer.h) rendered
// once here, so that writing an event copies them instead of re-escaping.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gen/catalog.h"
#include "gen/discrete_sampler.h"
#include "gen/generator_options.h"
#include "gen/id_format.h"

namespace vigil::gen {

struct Member {
  std::string id;
  std::string name;
  std::string email;
  std::string_view role;
  uint8_t role_rank;         // index into RolesOf(flavour): 0 owner, 1 admin, …
  std::string_view status;   // active, disabled or invited
  std::string home_ip_json;  // where most of their sessions come from (a JSON string)
  uint16_t desktop_agent;    // index into UserAgents()
  uint16_t mobile_agent;
  uint8_t mobile_percent;  // share of sessions on the phone
  uint8_t home_workspace;  // index into Tenant::workspaces
  std::string actor_json;  // the event's actor object, in the flavour's field habits
  std::string id_json;
  std::string name_json;
};

struct ApiKeyActor {
  std::string id;
  std::string name;
  std::string ip_json;  // a cloud host
  uint16_t agent;       // an HTTP tool
  std::string actor_json;
};

struct Workspace {
  std::string id;
  std::string name;
  std::string json;  // {"id":…,"name":…}
};

struct Tenant {
  uint64_t seed;   // derives the ids and names of the tenant's resources
  std::string id;  // "org_…"
  std::string id_json;
  std::string name;
  std::string domain;  // of members' email addresses
  Flavour flavour;
  IdStyle id_style;
  uint32_t scale_percent;  // resource counts relative to a 60-member tenant
  // Lowcoder, ToolJet and Dify group resources in workspaces and say so in
  // their events; Appmixer and Fliplet tenants use them only internally.
  bool has_workspaces;
  std::vector<Workspace> workspaces;
  DiscreteSampler environments;  // index into kEnvironments
  std::vector<Member> members;
  DiscreteSampler member_activity;  // Zipf over members
  DiscreteSampler admin_activity;   // the same, over the owner and active admins only
  std::vector<ApiKeyActor> api_keys;
  std::string service_ip_json;
  std::string system_ip_json;
  std::string service_actor_json;
  std::string system_actor_json;
  DiscreteSampler actions;     // over CatalogOf(flavour), by weight
  size_t failed_login_action;  // the entry a disabled member's attempts use
};

inline constexpr std::string_view kEnvironments[] = {"production", "staging", "development"};

// The tenant of the given rank in a run with these options.
Tenant MakeTenant(const GeneratorOptions& options, size_t rank);

}  // namespace vigil::gen
