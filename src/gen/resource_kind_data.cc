// Names of the resources tenants create, by kind. Plausible, varied and free
// of quotes and backslashes (descriptions quote them).
#include <array>
#include <cassert>

#include "gen/resource_kind.h"

namespace vigil::gen {
namespace {

constexpr std::string_view kServers[] = {"api-0",           "api-1",           "api-2",
                                         "node-eu-west-1a", "node-us-east-1b", "worker-0"};

constexpr std::string_view kApps[] = {
    "Sales dashboard",     "Customer onboarding",    "Inventory tracker",  "Support ticket triage",
    "Expense approvals",   "HR leave requests",      "Order management",   "Marketing calendar",
    "Field service app",   "Vendor portal",          "Churn analysis",     "Fleet maintenance",
    "Warehouse picking",   "Invoice reconciliation", "Employee directory", "Incident response",
    "Lead scoring",        "Contract tracker",       "Event check-in",     "Product catalog admin",
    "Payroll review",      "Clinic scheduling",      "Asset register",     "Partner onboarding",
    "Quality inspections", "Refund console",         "KPI board",          "Subscription manager",
    "Feedback inbox",      "Release checklist"};

constexpr std::string_view kFolders[] = {"Finance",        "Operations", "Sales",
                                         "Archive",        "Prototypes", "Customer success",
                                         "Internal tools", "Marketing",  "HR"};

constexpr std::string_view kQueries[] = {
    "getOrders",         "listCustomers",  "updateTicketStatus", "insertExpense",
    "fetchInventory",    "deleteDraft",    "searchProducts",     "getInvoiceById",
    "syncStripeCharges", "approveRequest", "countOpenTickets",   "loadDashboardKpis",
    "listEmployees",     "upsertContact",  "getShipmentStatus",  "refreshCache",
    "exportMonthly",     "getUserProfile", "listAuditTrail",     "rejectRequest"};

constexpr std::string_view kLibraryQueries[] = {
    "Shared: active customers", "Shared: revenue by month", "Shared: open tickets",
    "Shared: employee lookup",  "Shared: stock levels",     "Shared: currency rates",
    "Shared: holiday calendar", "Shared: SLA breaches"};

constexpr std::string_view kGroups[] = {
    "Admins",  "Developers",  "Support team", "Finance reviewers", "Sales",
    "Viewers", "Contractors", "Data team",    "Managers"};

constexpr std::string_view kDataSources[] = {"Orders DB (PostgreSQL)",
                                             "CRM (Salesforce)",
                                             "Stripe API",
                                             "Analytics (BigQuery)",
                                             "Tickets (MySQL)",
                                             "Google Sheets: Budget",
                                             "REST: Shipping API",
                                             "MongoDB: events",
                                             "Snowflake warehouse",
                                             "Airtable: Content",
                                             "Redis cache",
                                             "S3: exports",
                                             "Employees",
                                             "Contacts",
                                             "Inventory",
                                             "Bookings"};

constexpr std::string_view kFlows[] = {"Sync HubSpot contacts to Sheets",
                                       "Slack alert on new Stripe charge",
                                       "Daily sales digest email",
                                       "Create Jira issue from Zendesk ticket",
                                       "Backup Airtable to S3",
                                       "Onboard new employee",
                                       "Lead enrichment with Clearbit",
                                       "Invoice PDF to Google Drive",
                                       "Weekly churn report",
                                       "Typeform to Salesforce",
                                       "GitHub release notes to Slack",
                                       "Shopify order to NetSuite",
                                       "Calendar booking reminders",
                                       "Escalate overdue tickets",
                                       "Mailchimp audience sync",
                                       "Twilio SMS on failed payment"};

constexpr std::string_view kTemplates[] = {
    "CRM contact sync",   "Slack notifier", "E-commerce order pipeline", "Lead router",
    "Support escalation", "Data backup",    "Invoice automation",        "Employee onboarding kit"};

constexpr std::string_view kConnectors[] = {
    "appmixer.slack",      "appmixer.google.gmail", "appmixer.google.sheets",
    "appmixer.salesforce", "appmixer.hubspot",      "appmixer.stripe",
    "appmixer.jira",       "appmixer.zendesk",      "appmixer.twilio",
    "appmixer.airtable",   "appmixer.github",       "appmixer.shopify",
    "appmixer.mailchimp",  "appmixer.aws.s3",       "appmixer.microsoft.teams",
    "appmixer.utils.http", "appmixer.utils.timers", "appmixer.openai"};

constexpr std::string_view kConfigurations[] = {
    "APPMIXER_SMTP_HOST", "APPMIXER_MAX_FLOWS", "webhook.timeout",    "storage.retention_days",
    "auth.session_ttl",   "ui.branding.logo",   "engine.concurrency", "connector.rate_limit"};

constexpr std::string_view kAclRules[] = {"components: appmixer.utils.*",
                                          "components: appmixer.slack.*", "routes: /flows/*",
                                          "routes: /apps/*", "components: appmixer.salesforce.*"};

constexpr std::string_view kComponents[] = {"appmixer.slack.list.SendChannelMessage",
                                            "appmixer.google.gmail.SendEmail",
                                            "appmixer.utils.http.Webhook",
                                            "appmixer.utils.timers.Scheduler",
                                            "appmixer.salesforce.crm.CreateLead",
                                            "appmixer.stripe.payments.NewCharge",
                                            "appmixer.utils.controls.Condition",
                                            "appmixer.openai.chat.SendPrompt"};

constexpr std::string_view kScreens[] = {"Home",      "Login",         "Dashboard", "Settings",
                                         "Directory", "Profile",       "News feed", "Events",
                                         "Documents", "Contact us",    "Checkout",  "Onboarding",
                                         "FAQ",       "Notifications", "Search",    "Map"};

constexpr std::string_view kScreenComponents[] = {
    "Form",  "Data directory", "Chart",     "Button",     "Image gallery",
    "List",  "Login",          "Chat",      "Video",      "Map",
    "Table", "Text",           "Accordion", "Search bar", "Calendar"};

constexpr std::string_view kAddOns[] = {"Push notifications", "Offline sync", "Analytics",
                                        "Single sign-on",     "App theme",    "Multi-language",
                                        "Geolocation"};

constexpr std::string_view kMediaFiles[] = {
    "logo.png",          "hero-banner.jpg",  "Q3-report.pdf",   "employee-handbook.pdf",
    "product-sheet.pdf", "team-photo.jpg",   "intro-video.mp4", "price-list.xlsx",
    "icon-192.png",      "brand-guide.pdf",  "floor-plan.png",  "terms-2024.docx",
    "onboarding.pptx",   "podcast-ep12.mp3", "menu.pdf",        "avatar-default.svg"};

constexpr std::string_view kMediaFolders[] = {"Images",   "Documents", "Videos",
                                              "Branding", "Uploads",   "Archive"};

constexpr std::string_view kApiTokens[] = {"Integration token", "Data sync token",
                                           "Reporting token", "Kiosk token", "Webhook token"};

constexpr std::string_view kBuilds[] = {"iOS build 1.4.2 (142)", "Android build 1.4.2 (142)",
                                        "iOS build 1.5.0 (150)", "Android build 1.5.0 (151)",
                                        "iOS build 2.0.0 (200)", "Android build 2.0.1 (203)"};

constexpr std::string_view kPushNotifications[] = {"Weekly digest",         "Event reminder",
                                                   "New article published", "Shift change",
                                                   "Survey invitation",     "Maintenance window"};

constexpr std::string_view kEmails[] = {"Your verification code",
                                        "Welcome to the team",
                                        "Password reset",
                                        "Weekly report",
                                        "Your booking is confirmed",
                                        "New form submission",
                                        "Invoice available",
                                        "Action required: approve request"};

constexpr std::string_view kSms[] = {"Login code", "Booking reminder", "Verification code"};

constexpr std::string_view kKnowledgeBases[] = {
    "Product FAQ",     "HR policies",    "Support macros", "Engineering wiki",
    "Legal templates", "Sales playbook", "TestDataSet",    "Onboarding guides"};

constexpr std::string_view kDocuments[] = {
    "employee-handbook.pdf",  "test.doc",           "pricing-2024.xlsx",
    "refund-policy.md",       "api-reference.html", "security-whitepaper.pdf",
    "release-notes.md",       "travel-policy.docx", "faq-export.csv",
    "contract-template.docx", "product-specs.pdf",  "onboarding.txt"};

constexpr std::string_view kApiKeys[] = {"CI pipeline",         "Zapier integration",
                                         "Data warehouse sync", "Terraform provider",
                                         "Backoffice script",   "Mobile backend"};

constexpr std::string_view kMemberGroups[] = {"All staff", "Engineering (SCIM)", "Sales (SCIM)",
                                              "Contractors", "Leadership"};

constexpr std::string_view kSystemUsers[] = {"root admin", "security officer", "it-ops"};

constexpr std::string_view kAuthConfigs[] = {"SAML SSO (Okta)", "OIDC (Azure AD)",
                                             "Password policy", "Google Workspace login"};

constexpr std::array<ResourceKindInfo, static_cast<size_t>(ResourceKind::kCount)> kInfos = {{
    {"", {}, 0},                                                         // kNone
    {"user", {}, 0},                                                     // kSelf
    {"user", {}, 0},                                                     // kMember
    {"organization", {}, 0},                                             // kOrganization
    {"workspace", {}, 0},                                                // kWorkspace
    {"session", {}, 0},                                                  // kSession
    {"server", kServers, 3},                                             // kServer
    {"application", kApps, 14},                                          // kApp
    {"folder", kFolders, 5},                                             // kFolder
    {"query", kQueries, 40, ResourceKind::kApp},                         // kQuery
    {"library_query", kLibraryQueries, 6},                               // kLibraryQuery
    {"group", kGroups, 6},                                               // kGroup
    {"data_source", kDataSources, 8},                                    // kDataSource
    {"flow", kFlows, 18},                                                // kFlow
    {"integration_template", kTemplates, 5},                             // kTemplate
    {"connector", kConnectors, 14},                                      // kConnector
    {"configuration", kConfigurations, 8},                               // kConfiguration
    {"acl_rule", kAclRules, 4},                                          // kAclRule
    {"component", kComponents, 8},                                       // kComponent
    {"screen", kScreens, 40, ResourceKind::kApp},                        // kScreen
    {"screen_component", kScreenComponents, 90, ResourceKind::kScreen},  // kScreenComponent
    {"app_add_on", kAddOns, 6, ResourceKind::kApp},                      // kAddOn
    {"media_file", kMediaFiles, 40, ResourceKind::kMediaFolder},         // kMediaFile
    {"media_folder", kMediaFolders, 6},                                  // kMediaFolder
    {"data_source_entry", {}, 600, ResourceKind::kDataSource},           // kDataSourceEntry
    {"api_token", kApiTokens, 4, ResourceKind::kApp},                    // kApiToken
    {"app_build", kBuilds, 6, ResourceKind::kApp},                       // kBuild
    {"push_notification", kPushNotifications, 6, ResourceKind::kApp},    // kPushNotification
    {"email", kEmails, 8},                                               // kEmail
    {"sms", kSms, 3},                                                    // kSms
    {"knowledge_base", kKnowledgeBases, 6},                              // kKnowledgeBase
    {"document", kDocuments, 30, ResourceKind::kKnowledgeBase},          // kDocument
    {"api_key", kApiKeys, 3},                                            // kApiKey
    {"member_group", kMemberGroups, 4},                                  // kMemberGroup
    {"system_user", kSystemUsers, 2},                                    // kSystemUser
    {"auth_configuration", kAuthConfigs, 3},                             // kAuthConfig
}};

}  // namespace

const ResourceKindInfo& InfoOf(ResourceKind k) {
  assert(k < ResourceKind::kCount);
  return kInfos[static_cast<size_t>(k)];
}

}  // namespace vigil::gen
