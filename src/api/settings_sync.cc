#include "api/settings_sync.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "api/auth/api_key_file.h"
#include "api/auth/auth_crypto.h"
#include "enrich/catalog_registry.h"

namespace vigil::api {
namespace {

constexpr std::string_view kKeyKind = "api_key";
constexpr std::string_view kCatalogKind = "catalog";
constexpr std::string_view kSecretKind = "viewer_token_secret";
constexpr std::string_view kSecretId = "hmac";

// A round's first error, kept while the round goes on.
void Keep(Status* first, Status s) {
  if (first->ok() && !s.ok()) *first = std::move(s);
}

}  // namespace

SettingsSync::SettingsSync(Store* store, ApiKeyStore* keys, enrich::CatalogRegistry* catalogs,
                           ViewerTokenSigner* tokens, const Clock* clock,
                           std::chrono::milliseconds interval)
    : store_(store),
      keys_(keys),
      catalogs_(catalogs),
      tokens_(tokens),
      clock_(clock),
      interval_(interval) {}

SettingsSync::~SettingsSync() { Stop(); }

Status SettingsSync::RunOnce() {
  std::lock_guard round(round_mu_);
  Status first;
  Keep(&first, SyncKeys().WithPrefix("shared API keys"));
  if (catalogs_ != nullptr) Keep(&first, SyncCatalogs().WithPrefix("shared catalogs"));
  if (tokens_ != nullptr) {
    Keep(&first, SyncViewerTokenSecret().WithPrefix("shared viewer-token secret"));
  }
  return first;
}

Status SettingsSync::SyncViewerTokenSecret() {
  ASSIGN_OR_RETURN(std::vector<SettingRecord> records, store_->Settings(kSecretKind));
  for (const SettingRecord& r : records) {
    if (r.id != kSecretId) continue;
    std::string secret;
    if (!Base64UrlDecode(r.body, &secret)) {
      return Status::Corruption(fmt::format("shared setting {}/{}: not base64url", r.kind, r.id));
    }
    return tokens_->Adopt(secret);
  }
  ASSIGN_OR_RETURN(std::string mine, tokens_->SecretForMinting());
  return store_->PutSetting(
      {std::string(kSecretKind), std::string(kSecretId), Base64UrlEncode(mine), clock_->NowMs()});
}

Status SettingsSync::SyncKeys() {
  ASSIGN_OR_RETURN(std::vector<SettingRecord> records, store_->Settings(kKeyKind));
  std::map<std::string, StoredApiKey> shared;
  std::vector<StoredApiKey> taken_in;
  for (const SettingRecord& r : records) {
    ASSIGN_OR_RETURN(std::vector<StoredApiKey> one,
                     DecodeApiKeyFile(r.body, fmt::format("shared setting {}/{}", r.kind, r.id)));
    if (one.size() != 1 || one[0].key.id != r.id) {
      return Status::Corruption(
          fmt::format("shared setting {}/{}: expected that one key", r.kind, r.id));
    }
    taken_in.push_back(one[0]);
    shared.emplace(r.id, std::move(one[0]));
  }
  RETURN_IF_ERROR(keys_->Merge(taken_in).status());
  // What only this node knows: keys not shared yet, revocations not shared yet.
  for (const StoredApiKey& mine : keys_->Stored()) {
    auto it = shared.find(mine.key.id);
    if (it != shared.end() && it->second.key.revoked() == mine.key.revoked()) continue;
    RETURN_IF_ERROR(store_->PutSetting(
        {std::string(kKeyKind), mine.key.id, EncodeApiKeyFile({mine}), clock_->NowMs()}));
  }
  return Status::Ok();
}

Status SettingsSync::SyncCatalogs() {
  ASSIGN_OR_RETURN(std::vector<SettingRecord> records, store_->Settings(kCatalogKind));
  std::map<std::string, std::string> local = catalogs_->Export();
  // Newer writes from elsewhere first…
  for (SettingRecord& r : records) {
    auto synced = catalogs_synced_.find(r.id);
    if (synced != catalogs_synced_.end() && synced->second.written_ms >= r.written_ms) continue;
    auto mine = local.find(r.id);
    if (mine == local.end() || mine->second != r.body) {
      RETURN_IF_ERROR(catalogs_->Apply(r.id, r.body));
      local[r.id] = r.body;
    }
    catalogs_synced_[r.id] = std::move(r);
  }
  // …then changes made here since the last round.
  for (const auto& [tenant, body] : local) {
    auto synced = catalogs_synced_.find(tenant);
    if (synced != catalogs_synced_.end() && synced->second.body == body) continue;
    SettingRecord r{std::string(kCatalogKind), tenant, body, clock_->NowMs()};
    RETURN_IF_ERROR(store_->PutSetting(r));
    catalogs_synced_[tenant] = std::move(r);
  }
  return Status::Ok();
}

void SettingsSync::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || stopped_) return;
  thread_ = std::thread([this] { Run(); });
}

void SettingsSync::Wake() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_all();
}

void SettingsSync::Stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SettingsSync::Run() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, interval_, [&] { return stopped_ || wake_; });
      if (stopped_) return;
      wake_ = false;
    }
    if (Status s = RunOnce(); !s.ok()) {
      fmt::print(stderr, "vigil: warning: {} (retried in {} ms)\n", s.ToString(),
                 interval_.count());
    }
  }
}

}  // namespace vigil::api
