#include "api/auth/api_key_store.h"

#include <fmt/format.h>

#include <cstring>
#include <unordered_map>

#include "api/auth/auth_format.h"
#include "api/auth/binding_rules.h"
#include "api/auth/private_file.h"
#include "api/auth/scopes.h"
#include "core/ascii.h"
#include "core/timestamp.h"

namespace vigil::api {
namespace {

// The map key candidates are found by: the first 8 bytes of the hash. Equal
// prefixes only narrow the search; the whole hash is compared in constant time.
uint64_t HashPrefix(const Sha256Digest& hash) {
  uint64_t v;
  std::memcpy(&v, hash.data(), sizeof(v));
  return v;
}

// Checks the text of a presented key; the message says what a key looks like
// and never repeats it.
Status CheckKeyText(std::string_view secret) {
  if (!secret.starts_with(kApiKeyPrefix) || secret.size() != kApiKeyChars ||
      !IsBase64UrlText(secret.substr(kApiKeyPrefix.size()))) {
    return Status::Unauthenticated(fmt::format(
        "malformed API key: expected \"{}\" and {} base64url characters ({} bytes in all), got "
        "{} bytes",
        kApiKeyPrefix, kApiKeySecretChars, kApiKeyChars, secret.size()));
  }
  return Status::Ok();
}

Status NoSuchKey(std::string_view id) {
  return Status::NotFound(
      fmt::format("no API key with id \"{}\"", EscapeControlBytes(id.substr(0, 64))));
}

Status CheckTime(int64_t now_ms) {
  if (now_ms < kMinTimeMs || now_ms > kMaxTimeMs) {
    return Status::InvalidArgument(fmt::format("time {} ms is out of range", now_ms));
  }
  return Status::Ok();
}

}  // namespace

struct ApiKeyStore::KeySet {
  std::vector<StoredApiKey> keys;  // creation order
  std::unordered_multimap<uint64_t, size_t> by_hash_prefix;
  std::unordered_map<std::string, size_t> by_id;

  void Add(StoredApiKey stored) {
    by_hash_prefix.emplace(HashPrefix(stored.hash), keys.size());
    by_id.emplace(stored.key.id, keys.size());
    keys.push_back(std::move(stored));
  }

  const StoredApiKey* FindById(std::string_view id) const {
    auto it = by_id.find(std::string(id));
    return it == by_id.end() ? nullptr : &keys[it->second];
  }

