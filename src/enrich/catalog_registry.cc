#include "enrich/catalog_registry.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace vigil::enrich {

struct CatalogRegistry::State {
  struct Entry {
    std::string shipped;  // the shipped catalog's name, or empty for a custom one
    std::shared_ptr<const EventCatalog> catalog;
    bool strict = false;
  };
  std::map<std::string, Entry, std::less<>> tenants;
};

namespace {

std::string Join(const std::string& dir, std::string_view name) {
  return dir + "/" + std::string(name);
}

Status ErrnoStatus(std::string_view what, const std::string& path) {
  return Status::IOError(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

Status FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : ErrnoStatus("cannot fsync", path);
}

// Replaces path with text: written aside, fsynced, renamed, the directory fsynced.
Status WriteFileAtomically(const std::string& dir, std::string_view name, std::string_view text) {
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return ErrnoStatus("cannot create", dir);
  const std::string path = Join(dir, name);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return ErrnoStatus("cannot write", tmp);
  }
  RETURN_IF_ERROR(FsyncPath(tmp, O_RDONLY));
  if (::rename(tmp.c_str(), path.c_str()) != 0) return ErrnoStatus("cannot rename", tmp);
  return FsyncPath(dir, O_RDONLY | O_DIRECTORY);
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A tenant name as a file name: tenants are letters, digits and . _ : @ -
// (core's rule), so only a leading '.' and ':' need care.
std::string TenantFile(std::string_view tenant) {
  std::string out;
  for (char c : tenant) out += c == ':' ? std::string("%3A") : std::string(1, c);
  if (!out.empty() && out[0] == '.') out = "%2E" + out.substr(1);
  return out + ".json";
}

Result<std::shared_ptr<const EventCatalog>> LoadShipped(std::string_view name) {
  ASSIGN_OR_RETURN(EventCatalog c, EventCatalog::Shipped(name));
  return std::make_shared<const EventCatalog>(std::move(c));
}

constexpr std::string_view kTenantsFile = "tenants.json";

}  // namespace

Result<std::unique_ptr<CatalogRegistry>> CatalogRegistry::InMemory(
    std::string_view default_catalog) {
  std::unique_ptr<CatalogRegistry> r(new CatalogRegistry());
  Result<std::shared_ptr<const EventCatalog>> d = LoadShipped(default_catalog);
  if (!d.ok()) return d.status().WithPrefix("catalog");
  r->default_ = std::move(d).value();
  r->state_ = std::make_shared<const State>();
  return r;
}

Result<std::unique_ptr<CatalogRegistry>> CatalogRegistry::Open(const std::string& data_dir,
                                                               std::string_view default_catalog) {
  ASSIGN_OR_RETURN(std::unique_ptr<CatalogRegistry> r, InMemory(default_catalog));
  r->dir_ = Join(data_dir, "catalog");
  const std::string path = Join(r->dir_, kTenantsFile);
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return r;  // no settings yet
  auto state = std::make_shared<State>();
  const nlohmann::json doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Status::Corruption(path + ": not a JSON object");
  for (const auto& [tenant, v] : doc.items()) {
    State::Entry e;
    const std::string where = fmt::format("{}: tenant '{}'", path, tenant);
    if (!v.is_object() || !v.value("strict", nlohmann::json(false)).is_boolean()) {
      return Status::Corruption(where + ": expected {\"catalog\"|\"custom\", \"strict\"}");
    }
    e.strict = v.value("strict", false);
    if (v.contains("catalog") && v["catalog"].is_string()) {
      e.shipped = v["catalog"].get<std::string>();
      Result<std::shared_ptr<const EventCatalog>> c = LoadShipped(e.shipped);
      if (!c.ok()) return c.status().WithPrefix(where);
      e.catalog = std::move(c).value();
    } else if (v.value("custom", false)) {
      const std::string file = Join(r->dir_, TenantFile(tenant));
      ASSIGN_OR_RETURN(std::string json, ReadFile(file));
      Result<EventCatalog> c = EventCatalog::FromJson(json, file);
      if (!c.ok()) return Status::Corruption(c.status().message());
      e.catalog = std::make_shared<const EventCatalog>(std::move(c).value());
    } else {
      return Status::Corruption(where + ": names neither a catalog nor a custom one");
    }
    state->tenants.emplace(tenant, std::move(e));
  }
  r->configured_.store(!state->tenants.empty(), std::memory_order_release);
  r->state_ = std::move(state);
  return r;
}

TenantCatalog CatalogRegistry::ForTenant(std::string_view tenant) const {
  // The default catalog lives as long as the registry: handed out without
  // touching its reference count, which every ingest thread would contend on.
  const TenantCatalog on_default{
      std::shared_ptr<const EventCatalog>(std::shared_ptr<const EventCatalog>(), default_.get()),
      false, false};
  if (!configured_.load(std::memory_order_acquire)) return on_default;
  std::shared_ptr<const State> s;
  {
    std::lock_guard lock(mu_);
    s = state_;
  }
  auto it = s->tenants.find(tenant);
  if (it == s->tenants.end()) return on_default;
  return {it->second.catalog, it->second.strict, it->second.shipped.empty()};
}

Result<TenantCatalog> CatalogRegistry::Set(std::string_view tenant, TenantCatalogChange change) {
  if (change.shipped && change.custom) {
    return Status::InvalidArgument(
        "catalog: give a shipped catalog's name or a definition, not both");
  }
  std::lock_guard write(write_mu_);
  std::shared_ptr<const State> current;
  {
    std::lock_guard lock(mu_);
    current = state_;
  }
  auto next = std::make_shared<State>(*current);
  State::Entry& e = next->tenants[std::string(tenant)];
  if (e.catalog == nullptr) {  // new: from the default
    e.catalog = default_;
    e.shipped = default_->name();
  }
  if (change.shipped) {
    Result<std::shared_ptr<const EventCatalog>> c = LoadShipped(*change.shipped);
    if (!c.ok()) return Status::InvalidArgument("catalog: " + c.status().message());
    e.catalog = std::move(c).value();
    e.shipped = *change.shipped;
  }
  if (change.custom) {
    e.catalog = std::make_shared<const EventCatalog>(std::move(*change.custom));
    e.shipped.clear();
  }
  if (change.strict) e.strict = *change.strict;
  RETURN_IF_ERROR(Persist(tenant, *next));
  TenantCatalog result{e.catalog, e.strict, e.shipped.empty()};
  {
    std::lock_guard lock(mu_);
    state_ = std::move(next);
  }
  configured_.store(true, std::memory_order_release);
  return result;
}

std::map<std::string, std::string> CatalogRegistry::Export() const {
  std::shared_ptr<const State> s;
  {
    std::lock_guard lock(mu_);
    s = state_;
  }
  std::map<std::string, std::string> out;
  for (const auto& [tenant, e] : s->tenants) {
    nlohmann::json v = {{"strict", e.strict}};
    if (e.shipped.empty()) {
      v["custom"] = nlohmann::json::parse(e.catalog->ToJson());
    } else {
      v["catalog"] = e.shipped;
    }
    out.emplace(tenant, v.dump());
  }
  return out;
}

Status CatalogRegistry::Apply(std::string_view tenant, std::string_view settings) {
  const std::string where = fmt::format("settings of tenant '{}'", tenant);
  const nlohmann::json v = nlohmann::json::parse(settings, nullptr, /*allow_exceptions=*/false);
  if (!v.is_object() || !v.contains("strict") || !v["strict"].is_boolean() ||
      v.contains("catalog") == v.contains("custom") ||
      (v.contains("catalog") && !v["catalog"].is_string()) ||
      (v.contains("custom") && !v["custom"].is_object())) {
    return Status::InvalidArgument(
        where +
        ": expected {\"strict\": true|false} with \"catalog\": \"<name>\" or "
        "\"custom\": {<catalog>}");
  }
  TenantCatalogChange change;
  change.strict = v["strict"].get<bool>();
  if (v.contains("catalog")) {
    change.shipped = v["catalog"].get<std::string>();
  } else {
    Result<EventCatalog> c = EventCatalog::FromJson(v["custom"].dump(), where);
    if (!c.ok()) return Status::InvalidArgument(c.status().message());
    change.custom = std::move(c).value();
  }
  return Set(tenant, std::move(change)).status().WithPrefix(where);
}

Status CatalogRegistry::Persist(std::string_view tenant, const State& next) const {
  if (dir_.empty()) return Status::Ok();
  const State::Entry& e = next.tenants.find(tenant)->second;
  // The custom catalog first: tenants.json must never name a file not yet there.
  if (e.shipped.empty()) {
    RETURN_IF_ERROR(WriteFileAtomically(dir_, TenantFile(tenant), e.catalog->ToJson()));
  }
  nlohmann::json doc = nlohmann::json::object();
  for (const auto& [name, entry] : next.tenants) {
    nlohmann::json v = {{"strict", entry.strict}};
    if (entry.shipped.empty()) {
      v["custom"] = true;
    } else {
      v["catalog"] = entry.shipped;
    }
    doc[name] = std::move(v);
  }
  return WriteFileAtomically(dir_, kTenantsFile, doc.dump(2) + "\n");
}

}  // namespace vigil::enrich
