// The five flavours' action catalogs. Actions, sections and descriptions follow
// each product's documented audit-event list; weights say how often an action
// happens relative to the others of its flavour (views, logins, query runs and
// updates dominate, deletions and admin changes are rare).
#include <cassert>

#include "gen/catalog.h"

namespace vigil::gen {
namespace {

using A = ActorMix;
using C = ChangeKind;
using K = ResourceKind;
using M = MetadataKind;

constexpr CatalogEntry E(std::string_view action, std::string_view category,
                         std::string_view operation, K target, std::string_view method,
                         std::string_view path, uint16_t weight, std::string_view description,
                         C changes = C::kNone, M metadata = M::kRequest, K related = K::kNone,
                         A actor = A::kUser, uint16_t error_per_mille = 25) {
  return CatalogEntry{action,      category, operation, target,  method, path,           weight,
                      description, changes,  metadata,  related, actor,  error_per_mille};
}

// Lowcoder: sessions, apps, folders, queries, groups, data sources, library
// queries, server startup.
constexpr std::string_view kLcSessions = "User Sessions";
constexpr std::string_view kLcApps = "App Operations";
constexpr std::string_view kLcFolders = "Folder Operations";
constexpr std::string_view kLcQueries = "Data Query Activity";
constexpr std::string_view kLcGroups = "User Group Management";
constexpr std::string_view kLcSystem = "Platform/System";
constexpr std::string_view kLcSources = "Data Source Management";
constexpr std::string_view kLcLibrary = "Library Queries";

constexpr CatalogEntry kLowcoder[] = {
    E("user.login", kLcSessions, "login", K::kSelf, "POST", "/api/auth/form/login", 120,
      "{actor} signed in", C::kNone, M::kLogin, K::kNone, A::kUser, 45),
    E("user.logout", kLcSessions, "logout", K::kSelf, "POST", "/api/auth/logout", 45,
      "{actor} logged out"),
    E("app.view", kLcApps, "view", K::kApp, "GET", "/api/applications/{id}/view", 320,
      "{actor} viewed app \"{target}\"", C::kNone, M::kRequest, K::kFolder),
    E("app.create", kLcApps, "create", K::kApp, "POST", "/api/applications", 12,
      "{actor} created app \"{target}\"", C::kNone, M::kRequest, K::kFolder),
    E("app.update", kLcApps, "update", K::kApp, "PUT", "/api/applications/{id}", 90,
      "{actor} updated app \"{target}\"", C::kSettings),
    E("app.update", kLcApps, "update", K::kApp, "PUT", "/api/applications/{id}", 14,
      "{actor} renamed app \"{old}\" to \"{new}\"", C::kRename),
    E("app.delete", kLcApps, "delete", K::kApp, "DELETE", "/api/applications/{id}", 3,
      "{actor} deleted app \"{target}\""),
    E("app.move", kLcApps, "move", K::kApp, "PUT", "/api/applications/{id}/move", 8,
      "{actor} moved app \"{target}\" to folder \"{new}\"", C::kFolder, M::kRequest, K::kFolder),
    E("app.trash", kLcApps, "delete", K::kApp, "PUT", "/api/applications/recycle/{id}", 5,
      "{actor} moved app \"{target}\" to the trash"),
    E("app.restore", kLcApps, "restore", K::kApp, "PUT", "/api/applications/restore/{id}", 2,
      "{actor} restored app \"{target}\" from the trash"),
    E("app.publish", kLcApps, "publish", K::kApp, "POST", "/api/applications/{id}/publish", 16,
      "{actor} published version {new} of app \"{target}\"", C::kVersion),
    E("folder.create", kLcFolders, "create", K::kFolder, "POST", "/api/folders", 5,
      "{actor} created folder \"{target}\""),
    E("folder.update", kLcFolders, "update", K::kFolder, "PUT", "/api/folders/{id}", 5,
      "{actor} renamed folder \"{old}\" to \"{new}\"", C::kRename),
    E("folder.delete", kLcFolders, "delete", K::kFolder, "DELETE", "/api/folders/{id}", 2,
      "{actor} deleted folder \"{target}\""),
    E("query.execute", kLcQueries, "execute", K::kQuery, "POST", "/api/query/execute-query", 260,
      "{actor} executed query \"{target}\" in app \"{parent}\"", C::kNone, M::kQueryRun,
      K::kDataSource, A::kUserOrApiKey, 60),
    E("group.create", kLcGroups, "create", K::kGroup, "POST", "/api/groups", 3,
      "{actor} created user group \"{target}\"", C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("group.update", kLcGroups, "update", K::kGroup, "PUT", "/api/groups/{id}/update", 4,
      "{actor} renamed user group \"{old}\" to \"{new}\"", C::kRename, M::kRequest, K::kNone,
      A::kAdmin),
    E("group.delete", kLcGroups, "delete", K::kGroup, "DELETE", "/api/groups/{id}", 1,
      "{actor} deleted user group \"{target}\"", C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("group.member.add", kLcGroups, "grant", K::kGroup, "POST", "/api/groups/{id}/addMember", 8,
      "{actor} added {related} to user group \"{target}\"", C::kMembers, M::kRequest, K::kMember,
      A::kAdmin),
    E("group.member.remove", kLcGroups, "revoke", K::kGroup, "DELETE", "/api/groups/{id}/remove", 4,
      "{actor} removed {related} from user group \"{target}\"", C::kMembers, M::kRequest,
      K::kMember, A::kAdmin),
    E("group.member.role.update", kLcGroups, "update", K::kGroup, "PUT", "/api/groups/{id}/role", 3,
      "{actor} changed the role of {related} in user group \"{target}\" from {old} to {new}",
      C::kRole, M::kRequest, K::kMember, A::kAdmin),
    E("group.leave", kLcGroups, "leave", K::kGroup, "DELETE", "/api/groups/{id}/leave", 1,
      "{actor} left user group \"{target}\""),
    E("server.startup", kLcSystem, "start", K::kServer, "", "", 1,
      "Lowcoder server {target} started", C::kNone, M::kStartup, K::kNone, A::kSystem, 0),
    E("datasource.create", kLcSources, "create", K::kDataSource, "POST", "/api/datasources", 3,
      "{actor} created data source \"{target}\"", C::kNone, M::kRequest, K::kNone, A::kAdmin, 60),
    E("datasource.update", kLcSources, "update", K::kDataSource, "PUT", "/api/datasources/{id}", 6,
      "{actor} updated data source \"{target}\"", C::kConnection, M::kRequest, K::kNone, A::kUser,
      50),
    E("datasource.delete", kLcSources, "delete", K::kDataSource, "DELETE", "/api/datasources/{id}",
      1, "{actor} deleted data source \"{target}\"", C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("datasource.permission.grant", kLcSources, "grant", K::kDataSource, "POST",
      "/api/datasources/{id}/permissions", 4,
      "{actor} granted {related} access to data source \"{target}\"", C::kPermissions, M::kRequest,
      K::kMember, A::kAdmin),
    E("datasource.permission.update", kLcSources, "update", K::kDataSource, "PUT",
      "/api/datasources/permissions/{id}", 2,
      "{actor} changed the permission of {related} on data source \"{target}\"", C::kPermissions,
      M::kRequest, K::kMember, A::kAdmin),
    E("datasource.permission.delete", kLcSources, "revoke", K::kDataSource, "DELETE",
      "/api/datasources/permissions/{id}", 1,
      "{actor} revoked the access of {related} to data source \"{target}\"", C::kNone, M::kRequest,
      K::kMember, A::kAdmin),
    E("library_query.create", kLcLibrary, "create", K::kLibraryQuery, "POST",
      "/api/library-queries", 2, "{actor} created library query \"{target}\""),
    E("library_query.update", kLcLibrary, "update", K::kLibraryQuery, "PUT",
      "/api/library-queries/{id}", 6, "{actor} updated library query \"{target}\"", C::kQuery),
    E("library_query.delete", kLcLibrary, "delete", K::kLibraryQuery, "DELETE",
      "/api/library-queries/{id}", 1, "{actor} deleted library query \"{target}\""),
    E("library_query.publish", kLcLibrary, "publish", K::kLibraryQuery, "POST",
      "/api/library-queries/{id}/publish", 3,
      "{actor} published version {new} of library query \"{target}\"", C::kVersion),
};

// ToolJet: user, app, data query, group permission and app group permission
// activities.
constexpr std::string_view kTjUser = "User";
constexpr std::string_view kTjApp = "App";
constexpr std::string_view kTjQuery = "Data Query";
constexpr std::string_view kTjGroup = "Group Permission";
constexpr std::string_view kTjAppGroup = "App Group Permission";
constexpr std::string_view kTjSource = "Data Source";

constexpr CatalogEntry kToolJet[] = {
    E("user.login", kTjUser, "login", K::kSelf, "POST", "/api/authenticate", 140,
      "{actor} logged in", C::kNone, M::kLogin, K::kNone, A::kUser, 50),
    E("user.signup", kTjUser, "create", K::kSelf, "POST", "/api/signup", 3, "{actor} signed up"),
    E("user.invite", kTjUser, "invite", K::kMember, "POST", "/api/organization_users", 6,
      "{actor} invited {target} to workspace \"{parent}\"", C::kRole, M::kRequest, K::kNone,
      A::kAdmin),
    E("user.invite.redeem", kTjUser, "accept", K::kSelf, "POST",
      "/api/organization_users/{actor}/accept-invite", 4,
      "{actor} accepted the invitation to workspace \"{parent}\""),
    E("user.archive", kTjUser, "disable", K::kMember, "POST",
      "/api/organization_users/{id}/archive", 2, "{actor} archived user {target}", C::kEnabled,
      M::kRequest, K::kNone, A::kAdmin),
    E("app.create", kTjApp, "create", K::kApp, "POST", "/api/apps", 10,
      "{actor} created app \"{target}\""),
    E("app.update", kTjApp, "update", K::kApp, "PUT", "/api/apps/{id}", 60,
      "{actor} updated app \"{target}\"", C::kSettings),
    E("app.update", kTjApp, "update", K::kApp, "PUT", "/api/apps/{id}", 10,
      "{actor} renamed app \"{old}\" to \"{new}\"", C::kRename),
    E("app.update", kTjApp, "update", K::kApp, "PUT", "/api/apps/{id}", 8,
      "{actor} changed the slug of app \"{target}\"", C::kSlug),
    E("app.view", kTjApp, "view", K::kApp, "GET", "/api/apps/{id}", 300,
      "{actor} viewed app \"{target}\""),
    E("app.delete", kTjApp, "delete", K::kApp, "DELETE", "/api/apps/{id}", 3,
      "{actor} deleted app \"{target}\""),
    E("app.import", kTjApp, "import", K::kApp, "POST", "/api/apps/import", 3,
      "{actor} imported app \"{target}\"", C::kNone, M::kFile),
    E("app.export", kTjApp, "export", K::kApp, "GET", "/api/apps/{id}/export", 6,
      "{actor} exported app \"{target}\"", C::kNone, M::kExport),
    E("app.clone", kTjApp, "clone", K::kApp, "POST", "/api/apps/{id}/clone", 4,
      "{actor} cloned app \"{target}\""),
    E("app.release", kTjApp, "publish", K::kApp, "PUT", "/api/apps/{id}/release", 9,
      "{actor} released version {new} of app \"{target}\"", C::kVersion),
    E("data_query.run", kTjQuery, "execute", K::kQuery, "POST", "/api/data_queries/{id}/run", 280,
      "{actor} ran query \"{target}\" of app \"{parent}\"", C::kNone, M::kQueryRun, K::kDataSource,
      A::kUserOrApiKey, 70),
    E("data_query.update", kTjQuery, "update", K::kQuery, "PATCH", "/api/data_queries/{id}", 25,
      "{actor} edited query \"{target}\" of app \"{parent}\"", C::kQuery),
    E("group_permission.create", kTjGroup, "create", K::kGroup, "POST", "/api/group_permissions", 2,
      "{actor} created group \"{target}\"", C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("group_permission.update", kTjGroup, "update", K::kGroup, "PUT",
      "/api/group_permissions/{id}", 4, "{actor} changed the permissions of group \"{target}\"",
      C::kPermissions, M::kRequest, K::kNone, A::kAdmin),
    E("group_permission.update", kTjGroup, "update", K::kGroup, "POST",
      "/api/group_permissions/{id}/users", 4, "{actor} added {related} to group \"{target}\"",
      C::kMembers, M::kRequest, K::kMember, A::kAdmin),
    E("group_permission.delete", kTjGroup, "delete", K::kGroup, "DELETE",
      "/api/group_permissions/{id}", 1, "{actor} deleted group \"{target}\"", C::kNone, M::kRequest,
      K::kNone, A::kAdmin),
    E("app_group_permission.update", kTjAppGroup, "update", K::kApp, "PUT",
      "/api/group_permissions/app_group_permissions/{id}", 4,
      "{actor} changed what group \"{related}\" may do with app \"{target}\"", C::kPermissions,
      M::kRequest, K::kGroup, A::kAdmin),
    E("data_source.create", kTjSource, "create", K::kDataSource, "POST", "/api/data_sources", 2,
      "{actor} added data source \"{target}\"", C::kNone, M::kRequest, K::kNone, A::kAdmin, 60),
    E("data_source.update", kTjSource, "update", K::kDataSource, "PUT", "/api/data_sources/{id}", 4,
      "{actor} updated data source \"{target}\"", C::kConnection, M::kRequest, K::kNone, A::kUser,
      50),
    E("data_source.delete", kTjSource, "delete", K::kDataSource, "DELETE", "/api/data_sources/{id}",
      1, "{actor} deleted data source \"{target}\"", C::kNone, M::kRequest, K::kNone, A::kAdmin),
};

// Appmixer: system configuration, access control, flows, integration
// templates and their tests, connectors, users.
constexpr std::string_view kAmConfig = "System Configuration";
constexpr std::string_view kAmAcl = "Access Control";
constexpr std::string_view kAmFlows = "Flow Management";
constexpr std::string_view kAmTemplates = "Integration Template Management";
constexpr std::string_view kAmTests = "Integration Template Testing";
constexpr std::string_view kAmConnectors = "Connector Management";
constexpr std::string_view kAmUsers = "User Management";

constexpr CatalogEntry kAppmixer[] = {
    E("config.update", kAmConfig, "update", K::kConfiguration, "PUT", "/config/{id}", 4,
      "{actor} updated configuration {target}", C::kValue, M::kRequest, K::kNone, A::kAdmin),
    E("config.delete", kAmConfig, "delete", K::kConfiguration, "DELETE", "/config/{id}", 1,
      "{actor} deleted configuration {target}", C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("acl.rule.create", kAmAcl, "create", K::kAclRule, "POST", "/acl-lists/components", 1,
      "{actor} created ACL rule \"{target}\"", C::kPermissions, M::kRequest, K::kNone, A::kAdmin),
    E("acl.rule.update", kAmAcl, "update", K::kAclRule, "PUT", "/acl-lists/components", 2,
      "{actor} updated ACL rule \"{target}\"", C::kPermissions, M::kRequest, K::kNone, A::kAdmin),
    E("component.access.assign", kAmAcl, "grant", K::kComponent, "PUT", "/components/{id}/access",
      2, "{actor} assigned access to component {target} to {related}", C::kPermissions, M::kRequest,
      K::kMember, A::kAdmin),
    E("flow.create", kAmFlows, "create", K::kFlow, "POST", "/flows", 12,
      "{actor} created flow \"{target}\"", C::kNone, M::kFlow, K::kNone, A::kUserOrApiKey),
    E("flow.update", kAmFlows, "update", K::kFlow, "PUT", "/flows/{id}", 110,
      "{actor} updated flow \"{target}\"", C::kDefinition, M::kFlow, K::kConnector,
      A::kUserOrApiKey),
    E("flow.update", kAmFlows, "update", K::kFlow, "PUT", "/flows/{id}", 12,
      "{actor} renamed flow \"{old}\" to \"{new}\"", C::kRename, M::kFlow),
    E("flow.start", kAmFlows, "start", K::kFlow, "POST", "/flows/{id}/coordinator", 45,
      "{actor} started flow \"{target}\"", C::kFlowState, M::kFlow, K::kNone, A::kUserOrApiKey, 45),
    E("flow.stop", kAmFlows, "stop", K::kFlow, "POST", "/flows/{id}/coordinator", 30,
      "{actor} stopped flow \"{target}\"", C::kFlowState, M::kFlow, K::kNone, A::kUserOrApiKey),
    E("flow.delete", kAmFlows, "delete", K::kFlow, "DELETE", "/flows/{id}", 4,
      "{actor} deleted flow \"{target}\""),
    E("flow.clone", kAmFlows, "clone", K::kFlow, "POST", "/flows/{id}/clone", 5,
      "{actor} cloned flow \"{target}\"", C::kNone, M::kFlow),
    E("template.create", kAmTemplates, "create", K::kTemplate, "POST", "/integrations", 2,
      "{actor} created integration template \"{target}\""),
    E("template.update", kAmTemplates, "update", K::kTemplate, "PUT", "/integrations/{id}", 10,
      "{actor} updated integration template \"{target}\"", C::kDefinition),
    E("template.publish", kAmTemplates, "publish", K::kTemplate, "POST",
      "/integrations/{id}/publish", 3,
      "{actor} published version {new} of integration template \"{target}\"", C::kVersion),
    E("template.published.update", kAmTemplates, "update", K::kTemplate, "PUT",
      "/integrations/{id}/published", 2,
      "{actor} updated published integration template \"{target}\"", C::kSettings),
    E("template.delete", kAmTemplates, "delete", K::kTemplate, "DELETE", "/integrations/{id}", 1,
      "{actor} deleted integration template \"{target}\""),
    E("template.test.start", kAmTests, "start", K::kTemplate, "POST", "/integrations/{id}/test", 8,
      "{actor} started a test of integration template \"{target}\"", C::kNone, M::kFlow, K::kFlow,
      A::kUser, 80),
    E("template.test.stop", kAmTests, "stop", K::kTemplate, "DELETE", "/integrations/{id}/test", 6,
      "{actor} stopped the test of integration template \"{target}\"", C::kNone, M::kFlow,
      K::kFlow),
    E("template.test.delete", kAmTests, "delete", K::kTemplate, "DELETE",
      "/integrations/{id}/test/flow", 2,
      "{actor} deleted the test flow of integration template \"{target}\"", C::kNone, M::kRequest,
      K::kFlow),
    E("connector.install", kAmConnectors, "install", K::kConnector, "POST", "/modules", 3,
      "{actor} installed connector {target}", C::kVersion, M::kFile, K::kNone, A::kAdmin),
    E("connector.update", kAmConnectors, "update", K::kConnector, "POST", "/modules", 4,
      "{actor} updated connector {target} from {old} to {new}", C::kVersion, M::kFile),
    E("connector.uninstall", kAmConnectors, "uninstall", K::kConnector, "DELETE", "/modules/{id}",
      1, "{actor} uninstalled connector {target}", C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("user.create", kAmUsers, "create", K::kMember, "POST", "/user", 3,
      "{actor} created user {target}", C::kNone, M::kRequest, K::kNone, A::kUserOrApiKey),
    E("user.update", kAmUsers, "update", K::kMember, "PUT", "/users/{id}", 4,
      "{actor} changed the role of user {target} from {old} to {new}", C::kRole, M::kRequest,
      K::kNone, A::kAdmin),
    E("user.delete", kAmUsers, "delete", K::kMember, "DELETE", "/users/{id}", 1,
      "{actor} deleted user {target}", C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("user.login", kAmUsers, "login", K::kSelf, "POST", "/user/auth", 150, "{actor} logged in",
      C::kNone, M::kLogin, K::kNone, A::kUser, 0),
    E("user.login.failed", kAmUsers, "login", K::kSelf, "POST", "/user/auth", 12,
      "Login failed for {actor}", C::kNone, M::kLogin, K::kNone, A::kUser, 1000),
    E("user.password.change", kAmUsers, "update", K::kSelf, "POST", "/user/change-password", 3,
      "{actor} changed their password"),
};

// Fliplet: the organization audit-log types of Studio, Viewer and apps.
constexpr std::string_view kFlAuth = "Authentication";
constexpr std::string_view kFlActivity = "User activity";
constexpr std::string_view kFlUsers = "User management";
constexpr std::string_view kFlOrg = "Organization management";
constexpr std::string_view kFlApps = "App management";
constexpr std::string_view kFlAab = "App management (AAB)";
constexpr std::string_view kFlScreens = "App Screens management";
constexpr std::string_view kFlAccess = "App Access management";
constexpr std::string_view kFlSources = "Data Sources management";
constexpr std::string_view kFlMedia = "Media Files management";
constexpr std::string_view kFlWidgets = "Widgets management";
constexpr std::string_view kFlPush = "App Push notifications logs";
constexpr std::string_view kFlComms = "Communication Audits";
constexpr std::string_view kFlAnalytics = "App analytics";
constexpr std::string_view kFlEntries = "Data Sources";
constexpr std::string_view kFlSession = "User session";

constexpr CatalogEntry kFliplet[] = {
    E("user.login", kFlAuth, "login", K::kSelf, "POST", "/v1/auth/login", 80, "{actor} logged in",
      C::kNone, M::kLogin, K::kNone, A::kUser, 0),
    E("user.login.first", kFlAuth, "login", K::kSelf, "POST", "/v1/auth/login", 2,
      "{actor} logged in for the first time", C::kNone, M::kLogin, K::kNone, A::kUser, 0),
    E("user.login.failed", kFlAuth, "login", K::kSelf, "POST", "/v1/auth/login", 9,
      "{actor} failed to log in", C::kNone, M::kLogin, K::kNone, A::kUser, 1000),
    E("user.login.sso", kFlAuth, "login", K::kSelf, "GET", "/v1/auth/saml2/callback", 25,
      "{actor} logged in via SSO", C::kNone, M::kLogin, K::kNone, A::kUser, 15),
    E("user.logout", kFlAuth, "logout", K::kSelf, "POST", "/v1/auth/logout", 30,
      "{actor} logged out"),
    E("studio.analytics.presence", kFlActivity, "view", K::kApp, "POST", "/v1/apps/{id}/presence",
      90, "{actor} opened app \"{target}\" in Studio"),
    E("user.update", kFlUsers, "update", K::kSelf, "PUT", "/v1/user", 4,
      "{actor} updated their details", C::kSettings, M::kRequest, K::kNone, A::kAdmin),
    E("user.password.update", kFlUsers, "update", K::kSelf, "PUT", "/v1/user/password", 2,
      "{actor} updated their password"),
    E("user.twofactor.add", kFlUsers, "enable", K::kSelf, "POST", "/v1/user/two-factor", 1,
      "{actor} added two-factor authentication to their account", C::kTwoFactor),
    E("user.twofactor.remove", kFlUsers, "disable", K::kSelf, "DELETE", "/v1/user/two-factor", 1,
      "{actor} removed two-factor authentication from their account", C::kTwoFactor),
    E("user.session.remove", kFlUsers, "revoke", K::kSession, "DELETE", "/v1/user/sessions/{id}", 1,
      "{actor} revoked a session"),
    E("organization.create", kFlOrg, "create", K::kOrganization, "POST", "/v1/organizations", 1,
      "{actor} created organization \"{target}\"", C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("organization.user.create", kFlOrg, "create", K::kMember, "POST",
      "/v1/organizations/{ws}/users", 2, "{actor} created user {target}", C::kRole, M::kRequest,
      K::kNone, A::kAdmin),
    E("organization.user.invite", kFlOrg, "invite", K::kMember, "POST",
      "/v1/organizations/{ws}/invitations", 3, "{actor} invited {target}", C::kRole, M::kRequest,
      K::kNone, A::kAdmin),
    E("organization.user.delete", kFlOrg, "delete", K::kMember, "DELETE",
      "/v1/organizations/{ws}/users/{id}", 1, "{actor} deleted user {target}", C::kNone,
      M::kRequest, K::kNone, A::kAdmin),
    E("organization.user.update", kFlOrg, "update", K::kMember, "PUT",
      "/v1/organizations/{ws}/users/{id}", 2,
      "{actor} changed the role of {target} from {old} to {new}", C::kRole, M::kRequest, K::kNone,
      A::kAdmin),
    E("organization.user.unblock", kFlOrg, "enable", K::kMember, "POST",
      "/v1/organizations/{ws}/users/{id}/unblock", 1, "{actor} unblocked {target}", C::kEnabled,
      M::kRequest, K::kNone, A::kAdmin),
    E("organization.user.twofactor.remove", kFlOrg, "disable", K::kMember, "DELETE",
      "/v1/organizations/{ws}/users/{id}/two-factor", 1,
      "{actor} removed two-factor authentication of {target}", C::kTwoFactor, M::kRequest, K::kNone,
      A::kAdmin),
    E("organization.user.app.create", kFlOrg, "grant", K::kMember, "POST",
      "/v1/organizations/{ws}/users/{id}/apps", 2,
      "{actor} gave {target} access to app \"{related}\"", C::kPermissions, M::kRequest, K::kApp,
      A::kAdmin),
    E("organization.user.app.update", kFlOrg, "update", K::kMember, "PUT",
      "/v1/organizations/{ws}/users/{id}/apps", 2,
      "{actor} changed the access of {target} to app \"{related}\"", C::kPermissions, M::kRequest,
      K::kApp, A::kAdmin),
    E("organization.user.app.remove", kFlOrg, "revoke", K::kMember, "DELETE",
      "/v1/organizations/{ws}/users/{id}/apps", 1,
      "{actor} removed the access of {target} to app \"{related}\"", C::kNone, M::kRequest, K::kApp,
      A::kAdmin),
    E("app.create", kFlApps, "create", K::kApp, "POST", "/v1/apps", 3,
      "{actor} created app \"{target}\""),
    E("app.remove", kFlApps, "delete", K::kApp, "DELETE", "/v1/apps/{id}", 1,
      "{actor} moved app \"{target}\" to the bin"),
    E("app.delete", kFlApps, "delete", K::kApp, "DELETE", "/v1/apps/{id}?force=true", 1,
      "{actor} deleted app \"{target}\""),
    E("app.clone", kFlApps, "clone", K::kApp, "POST", "/v1/apps/{id}/duplicate", 1,
      "{actor} cloned app \"{target}\""),
    E("app.publish", kFlApps, "publish", K::kApp, "POST", "/v1/apps/{id}/publish", 6,
      "{actor} published an update of app \"{target}\"", C::kVersion),
    E("app.publish.web.create", kFlApps, "publish", K::kApp, "POST", "/v1/apps/{id}/publish/web", 1,
      "{actor} launched app \"{target}\" on the web", C::kSlug),
    E("app.publish.web.update", kFlApps, "update", K::kApp, "PUT", "/v1/apps/{id}/publish/web", 1,
      "{actor} changed the web address of app \"{target}\"", C::kSlug),
    E("app.publish.web.remove", kFlApps, "unpublish", K::kApp, "DELETE",
      "/v1/apps/{id}/publish/web", 1, "{actor} unpublished app \"{target}\" from the web"),
    E("app.settings.update", kFlApps, "update", K::kApp, "PUT", "/v1/apps/{id}", 10,
      "{actor} updated the settings of app \"{target}\"", C::kSettings),
    E("app.widget.create", kFlApps, "enable", K::kAddOn, "POST",
      "/v1/apps/{parent}/widget-instances", 1,
      "{actor} enabled add-on {target} in app \"{parent}\""),
    E("app.widget.update", kFlApps, "update", K::kAddOn, "PUT",
      "/v1/apps/{parent}/widget-instances/{id}", 6, "{actor} updated {target} in app \"{parent}\"",
      C::kSettings),
    E("app.widget.delete", kFlApps, "disable", K::kAddOn, "DELETE",
      "/v1/apps/{parent}/widget-instances/{id}", 1,
      "{actor} disabled add-on {target} in app \"{parent}\""),
    E("app.submission.build", kFlAab, "build", K::kBuild, "POST",
      "/v1/apps/{parent}/submissions/{id}/build", 2,
      "{actor} requested {target} of app \"{parent}\"", C::kNone, M::kBuild),
    E("app.submission.report", "App AAB", "build", K::kBuild, "POST",
      "/v1/apps/{parent}/submissions/{id}/report", 2, "{target} of app \"{parent}\" completed",
      C::kNone, M::kBuild, K::kNone, A::kService, 120),
    E("app.page.create", kFlScreens, "create", K::kScreen, "POST", "/v1/apps/{parent}/pages", 4,
      "{actor} created screen \"{target}\" in app \"{parent}\""),
    E("app.page.update", kFlScreens, "update", K::kScreen, "PUT", "/v1/apps/{parent}/pages/{id}",
      45, "{actor} updated screen \"{target}\" of app \"{parent}\"", C::kRename),
    E("app.page.remove", kFlScreens, "delete", K::kScreen, "DELETE", "/v1/apps/{parent}/pages/{id}",
      1, "{actor} moved screen \"{target}\" to the bin"),
    E("app.page.restore", kFlScreens, "restore", K::kScreen, "POST",
      "/v1/apps/{parent}/pages/{id}/restore", 1, "{actor} restored screen \"{target}\""),
    E("app.page.delete", kFlScreens, "delete", K::kScreen, "DELETE",
      "/v1/apps/{parent}/pages/{id}?force=true", 1, "{actor} deleted screen \"{target}\""),
    E("app.page.layout.update", kFlScreens, "update", K::kScreen, "PUT",
      "/v1/apps/{parent}/pages/{id}/layout", 25,
      "{actor} updated the layout of screen \"{target}\"", C::kLayout),
    E("app.page.settings.update", kFlScreens, "update", K::kScreen, "PUT",
      "/v1/apps/{parent}/pages/{id}/settings", 8,
      "{actor} updated the settings of screen \"{target}\"", C::kSettings),
    E("app.page.settings.remove", kFlScreens, "delete", K::kScreen, "DELETE",
      "/v1/apps/{parent}/pages/{id}/settings", 1,
      "{actor} removed the settings of screen \"{target}\""),
    E("app.page.rollback", kFlScreens, "rollback", K::kScreen, "POST",
      "/v1/apps/{parent}/pages/{id}/rollback", 1,
      "{actor} restored screen \"{target}\" to version {new}", C::kVersion),
    E("app.page.widget.create", kFlScreens, "create", K::kScreenComponent, "POST",
      "/v1/apps/pages/{parent}/widget-instances", 8,
      "{actor} added a {target} component to screen \"{parent}\""),
    E("app.page.widget.update", kFlScreens, "update", K::kScreenComponent, "PUT",
      "/v1/widget-instances/{id}", 40,
      "{actor} updated the {target} component of screen \"{parent}\"", C::kSettings),
    E("app.page.widget.remove", kFlScreens, "delete", K::kScreenComponent, "DELETE",
      "/v1/widget-instances/{id}", 3,
      "{actor} removed the {target} component from screen \"{parent}\""),
    E("app.pages.sort", kFlScreens, "update", K::kApp, "PUT", "/v1/apps/{id}/pages/sort", 2,
      "{actor} reordered the screens of app \"{target}\""),
    E("app.user.create", kFlAccess, "grant", K::kApp, "POST", "/v1/apps/{id}/users", 2,
      "{actor} added {related} to app \"{target}\"", C::kRole, M::kRequest, K::kMember, A::kAdmin),
    E("app.user.update", kFlAccess, "update", K::kApp, "PUT", "/v1/apps/{id}/users", 1,
      "{actor} changed the role of {related} in app \"{target}\" from {old} to {new}", C::kRole,
      M::kRequest, K::kMember, A::kAdmin),
    E("app.user.remove", kFlAccess, "revoke", K::kApp, "DELETE", "/v1/apps/{id}/users", 1,
      "{actor} removed {related} from app \"{target}\"", C::kNone, M::kRequest, K::kMember,
      A::kAdmin),
    E("app.token.remove", kFlAccess, "revoke", K::kApiToken, "DELETE",
      "/v1/apps/{parent}/tokens/{id}", 1, "{actor} removed API token \"{target}\"", C::kNone,
      M::kRequest, K::kNone, A::kAdmin),
    E("dataSource.create", kFlSources, "create", K::kDataSource, "POST", "/v1/data-sources", 2,
      "{actor} created data source \"{target}\""),
    E("dataSource.update", kFlSources, "update", K::kDataSource, "PUT", "/v1/data-sources/{id}", 6,
      "{actor} updated data source \"{target}\"", C::kPermissions),
    E("dataSource.remove", kFlSources, "delete", K::kDataSource, "DELETE", "/v1/data-sources/{id}",
      1, "{actor} moved data source \"{target}\" to the bin"),
    E("dataSource.restore", kFlSources, "restore", K::kDataSource, "POST",
      "/v1/data-sources/{id}/restore", 1, "{actor} restored data source \"{target}\""),
    E("dataSource.delete", kFlSources, "delete", K::kDataSource, "DELETE",
      "/v1/data-sources/{id}?force=true", 1, "{actor} deleted data source \"{target}\""),
    E("dataSource.rollback", kFlSources, "rollback", K::kDataSource, "POST",
      "/v1/data-sources/{id}/rollback", 1,
      "{actor} rolled data source \"{target}\" back to version {new}", C::kVersion),
    E("dataSource.commit", kFlSources, "update", K::kDataSource, "POST",
      "/v1/data-sources/{id}/commit", 8, "{actor} changed entries of data source \"{target}\"",
      C::kNone, M::kQueryRun, K::kNone, A::kUserOrApiKey),
    E("mediaFile.create", kFlMedia, "upload", K::kMediaFile, "POST", "/v1/media/files", 8,
      "{actor} uploaded {target} to folder \"{parent}\"", C::kNone, M::kFile),
    E("mediaFile.update", kFlMedia, "update", K::kMediaFile, "PUT", "/v1/media/files/{id}", 3,
      "{actor} moved {target} to folder \"{new}\"", C::kFolder, M::kRequest, K::kMediaFolder),
    E("mediaFile.remove", kFlMedia, "delete", K::kMediaFile, "DELETE", "/v1/media/files/{id}", 2,
      "{actor} moved {target} to the bin"),
    E("mediaFile.restore", kFlMedia, "restore", K::kMediaFile, "POST",
      "/v1/media/files/{id}/restore", 1, "{actor} restored {target}"),
    E("mediaFolder.create", kFlMedia, "create", K::kMediaFolder, "POST", "/v1/media/folders", 1,
      "{actor} created media folder \"{target}\""),
    E("mediaFolder.update", kFlMedia, "update", K::kMediaFolder, "PUT", "/v1/media/folders/{id}", 1,
      "{actor} renamed media folder \"{old}\" to \"{new}\"", C::kRename),
    E("mediaFolder.remove", kFlMedia, "delete", K::kMediaFolder, "DELETE", "/v1/media/folders/{id}",
      1, "{actor} moved media folder \"{target}\" to the bin"),
    E("mediaFolder.restore", "Media Folders management", "restore", K::kMediaFolder, "POST",
      "/v1/media/folders/{id}/restore", 1, "{actor} restored media folder \"{target}\""),
    E("widget.update", kFlWidgets, "upload", K::kComponent, "PUT", "/v1/widgets/{id}", 1,
      "{actor} synced widget {target}", C::kVersion, M::kFile, K::kNone, A::kUserOrApiKey),
    E("pushNotification.send", kFlPush, "send", K::kPushNotification, "POST",
      "/v1/apps/{parent}/notifications", 3,
      "{actor} sent push notification \"{target}\" for app \"{parent}\"", C::kNone, M::kMessage),
    E("sms.2fa", kFlComms, "send", K::kSms, "POST", "/v1/communicate/sms", 6,
      "An SMS with a login code was sent to {actor}", C::kNone, M::kMessage, K::kNone, A::kService,
      15),
    E("sms.communicate", kFlComms, "send", K::kSms, "POST", "/v1/communicate/sms", 2,
      "{actor} sent an SMS \"{target}\"", C::kNone, M::kMessage),
    E("sms.dataSourceHook", kFlComms, "send", K::kSms, "POST", "/v1/communicate/sms", 1,
      "A data source hook sent an SMS \"{target}\"", C::kNone, M::kMessage, K::kDataSource,
      A::kService),
    E("sms.validate", kFlComms, "send", K::kSms, "POST", "/v1/communicate/sms", 2,
      "A verification SMS was sent for a data source login", C::kNone, M::kMessage, K::kDataSource,
      A::kService),
    E("email.communicate", kFlComms, "send", K::kEmail, "POST", "/v1/communicate/email", 6,
      "{actor} sent email \"{target}\"", C::kNone, M::kMessage),
    E("email.delivered", kFlComms, "send", K::kEmail, "POST", "/v1/communicate/hooks/email", 30,
      "Email \"{target}\" was delivered", C::kNone, M::kMessage, K::kNone, A::kService, 0),
    E("email.delayed", kFlComms, "send", K::kEmail, "POST", "/v1/communicate/hooks/email", 2,
      "Email \"{target}\" was delayed", C::kNone, M::kMessage, K::kNone, A::kService, 500),
    E("email.bounced", kFlComms, "send", K::kEmail, "POST", "/v1/communicate/hooks/email", 2,
      "Email \"{target}\" bounced", C::kNone, M::kMessage, K::kNone, A::kService, 1000),
    E("email.complaint", kFlComms, "send", K::kEmail, "POST", "/v1/communicate/hooks/email", 1,
      "A complaint was received for email \"{target}\"", C::kNone, M::kMessage, K::kNone,
      A::kService, 1000),
    E("email.rejected", kFlComms, "send", K::kEmail, "POST", "/v1/communicate/hooks/email", 1,
      "Email \"{target}\" was rejected by the recipient server", C::kNone, M::kMessage, K::kNone,
      A::kService, 1000),
    E("email.dataSourceHook", kFlComms, "send", K::kEmail, "POST", "/v1/communicate/email", 2,
      "A data source hook sent email \"{target}\"", C::kNone, M::kMessage, K::kDataSource,
      A::kService),
    E("email.validate", kFlComms, "send", K::kEmail, "POST", "/v1/communicate/email", 3,
      "A verification email was sent for a data source login", C::kNone, M::kMessage,
      K::kDataSource, A::kService),
    E("app.analytics.event", kFlAnalytics, "create", K::kApp, "POST", "/v1/apps/{id}/logs", 110,
      "Analytics event logged from app \"{target}\"", C::kNone, M::kAnalytics, K::kNone,
      A::kVisitor, 5),
    E("app.analytics.pageView", kFlAnalytics, "view", K::kScreen, "POST", "/v1/apps/{parent}/logs",
      230, "{actor} viewed screen \"{target}\" of app \"{parent}\"", C::kNone, M::kAnalytics,
      K::kNone, A::kVisitor, 5),
    E("app.update", kFlAnalytics, "view", K::kApp, "GET", "/v1/apps/{id}/updates", 40,
      "{actor} checked app \"{target}\" for published updates", C::kNone, M::kAnalytics),
    E("app.view", kFlAnalytics, "view", K::kScreen, "GET", "/v1/apps/{parent}/pages/{id}", 140,
      "{actor} viewed screen \"{target}\" of web app \"{parent}\"", C::kNone, M::kAnalytics,
      K::kNone, A::kVisitor, 10),
    E("dataSource.entry.create", kFlEntries, "create", K::kDataSourceEntry, "POST",
      "/v1/data-sources/{parent}/data", 90, "{actor} created an entry in data source \"{parent}\"",
      C::kEntry, M::kRequest, K::kNone, A::kUserOrApiKey),
    E("dataSource.entry.update", kFlEntries, "update", K::kDataSourceEntry, "PUT",
      "/v1/data-sources/{parent}/data/{id}", 70,
      "{actor} updated entry {target} of data source \"{parent}\"", C::kEntry, M::kRequest,
      K::kNone, A::kUserOrApiKey),
    E("dataSource.entry.delete", kFlEntries, "delete", K::kDataSourceEntry, "DELETE",
      "/v1/data-sources/{parent}/data/{id}", 12,
      "{actor} deleted entry {target} of data source \"{parent}\"", C::kNone, M::kRequest, K::kNone,
      A::kUserOrApiKey),
    E("dataSource.event", kFlEntries, "execute", K::kDataSource, "POST",
      "/v1/data-sources/{id}/events", 1, "A custom event was raised on data source \"{target}\"",
      C::kNone, M::kRequest, K::kNone, A::kUserOrApiKey),
    E("mediaFile.create", kFlEntries, "upload", K::kMediaFile, "POST", "/v1/media/files", 4,
      "{actor} uploaded {target} from an app", C::kNone, M::kFile),
    E("session.locale.updated", kFlSession, "update", K::kSelf, "PUT", "/v1/session/locale", 4,
      "{actor} switched their language to {new}", C::kValue),
};

// Dify Enterprise: operations on members, workspaces, applications,
// knowledge bases, files, API keys, member groups, system users and
// authentication configuration.
constexpr std::string_view kDfMembers = "Members";
constexpr std::string_view kDfWorkspaces = "Workspaces";
constexpr std::string_view kDfApps = "Applications";
constexpr std::string_view kDfKnowledge = "Knowledge bases";
constexpr std::string_view kDfFiles = "Files";
constexpr std::string_view kDfKeys = "API keys";
constexpr std::string_view kDfGroups = "Member groups";
constexpr std::string_view kDfSystem = "System users";
constexpr std::string_view kDfAuth = "Authentication configuration";

constexpr CatalogEntry kDify[] = {
    E("member.login", kDfMembers, "login", K::kSelf, "POST", "/console/api/login", 120,
      "{actor} logged in to workspace \"{parent}\"", C::kNone, M::kLogin, K::kNone, A::kUser, 0),
    E("member.login.failed", kDfMembers, "login", K::kSelf, "POST", "/console/api/login", 9,
      "Login to workspace \"{parent}\" failed for {actor}", C::kNone, M::kLogin, K::kNone, A::kUser,
      1000),
    E("member.create", kDfMembers, "create", K::kMember, "POST",
      "/console/api/workspaces/current/members", 2, "{actor} created member {target}", C::kRole,
      M::kRequest, K::kNone, A::kAdmin),
    E("member.invite", kDfMembers, "invite", K::kMember, "POST",
      "/console/api/workspaces/current/members/invite-email", 5,
      "{actor} invited {target} to workspace \"{parent}\"", C::kRole, M::kRequest, K::kNone,
      A::kAdmin),
    E("member.update", kDfMembers, "update", K::kMember, "PUT",
      "/console/api/workspaces/current/members/{id}/update-role", 3,
      "{actor} changed the role of {target} from {old} to {new}", C::kRole, M::kRequest, K::kNone,
      A::kAdmin),
    E("member.delete", kDfMembers, "delete", K::kMember, "DELETE",
      "/console/api/workspaces/current/members/{id}", 1, "{actor} removed member {target}",
      C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("member.enable", kDfMembers, "enable", K::kMember, "POST",
      "/console/api/enterprise/members/{id}/enable", 1, "{actor} enabled member {target}",
      C::kEnabled, M::kRequest, K::kNone, A::kAdmin),
    E("member.disable", kDfMembers, "disable", K::kMember, "POST",
      "/console/api/enterprise/members/{id}/disable", 1, "{actor} disabled member {target}",
      C::kEnabled, M::kRequest, K::kNone, A::kAdmin),
    E("member.password.update", kDfMembers, "update", K::kSelf, "POST",
      "/console/api/account/password", 2, "{actor} changed their password"),
    E("workspace.create", kDfWorkspaces, "create", K::kWorkspace, "POST",
      "/console/api/enterprise/workspaces", 1, "{actor} created workspace \"{target}\"", C::kNone,
      M::kRequest, K::kNone, A::kAdmin),
    E("workspace.update", kDfWorkspaces, "update", K::kWorkspace, "POST",
      "/console/api/workspaces/info", 1, "{actor} renamed workspace \"{old}\" to \"{new}\"",
      C::kRename, M::kRequest, K::kNone, A::kAdmin),
    E("workspace.delete", kDfWorkspaces, "delete", K::kWorkspace, "DELETE",
      "/console/api/enterprise/workspaces/{id}", 1, "{actor} deleted workspace \"{target}\"",
      C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("app.view", kDfApps, "view", K::kApp, "GET", "/console/api/apps/{id}", 110,
      "{actor} opened application \"{target}\""),
    E("app.workflow.run", kDfApps, "execute", K::kApp, "POST", "/v1/workflows/run", 130,
      "{actor} ran the workflow of application \"{target}\"", C::kNone, M::kFlow, K::kNone,
      A::kUserOrApiKey, 60),
    E("app.create", kDfApps, "create", K::kApp, "POST", "/console/api/apps", 6,
      "{actor} created application \"{target}\""),
    E("app.update", kDfApps, "update", K::kApp, "PUT", "/console/api/apps/{id}", 40,
      "{actor} modified application \"{target}\"", C::kSettings),
    E("app.update", kDfApps, "update", K::kApp, "POST", "/console/api/apps/{id}/name", 8,
      "{actor} renamed application \"{old}\" to \"{new}\"", C::kRename),
    E("app.delete", kDfApps, "delete", K::kApp, "DELETE", "/console/api/apps/{id}", 2,
      "{actor} deleted application \"{target}\""),
    E("app.publish", kDfApps, "publish", K::kApp, "POST",
      "/console/api/apps/{id}/workflows/publish", 20,
      "{actor} published version {new} of application \"{target}\"", C::kVersion),
    E("app.dsl.import", kDfApps, "import", K::kApp, "POST", "/console/api/apps/imports", 3,
      "{actor} imported the DSL of application \"{target}\"", C::kNone, M::kFile, K::kNone,
      A::kUser, 80),
    E("app.dsl.export", kDfApps, "export", K::kApp, "GET", "/console/api/apps/{id}/export", 5,
      "{actor} exported the DSL of application \"{target}\"", C::kNone, M::kExport),
    E("app.site.enable", kDfApps, "enable", K::kApp, "POST", "/console/api/apps/{id}/site-enable",
      2, "{actor} enabled the web application of \"{target}\"", C::kEnabled),
    E("app.site.disable", kDfApps, "disable", K::kApp, "POST", "/console/api/apps/{id}/site-enable",
      1, "{actor} disabled the web application of \"{target}\"", C::kEnabled),
    E("app.api.enable", kDfApps, "enable", K::kApp, "POST", "/console/api/apps/{id}/api-enable", 2,
      "{actor} enabled the backend service API of \"{target}\"", C::kEnabled),
    E("app.api.disable", kDfApps, "disable", K::kApp, "POST", "/console/api/apps/{id}/api-enable",
      1, "{actor} disabled the backend service API of \"{target}\"", C::kEnabled),
    E("app.site.access.update", kDfApps, "update", K::kApp, "POST",
      "/console/api/enterprise/webapp/app/access-mode", 2,
      "{actor} modified the web application access rights of \"{target}\"", C::kPermissions,
      M::kRequest, K::kNone, A::kAdmin),
    E("knowledge_base.create", kDfKnowledge, "create", K::kKnowledgeBase, "POST",
      "/console/api/datasets", 2, "{actor} created knowledge base \"{target}\""),
    E("knowledge_base.update", kDfKnowledge, "update", K::kKnowledgeBase, "PATCH",
      "/console/api/datasets/{id}", 6, "{actor} modified knowledge base \"{target}\"",
      C::kSettings),
    E("knowledge_base.delete", kDfKnowledge, "delete", K::kKnowledgeBase, "DELETE",
      "/console/api/datasets/{id}", 1, "{actor} deleted knowledge base \"{target}\""),
    E("knowledge_base.permission.update", kDfKnowledge, "update", K::kKnowledgeBase, "PATCH",
      "/console/api/datasets/{id}", 2,
      "{actor} modified the access rights of knowledge base \"{target}\"", C::kPermissions,
      M::kRequest, K::kNone, A::kAdmin),
    E("document.upload", kDfFiles, "upload", K::kDocument, "POST",
      "/console/api/datasets/{parent}/documents", 25, "{actor} uploaded {target} ({parent})",
      C::kNone, M::kFile, K::kNone, A::kUserOrApiKey, 40),
    E("document.delete", kDfFiles, "delete", K::kDocument, "DELETE",
      "/console/api/datasets/{parent}/documents/{id}", 3, "{actor} deleted {target} ({parent})"),
    E("document.export", kDfFiles, "export", K::kDocument, "GET",
      "/console/api/datasets/{parent}/documents/{id}/download", 4,
      "{actor} exported {target} ({parent})", C::kNone, M::kExport),
    E("api_key.create", kDfKeys, "create", K::kApiKey, "POST", "/console/api/apps/{ws}/api-keys", 2,
      "{actor} created API key \"{target}\"", C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("api_key.delete", kDfKeys, "delete", K::kApiKey, "DELETE",
      "/console/api/apps/{ws}/api-keys/{id}", 1, "{actor} deleted API key \"{target}\"", C::kNone,
      M::kRequest, K::kNone, A::kAdmin),
    E("member_group.create", kDfGroups, "create", K::kMemberGroup, "POST",
      "/console/api/enterprise/groups", 1, "{actor} created member group \"{target}\"", C::kNone,
      M::kRequest, K::kNone, A::kAdmin),
    E("member_group.config.update", kDfGroups, "update", K::kMemberGroup, "PUT",
      "/console/api/enterprise/groups/{id}/sync", 1,
      "{actor} modified the synchronization settings of member group \"{target}\"", C::kConfig,
      M::kRequest, K::kNone, A::kAdmin),
    E("member_group.member.add", kDfGroups, "update", K::kMemberGroup, "POST",
      "/console/api/enterprise/groups/{id}/members", 2,
      "{actor} added {related} to member group \"{target}\"", C::kMembers, M::kRequest, K::kMember,
      A::kAdmin),
    E("member_group.delete", kDfGroups, "delete", K::kMemberGroup, "DELETE",
      "/console/api/enterprise/groups/{id}", 1, "{actor} deleted member group \"{target}\"",
      C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("system_user.create", kDfSystem, "create", K::kSystemUser, "POST", "/admin/api/system-users",
      1, "{actor} created system user \"{target}\"", C::kNone, M::kRequest, K::kNone, A::kAdmin),
    E("system_user.login", kDfSystem, "login", K::kSystemUser, "POST", "/admin/api/login", 5,
      "{actor} logged in to the enterprise admin dashboard as \"{target}\"", C::kNone, M::kLogin,
      K::kNone, A::kAdmin, 60),
    E("system_user.password.update", kDfSystem, "update", K::kSystemUser, "POST",
      "/admin/api/system-users/{id}/password", 1,
      "{actor} modified the password of system user \"{target}\"", C::kNone, M::kRequest, K::kNone,
      A::kAdmin),
    E("system_user.2fa.bind", kDfSystem, "bind", K::kSystemUser, "POST",
      "/admin/api/system-users/{id}/2fa/bind", 1,
      "{actor} bound two-factor authentication for \"{target}\"", C::kNone, M::kRequest, K::kNone,
      A::kAdmin),
    E("system_user.2fa.enable", kDfSystem, "enable", K::kSystemUser, "POST",
      "/admin/api/system-users/{id}/2fa/enable", 1,
      "{actor} enabled two-factor authentication for \"{target}\"", C::kTwoFactor, M::kRequest,
      K::kNone, A::kAdmin),
    E("system_user.2fa.disable", kDfSystem, "disable", K::kSystemUser, "POST",
      "/admin/api/system-users/{id}/2fa/disable", 1,
      "{actor} disabled two-factor authentication for \"{target}\"", C::kTwoFactor, M::kRequest,
      K::kNone, A::kAdmin),
    E("system_user.backup_code.generate", kDfSystem, "create", K::kSystemUser, "POST",
      "/admin/api/system-users/{id}/2fa/backup-codes", 1,
      "{actor} generated backup codes for \"{target}\"", C::kNone, M::kRequest, K::kNone,
      A::kAdmin),
    E("auth_config.update", kDfAuth, "update", K::kAuthConfig, "PUT",
      "/admin/api/auth-configs/{id}", 1,
      "{actor} modified authentication configuration \"{target}\"", C::kConfig, M::kRequest,
      K::kNone, A::kAdmin),
};

constexpr std::string_view kLowcoderRoles[] = {"owner", "admin", "developer", "member"};
constexpr std::string_view kToolJetRoles[] = {"owner", "admin", "builder", "end-user"};
constexpr std::string_view kAppmixerRoles[] = {"owner", "admin", "tester", "user"};
constexpr std::string_view kFlipletRoles[] = {"owner", "admin", "editor", "viewer"};
constexpr std::string_view kDifyRoles[] = {"owner", "admin", "editor", "normal"};

constexpr FieldHabits kHabits[kFlavourCount] = {
    // user_agent, session_id, request_id, duration, user_actor_type,
    // actor_status, production_environment, success_status
    {true, true, false, true, false, true, true, true},       // Lowcoder
    {true, false, false, true, true, true, true, true},       // ToolJet
    {false, false, true, false, false, false, false, false},  // Appmixer
    {true, true, false, false, true, false, false, false},    // Fliplet
    {false, false, true, true, true, true, false, true},      // Dify
};

}  // namespace

const FieldHabits& FieldHabitsOf(Flavour f) { return kHabits[static_cast<size_t>(f)]; }

std::string_view FlavourName(Flavour f) {
  switch (f) {
    case Flavour::kLowcoder:
      return "lowcoder";
    case Flavour::kToolJet:
      return "tooljet";
    case Flavour::kAppmixer:
      return "appmixer";
    case Flavour::kFliplet:
      return "fliplet";
    case Flavour::kDify:
      return "dify";
  }
  return "";
}

std::span<const CatalogEntry> CatalogOf(Flavour f) {
  switch (f) {
    case Flavour::kLowcoder:
      return kLowcoder;
    case Flavour::kToolJet:
      return kToolJet;
    case Flavour::kAppmixer:
      return kAppmixer;
    case Flavour::kFliplet:
      return kFliplet;
    case Flavour::kDify:
      return kDify;
  }
  assert(false);
  return {};
}

std::span<const std::string_view> RolesOf(Flavour f) {
  switch (f) {
    case Flavour::kLowcoder:
      return kLowcoderRoles;
    case Flavour::kToolJet:
      return kToolJetRoles;
    case Flavour::kAppmixer:
      return kAppmixerRoles;
    case Flavour::kFliplet:
      return kFlipletRoles;
    case Flavour::kDify:
      return kDifyRoles;
  }
  assert(false);
  return {};
}

std::string_view ServiceNameOf(Flavour f) {
  switch (f) {
    case Flavour::kLowcoder:
      return "lowcoder-api-service";
    case Flavour::kToolJet:
      return "tooljet-worker";
    case Flavour::kAppmixer:
      return "appmixer-engine";
    case Flavour::kFliplet:
      return "fliplet-communicate";
    case Flavour::kDify:
      return "dify-worker";
  }
  return "";
}

}  // namespace vigil::gen
