// vigil keys create|list|revoke: API keys, offline on the data directory.
//
// Takes the data directory's lock (DIR/LOCK, as the embedded store does), so
// it refuses to run while a server has the directory open: a running server
// keeps its keys in memory and would not see the change.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "api/auth/api_key_store.h"
#include "api/auth/binding_rules.h"
#include "api/auth/scopes.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "core/timestamp.h"
#include "store/engine/data_dir.h"

namespace vigil::cli {
namespace {

using api::ApiKey;
using api::ApiKeyStore;

struct KeysCreateArgs {
  std::string name;
  std::string scopes;
  std::string tenant;
  std::string environments;
  bool json = false;
};

struct KeysListArgs {
  bool json = false;
};

struct KeysRevokeArgs {
  std::string id;
};

// Locks the data directory (see data_dir.h for the FORMAT and LOCK files).
// Only `keys create` may create the directory, the way ingest does.
Result<std::unique_ptr<FileLock>> LockDataDir(FileSystem* fs, const std::string& dir, bool create) {
  if (!fs->Exists(JoinPath(dir, "FORMAT"))) {
    if (!create) {
      return Status::NotFound(
          fmt::format("{} is not a vigil data directory (no FORMAT file); `vigil keys create` "
                      "or ingesting events creates one",
                      dir));
    }
    return DataDir(fs, dir).Prepare(/*create_if_missing=*/true);
  }
  Result<std::unique_ptr<FileLock>> lock = fs->Lock(JoinPath(dir, "LOCK"));
  if (!lock.ok() && lock.status().code() == StatusCode::kFailedPrecondition) {
    return Status::FailedPrecondition(fmt::format(
        "{} is in use by another vigil process (is the server running?); while `vigil serve` "
        "runs, manage keys through its /v1/keys API",
        dir));
  }
  return lock;
}

Result<std::unique_ptr<ApiKeyStore>> OpenKeys(const GlobalOptions& global, bool create,
                                              std::unique_ptr<FileLock>* lock) {
  FileSystem* fs = DefaultFileSystem();
  ASSIGN_OR_RETURN(*lock, LockDataDir(fs, global.data_dir, create));
  return ApiKeyStore::Open(fs, global.data_dir);
}

std::string TenantText(const ApiKey& k) {
  return k.tenant.empty() ? "(all: operator key)" : k.tenant;
}

std::string EnvironmentsText(const ApiKey& k) {
  if (k.environments.empty()) return "(any)";
  std::string out;
  for (const std::string& e : k.environments) {
    if (!out.empty()) out.push_back(',');
    out += e;
  }
  return out;
}

int RunCreate(const GlobalOptions& global, const KeysCreateArgs& args) {
  api::ApiKeySpec spec;
  spec.name = args.name;
  Result<api::ScopeSet> scopes = api::ParseScopes(args.scopes);
  if (!scopes.ok()) return ReportError(scopes.status().WithPrefix("--scopes"));
  spec.scopes = *scopes;
  spec.tenant = args.tenant;
  Result<std::vector<std::string>> environments = api::ParseEnvironmentList(args.environments);
  if (!environments.ok()) return ReportError(environments.status().WithPrefix("--environments"));
  spec.environments = std::move(*environments);

  std::unique_ptr<FileLock> lock;
  Result<std::unique_ptr<ApiKeyStore>> store = OpenKeys(global, /*create=*/true, &lock);
  if (!store.ok()) return ReportError(store.status());
  Result<api::CreatedApiKey> created =
      (*store)->Create(std::move(spec), "cli", SystemClock::Get()->NowMs());
  if (!created.ok()) return ReportError(created.status());
  const ApiKey& k = created->key;
  std::string out;
  if (args.json) {
    JsonWriter w(&out);
    w.BeginObject();
    w.Key("secret");
    w.String(created->secret);
    w.Key("key");
    api::WriteApiKeyJson(k, &w);
    w.EndObject();
    out.push_back('\n');
  } else {
    out += fmt::format("created API key {} \"{}\"\n", k.id, k.name);
    out += fmt::format("  scopes        {}\n", api::FormatScopes(k.scopes));
    out += fmt::format("  tenant        {}\n", TenantText(k));
    out += fmt::format("  environments  {}\n", EnvironmentsText(k));
    out += fmt::format("secret (shown only this once; vigil keeps only its SHA-256 hash):\n{}\n",
                       created->secret);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int RunList(const GlobalOptions& global, const KeysListArgs& args) {
  std::unique_ptr<FileLock> lock;
  Result<std::unique_ptr<ApiKeyStore>> store = OpenKeys(global, /*create=*/false, &lock);
  if (!store.ok()) return ReportError(store.status());
  const std::vector<ApiKey> keys = (*store)->List();
  std::string out;
  if (args.json) {
    for (const ApiKey& k : keys) {
      JsonWriter w(&out);
      api::WriteApiKeyJson(k, &w);
      out.push_back('\n');
    }
  } else if (keys.empty()) {
    std::fprintf(stderr, "no API keys; create one with `vigil keys create`\n");
  } else {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"ID", "NAME", "SCOPES", "TENANT", "ENVIRONMENTS", "CREATED", "BY", "REVOKED"});
    for (const ApiKey& k : keys) {
      rows.push_back({k.id, k.name, api::FormatScopes(k.scopes), k.tenant.empty() ? "*" : k.tenant,
                      k.environments.empty() ? "*" : EnvironmentsText(k),
                      FormatRfc3339(k.created_at_ms), k.created_by,
                      k.revoked_at_ms ? FormatRfc3339(*k.revoked_at_ms) : "-"});
    }
    std::vector<size_t> width(rows[0].size(), 0);
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    }
    for (const auto& row : rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        line += row[i];
        if (i + 1 < row.size()) line.append(width[i] - row[i].size() + 2, ' ');
      }
      out += line + "\n";
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int RunRevoke(const GlobalOptions& global, const KeysRevokeArgs& args) {
  std::unique_ptr<FileLock> lock;
  Result<std::unique_ptr<ApiKeyStore>> store = OpenKeys(global, /*create=*/false, &lock);
  if (!store.ok()) return ReportError(store.status());
  Result<ApiKey> before = (*store)->Get(args.id);
  if (!before.ok()) return ReportError(before.status());
  Result<ApiKey> revoked = (*store)->Revoke(args.id, SystemClock::Get()->NowMs());
  if (!revoked.ok()) return ReportError(revoked.status());
  if (before->revoked()) {
    std::printf("API key %s \"%s\" was already revoked at %s\n", revoked->id.c_str(),
                revoked->name.c_str(), FormatRfc3339(*revoked->revoked_at_ms).c_str());
  } else {
    std::printf("revoked API key %s \"%s\" at %s; viewer tokens it minted stop working too\n",
                revoked->id.c_str(), revoked->name.c_str(),
                FormatRfc3339(*revoked->revoked_at_ms).c_str());
  }
  return kExitOk;
}

}  // namespace

void AddKeysCommand(CLI::App& app, GlobalOptions& global, int* exit_code) {
  CLI::App* keys = app.add_subcommand("keys", "Create, list and revoke API keys (server stopped)");
  keys->require_subcommand(1);
  keys->footer(
      "Works on the data directory directly and refuses while a server has it open;\n"
      "while `vigil serve` runs, use the /v1/keys API instead.\n"
      "Scopes: ingest (POST /v1/events), read (search, get, histogram, facets, stream,\n"
      "mint viewer tokens), export (GET /v1/export), admin (keys, catalog, retention).\n"
      "Examples:\n"
      "  vigil --data ./data keys create --name 'billing backend' --scopes ingest --tenant acme\n"
      "  vigil --data ./data keys list\n"
      "  vigil --data ./data keys revoke key_4k9w2m0c7q1x8z3n\n"
      "Run `vigil keys COMMAND --help` for each command's options.");

  auto create = std::make_shared<KeysCreateArgs>();
  CLI::App* c = keys->add_subcommand("create", "Create an API key and print its secret once");
  c->add_option("--name", create->name, "what the key is for (at most 128 bytes)")->required();
  c->add_option("--scopes", create->scopes, "comma-separated: ingest, read, export, admin")
      ->required();
  c->add_option("--tenant", create->tenant,
                "bind the key to this tenant (default: every tenant, an operator key)");
  c->add_option("--environments", create->environments,
                "comma-separated environments the key may touch (default: any)");
  c->add_flag("--json", create->json, "print {\"secret\":…,\"key\":{…}} as one JSON object");
  c->footer(
      "The secret (vk_…) is printed once and never stored: vigil keeps only its\n"
      "SHA-256 hash. Send it as `Authorization: Bearer vk_…`.\n"
      "Examples:\n"
      "  vigil --data ./data keys create --name 'billing backend' --scopes ingest --tenant acme\n"
      "  vigil --data ./data keys create --name 'admin portal' --scopes read,export \\\n"
      "      --tenant acme --environments production,staging\n"
      "  vigil --data ./data keys create --name ops --scopes admin,read,export\n"
      "  vigil keys create --name ci --scopes ingest --json | jq -r .secret");
  c->callback([&global, create, exit_code] { *exit_code = RunCreate(global, *create); });

  auto list = std::make_shared<KeysListArgs>();
  CLI::App* l = keys->add_subcommand("list", "List API keys (never their secrets)");
  l->add_flag("--json", list->json, "one JSON object per key (NDJSON) instead of a table");
  l->footer(
      "Shows id, name, scopes, tenant and environments (* for all), creation time and\n"
      "creator, and revocation time (- while active).\n"
      "Examples:\n"
      "  vigil --data ./data keys list\n"
      "  vigil --data ./data keys list --json | jq -r 'select(.revoked_at | not) | .id'");
  l->callback([&global, list, exit_code] { *exit_code = RunList(global, *list); });

  auto revoke = std::make_shared<KeysRevokeArgs>();
  CLI::App* r = keys->add_subcommand("revoke", "Revoke an API key and the viewer tokens it minted");
  r->add_option("id", revoke->id, "the key's id (key_…), as `vigil keys list` shows it")
      ->required();
  r->footer(
      "Revocation is permanent. Revoking a key that is already revoked changes nothing.\n"
      "Examples:\n"
      "  vigil --data ./data keys revoke key_4k9w2m0c7q1x8z3n");
  r->callback([&global, revoke, exit_code] { *exit_code = RunRevoke(global, *revoke); });
}

}  // namespace vigil::cli