  const StoredApiKey* FindByHash(const Sha256Digest& hash) const {
    const StoredApiKey* found = nullptr;
    auto [begin, end] = by_hash_prefix.equal_range(HashPrefix(hash));
    for (auto it = begin; it != end; ++it) {
      const StoredApiKey& candidate = keys[it->second];
      if (ConstantTimeEquals(candidate.hash, hash)) found = &candidate;
    }
    return found;
  }
};

ApiKeyStore::ApiKeyStore(FileSystem* fs, std::string data_dir, std::shared_ptr<const KeySet> keys)
    : fs_(fs),
      auth_dir_(JoinPath(data_dir, kAuthDirName)),
      path_(JoinPath(auth_dir_, kApiKeyFileName)),
      keys_(std::move(keys)) {}

ApiKeyStore::~ApiKeyStore() = default;

Result<std::unique_ptr<ApiKeyStore>> ApiKeyStore::Open(FileSystem* fs, std::string data_dir) {
  const std::string path = JoinPath(JoinPath(data_dir, kAuthDirName), kApiKeyFileName);
  auto keys = std::make_shared<KeySet>();
  Result<std::string> text = fs->ReadFile(path);
  if (text.ok()) {
    ASSIGN_OR_RETURN(std::vector<StoredApiKey> stored, DecodeApiKeyFile(*text, path));
    for (StoredApiKey& s : stored) keys->Add(std::move(s));
  } else if (!text.status().IsNotFound()) {
    return text.status();
  }
  return std::unique_ptr<ApiKeyStore>(new ApiKeyStore(fs, std::move(data_dir), std::move(keys)));
}

std::shared_ptr<const ApiKeyStore::KeySet> ApiKeyStore::Snapshot() const {
  absl::ReaderMutexLock lock(&mu_);
  return keys_;
}

void ApiKeyStore::Publish(std::shared_ptr<const KeySet> keys) {
  absl::MutexLock lock(&mu_);
  keys_ = std::move(keys);
}

Status ApiKeyStore::Save(const KeySet& keys) {
  RETURN_IF_ERROR(EnsurePrivateDir(fs_, auth_dir_));
  RETURN_IF_ERROR(WritePrivateFileAtomically(fs_, path_, EncodeApiKeyFile(keys.keys)));
  unsaved_ = false;
  return Status::Ok();
}

Result<CreatedApiKey> ApiKeyStore::Create(ApiKeySpec spec, std::string_view created_by,
                                          int64_t now_ms) {
  RETURN_IF_ERROR(ValidateKeyName(spec.name));
  if (spec.scopes == 0) {
    return Status::InvalidArgument("scopes: empty (scopes: ingest, read, export, admin)");
  }
  if ((spec.scopes & ~kAllScopeBits) != 0) {
    return Status::InvalidArgument(
        fmt::format("scopes: unknown scope bits 0x{:x}", spec.scopes & ~kAllScopeBits));
  }
  if (!spec.tenant.empty()) RETURN_IF_ERROR(ValidateTenant(spec.tenant));
  RETURN_IF_ERROR(NormalizeEnvironments(&spec.environments));
  if (created_by.empty() || created_by.size() > kMaxKeyNameBytes) {
    return Status::InvalidArgument("created_by: expected 1 to 128 bytes");
  }
  RETURN_IF_ERROR(CheckTime(now_ms));

  ASSIGN_OR_RETURN(std::string random, RandomBytes(kApiKeySecretBytes));
  CreatedApiKey created;
  created.secret = std::string(kApiKeyPrefix) + Base64UrlEncode(random);
  StoredApiKey stored;
  stored.hash = Sha256(created.secret);
  stored.key.name = std::move(spec.name);
  stored.key.scopes = spec.scopes;
  stored.key.tenant = std::move(spec.tenant);
  stored.key.environments = std::move(spec.environments);
  stored.key.created_at_ms = now_ms;
  stored.key.created_by = std::string(created_by);

  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const KeySet> current = Snapshot();
  do {
    ASSIGN_OR_RETURN(stored.key.id, RandomPublicId(kApiKeyIdPrefix));
  } while (current->FindById(stored.key.id) != nullptr);
  if (current->FindByHash(stored.hash) != nullptr) {
    return Status::Internal("a new API key's hash equals a stored key's");
  }
  created.key = stored.key;
  auto next = std::make_shared<KeySet>(*current);
  next->Add(std::move(stored));
  RETURN_IF_ERROR(Save(*next).WithPrefix("saving the new API key"));
  Publish(std::move(next));
  return created;
}

Result<ApiKey> ApiKeyStore::Revoke(std::string_view id, int64_t now_ms) {
  RETURN_IF_ERROR(CheckTime(now_ms));
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const KeySet> current = Snapshot();
  const StoredApiKey* found = current->FindById(id);
  if (found == nullptr) {
    return NoSuchKey(id);
  }
  if (found->key.revoked()) {
    if (unsaved_) RETURN_IF_ERROR(Save(*current).WithPrefix("saving the revocation"));
    return found->key;
  }
  auto next = std::make_shared<KeySet>(*current);
  StoredApiKey& stored = next->keys[next->by_id.at(found->key.id)];
  stored.key.revoked_at_ms = now_ms;
  ApiKey revoked = stored.key;
  // Fail closed: the key stops working in this process even when the file
  // cannot be written.
  Status saved = Save(*next);
  Publish(std::move(next));
  if (!saved.ok()) {
    unsaved_ = true;
    return saved.WithPrefix(
        fmt::format("{} is revoked in this process, but the revocation was not saved", revoked.id));
  }
  return revoked;
}

Result<size_t> ApiKeyStore::Merge(const std::vector<StoredApiKey>& others) {
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const KeySet> current = Snapshot();
  auto next = std::make_shared<KeySet>(*current);
  size_t changed = 0;
  for (const StoredApiKey& other : others) {
    auto it = next->by_id.find(other.key.id);
    if (it == next->by_id.end()) {
      if (next->FindByHash(other.hash) != nullptr) {
        return Status::Corruption(fmt::format(
            "API key {} from elsewhere has the secret hash of another key here", other.key.id));
      }
      next->Add(other);
      ++changed;
      continue;
    }
    StoredApiKey& mine = next->keys[it->second];
    if (!ConstantTimeEquals(mine.hash, other.hash)) {
      return Status::Corruption(fmt::format(
          "API key {} has another secret hash elsewhere than in {}: two keys share an id",
          other.key.id, path_));
    }
    if (other.key.revoked() &&
        (!mine.key.revoked() || *other.key.revoked_at_ms < *mine.key.revoked_at_ms)) {
      mine.key.revoked_at_ms = other.key.revoked_at_ms;
      ++changed;
    }
  }
  if (changed == 0) return changed;
  // As Revoke: a revocation takes effect here even when the file cannot be written.
  Status saved = Save(*next);
  Publish(std::move(next));
  if (!saved.ok()) {
    unsaved_ = true;
    return saved.WithPrefix("saving keys taken in from elsewhere");
  }
  return changed;
}

std::vector<StoredApiKey> ApiKeyStore::Stored() const { return Snapshot()->keys; }

std::vector<ApiKey> ApiKeyStore::List() const {
  std::shared_ptr<const KeySet> keys = Snapshot();
  std::vector<ApiKey> out;
  out.reserve(keys->keys.size());
  for (const StoredApiKey& s : keys->keys) out.push_back(s.key);
  return out;
}

Result<ApiKey> ApiKeyStore::Get(std::string_view id) const {
  std::shared_ptr<const KeySet> keys = Snapshot();
  const StoredApiKey* found = keys->FindById(id);
  if (found == nullptr) {
    return NoSuchKey(id);
  }
  return found->key;
}

Result<ApiKey> ApiKeyStore::Authenticate(std::string_view secret) const {
  RETURN_IF_ERROR(CheckKeyText(secret));
  const Sha256Digest hash = Sha256(secret);
  std::shared_ptr<const KeySet> keys = Snapshot();
  const StoredApiKey* found = keys->FindByHash(hash);
  if (found == nullptr) return Status::Unauthenticated("unknown API key");
  if (found->key.revoked()) {
    return Status::Unauthenticated(fmt::format("API key {} was revoked at {}", found->key.id,
                                               FormatRfc3339(*found->key.revoked_at_ms)));
  }
  return found->key;
}

}  // namespace vigil::api
