// The kinds of resources events act on (apps, flows, data sources, …), with
// how each looks: its type string, a pool of realistic names, how many of
// them a typical tenant has, and which kind is its parent. Static data in
// resource_kind_data.cc.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace vigil::gen {

enum class ResourceKind : uint8_t {
  kNone,
  kSelf,          // the acting user
  kMember,        // another member of the tenant
  kOrganization,  // the tenant itself
  kWorkspace,     // the event's workspace
  kSession,       // the acting user's session
  kServer,
  kApp,
  kFolder,
  kQuery,
  kLibraryQuery,
  kGroup,
  kDataSource,
  kFlow,
  kTemplate,
  kConnector,
  kConfiguration,
  kAclRule,
  kComponent,
  kScreen,
  kScreenComponent,
  kAddOn,
  kMediaFile,
  kMediaFolder,
  kDataSourceEntry,
  kApiToken,
  kBuild,
  kPushNotification,
  kEmail,
  kSms,
  kKnowledgeBase,
  kDocument,
  kApiKey,
  kMemberGroup,
  kSystemUser,
  kAuthConfig,
  kCount,
};

struct ResourceKindInfo {
  std::string_view type;                    // target.type / resources[].type
  std::span<const std::string_view> names;  // empty: entities have ids only
  uint16_t per_tenant;                      // entities in a tenant of 60 members (scaled with size)
  ResourceKind parent = ResourceKind::kNone;
};

// Info of a pooled kind (kServer .. kAuthConfig); the others are handled by
// the generator itself.
const ResourceKindInfo& InfoOf(ResourceKind k);

}  // namespace vigil::gen
