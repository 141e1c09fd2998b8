#include "store/segment/segment_test_util.h"

#include <stdlib.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "core/event_fields.h"
#include "store/fs/file_system.h"

namespace vigil::segment_test {

TempDir::TempDir() {
  const char* base = std::getenv("VIGIL_TEST_TMPDIR");
  std::string root = base != nullptr && *base != '\0' ? base : "/tmp";
  std::filesystem::create_directories(root);
  std::string tmpl = root + "/segment-test-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed in " + root);
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::File(std::string_view name) const { return JoinPath(path_, name); }

namespace {

std::string Pick(std::mt19937_64& rng, const std::vector<std::string>& from) {
  return from[rng() % from.size()];
}

std::string HexId(std::mt19937_64& rng, size_t len) {
  static constexpr char kChars[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string s(len, '0');
  for (char& c : s) c = kChars[rng() % 32];
  return s;
}

}  // namespace

std::vector<Event> MakeVariedEvents(size_t rows, uint64_t first_seq) {
  std::vector<Event> out;

  Event full;
  full.id = "01HZX3K5V8Q2M4N6P8R0S2T4V6";
  full.time_ms = 1'717'000'000'123;
  full.tenant = "acme";
  full.environment = "production";
  full.workspace = {"ws_1", "Ünïcødé workspace ☃"};
  full.action = "document.shared";
  full.category = "sharing";
  full.operation = "update";
  full.status = EventStatus::kError;
  full.actor = {"u_1", "Zoë \"Z\" O'Brien", "zoe@example.com", "user", "admin", "active"};
  full.target = {"document", "doc_9", "Q3 plan\nline two\ttab", {"folder", "f_1", "Plans 📁"}};
  full.resources = {{"file", "f_2", "a.pdf"}, {"link", "l_1", ""}, {"", "", "only name"}};
  full.context = {"2001:db8::1", "Mozilla/5.0 (X11; Linux x86_64)",
                  "POST",        "/api/v1/docs/9/share",
                  12.5,          "req_1",
                  "sess_1"};
  full.description = std::string("nul") + '\0' + "byte, \"quotes\", \\backslash\\, \r\n crlf";
  full.changes_json = R"({"after":{"shared":true},"before":{"shared":false}})";
  full.metadata_json = R"({"k":"v","n":[1,2,3]})";
  full.received_at_ms = 1'717'000'000'456;
  full.geo = {"DE", "Berlin", "Berlin", 52.52, 13.405, ""};
  full.ua = {"Firefox", "128.0", "Ubuntu", "", "desktop", "", "", "Gecko", ""};
  full.diff_json = R"([{"after":true,"before":false,"op":"changed","path":"shared"}])";
  out.push_back(full);

  Event minimal;  // only what the parser requires
  minimal.id = "e2";
  minimal.tenant = "acme";
  minimal.action = "user.login";
  out.push_back(minimal);

  Event zeros = minimal;  // present zeros are not absent values
  zeros.id = "e3";
  zeros.context.duration_ms = 0.0;
  zeros.geo.lat = -0.0;
  zeros.geo.lon = 0.0;
  zeros.resources = {{}};  // one empty resource is not no resources
  out.push_back(zeros);

  Event extremes = minimal;
  extremes.id = "e4";
  extremes.tenant = "zeta";
  extremes.time_ms = INT64_MIN;
  extremes.received_at_ms = INT64_MAX;
  extremes.context.duration_ms = 1e12;
  extremes.geo.lat = -90.0;
  extremes.geo.lon = 180.0;
  extremes.description = std::string(5000, 'x');
  out.push_back(extremes);

  Event negative = minimal;
  negative.id = "e5";
  negative.tenant = "beta";
  negative.time_ms = -1;
  negative.received_at_ms = 0;
  negative.context.duration_ms = 1e-300;
  out.push_back(negative);

  std::mt19937_64 rng(42);
  const std::vector<std::string> tenants = {"acme", "beta", "gamma"};
  const std::vector<std::string> actions = {"user.login",      "user.logout",   "document.create",
                                            "document.delete", "role.assign",   "billing.charge",
                                            "api_key.rotate",  "project.rename"};
  int64_t t = 1'717'000'000'000;
  for (size_t i = 0; i < rows; ++i) {
    Event e;
    e.id = HexId(rng, 26);          // high cardinality: plain
    e.tenant = Pick(rng, tenants);  // low cardinality: dictionary
    e.action = Pick(rng, actions);
    e.environment = i % 3 == 0 ? "" : "prod";
    t += static_cast<int64_t>(rng() % 100) - 10;  // nearly sorted
    e.time_ms = t;
    e.received_at_ms = t + static_cast<int64_t>(rng() % 50);
    e.status = rng() % 10 == 0 ? EventStatus::kError : EventStatus::kSuccess;
    e.actor.id = "u_" + std::to_string(rng() % 50);
    e.actor.email = e.actor.id + "@exämple.com";
    e.context.request_id = HexId(rng, 16);
    if (rng() % 2) e.context.duration_ms = static_cast<double>(rng() % 100000) / 7.0;
    if (rng() % 3) {
      e.geo.lat = static_cast<double>(rng() % 180) - 90.0 + 0.25;
      e.geo.lon = static_cast<double>(rng() % 360) - 180.0 + 0.5;
    }
    const size_t n = rng() % 4;
    for (size_t k = 0; k < n; ++k) {
      e.resources.push_back({"file", "f_" + std::to_string(rng() % 1000), k == 0 ? "x\"y" : ""});
    }
    if (rng() % 5 == 0) e.description = "line one\nline \"two\" — ✓";
    if (i % 4 != 0) {  // enrichment (by row, so that the draws above stay as they were)
      e.ua.browser = i % 3 == 0 ? "Chrome" : "Mobile Safari";
      e.ua.browser_version = std::to_string(100 + i % 30) + ".0";
      e.ua.device_class = i % 3 == 0 ? "desktop" : "mobile";
    }
    if (i % 7 == 0) e.geo.label = "private";
    out.push_back(e);
  }
  for (size_t i = 0; i < out.size(); ++i) out[i].seq = first_seq + i;
  return out;
}

std::vector<Event> MakeRealisticEvents(size_t rows, uint64_t seed, uint64_t first_seq) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> tenants;
  for (int i = 0; i < 20; ++i) tenants.push_back("tenant_" + HexId(rng, 8));
  const std::vector<std::string> actions = {
      "user.login",       "user.logout",     "user.password_changed", "user.mfa_enabled",
      "document.created", "document.viewed", "document.updated",      "document.deleted",
      "document.shared",  "project.created", "project.archived",      "role.assigned",
      "role.revoked",     "api_key.created", "api_key.revoked",       "billing.invoice_paid",
      "settings.updated", "member.invited",  "member.removed",        "export.started"};
  const std::vector<std::string> user_agents = {
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one string, split
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/125.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
      "Version/17.5 Safari/605.1.15",
      "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
      "curl/8.5.0",
      "python-requests/2.32.3",
      "vigil-go/1.4.0"};
  const std::vector<std::string> countries = {"US", "DE", "GB", "FR", "IN", "BR", "JP", "CA"};
  const std::vector<std::string> methods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  struct ActorInfo {
    std::string id, name, email, role;
  };
  std::vector<ActorInfo> actors;
  for (int i = 0; i < 1000; ++i) {
    std::string name = "user" + std::to_string(i);
    actors.push_back({"usr_" + HexId(rng, 12), "User " + std::to_string(i),
                      name + "@company" + std::to_string(i % 40) + ".com",
                      i % 10 == 0 ? "admin" : "member"});
  }

  std::vector<Event> out(rows);
  int64_t t = 1'717'000'000'000;
  for (size_t i = 0; i < rows; ++i) {
    Event& e = out[i];
    e.seq = first_seq + i;
    e.id = "01J" + HexId(rng, 23);
    t += static_cast<int64_t>(rng() % 20);
    e.time_ms = t - static_cast<int64_t>(rng() % 500);  // clients send slightly late
    e.received_at_ms = t + static_cast<int64_t>(rng() % 5);
    e.tenant = tenants[std::min<size_t>(rng() % 32, 19)];  // skewed toward the last tenant
    e.environment = rng() % 4 ? "production" : "staging";
    const std::string& action = Pick(rng, actions);
    e.action = action;
    e.category = action.substr(0, action.find('.'));
    e.operation = rng() % 3 ? "update" : "create";
    e.status = rng() % 20 == 0 ? EventStatus::kError : EventStatus::kSuccess;
    const ActorInfo& a = actors[rng() % actors.size()];
    e.actor = {a.id, a.name, a.email, "user", a.role, "active"};
    e.workspace = {"ws_" + std::to_string(rng() % 200), ""};
    e.target.type = e.category;
    e.target.id = e.category + "_" + HexId(rng, 10);
    if (rng() % 2) e.target.name = "Quarterly report " + std::to_string(rng() % 5000);
    const size_t n_res = rng() % 4;
    for (size_t k = 0; k < n_res; ++k) {
      e.resources.push_back({"file", "file_" + HexId(rng, 10), ""});
    }
    e.context.ip = std::to_string(rng() % 223 + 1) + "." + std::to_string(rng() % 256) + "." +
                   std::to_string(rng() % 256) + "." + std::to_string(rng() % 256);
    e.context.user_agent = Pick(rng, user_agents);
    e.context.method = Pick(rng, methods);
    e.context.path = "/api/v1/" + e.category + "s/" + e.target.id;
    if (rng() % 5) e.context.duration_ms = std::round(static_cast<double>(rng() % 200000)) / 100.0;
    e.context.request_id = "req_" + HexId(rng, 20);
    e.context.session_id = "sess_" + std::to_string(rng() % 5000);
    if (rng() % 10 == 0) e.description = "Changed settings of " + e.target.id;
    if (rng() % 4 == 0) {
      e.changes_json = R"({"after":{"role":"admin"},"before":{"role":"member"}})";
    }
    e.metadata_json = R"({"plan":"enterprise","region":"eu-west-1"})";
    if (rng() % 10 < 8) {
      e.geo.country = Pick(rng, countries);
      e.geo.city = "City " + std::to_string(rng() % 300);
      // As parsed from JSON or a GeoIP database: short decimals.
      e.geo.lat = static_cast<double>(static_cast<int64_t>(rng() % 18000) - 9000) / 100.0;
      e.geo.lon = static_cast<double>(static_cast<int64_t>(rng() % 36000) - 18000) / 100.0;
    }
  }
  return out;
}

Event Project(const Event& e, const ColumnSet& columns) {
  Event p;
  if (columns.Contains(SegmentColumn::kSeq)) p.seq = e.seq;
  if (columns.Contains(SegmentColumn::kTime)) p.time_ms = e.time_ms;
  if (columns.Contains(SegmentColumn::kReceivedAt)) p.received_at_ms = e.received_at_ms;
  if (columns.Contains(SegmentColumn::kStatus)) p.status = e.status;
  if (columns.Contains(SegmentColumn::kDurationMs)) p.context.duration_ms = e.context.duration_ms;
  if (columns.Contains(SegmentColumn::kGeoLat)) p.geo.lat = e.geo.lat;
  if (columns.Contains(SegmentColumn::kGeoLon)) p.geo.lon = e.geo.lon;
  if (columns.Contains(SegmentColumn::kResources)) p.resources = e.resources;
  for (const StringFieldInfo& f : AllStringFields()) {
    if (columns.Contains(ColumnForStringField(f.field))) {
      MutableField(&p, f.field)->assign(GetField(e, f.field));
    }
  }
  return p;
}

std::string ReadBytes(const std::string& path) {
  Result<std::string> r = DefaultFileSystem()->ReadFile(path);
  if (!r.ok()) throw std::runtime_error(r.status().ToString());
  return std::move(r).value();
}

void WriteBytes(const std::string& path, std::string_view bytes) {
  Result<std::unique_ptr<WritableFile>> f = DefaultFileSystem()->OpenWritable(path, true);
  if (!f.ok()) throw std::runtime_error(f.status().ToString());
  Status s = (*f)->Append(bytes);
  if (s.ok()) s = (*f)->Close();
  if (!s.ok()) throw std::runtime_error(s.ToString());
}

}  // namespace vigil::segment_test
