// ApiKeyStore: the API keys of one data directory, persisted hashed in
// DIR/auth/keys.json (api_key_file.h, docs/auth.md).
//
// A key's secret exists only in the CreatedApiKey that Create returns; the
// store keeps SHA-256 of it. Authenticate hashes the presented key, finds
// candidates by the first 8 bytes of the hash, and compares the whole hash
// with CRYPTO_memcmp.
//
// Thread-safe. Readers (Authenticate, Get, List) take a snapshot under a
// short reader lock and never wait for a file write; Create and Revoke are
// serialized with each other and hold no lock readers need while they write.
// One process at a time may write the file: the caller holds the data
// directory's lock (DIR/LOCK) for as long as the store lives.
#pragma once

#include <absl/base/thread_annotations.h>
#include <absl/synchronization/mutex.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/auth/api_key.h"
#include "api/auth/api_key_file.h"
#include "core/status.h"
#include "store/fs/file_system.h"

namespace vigil::api {

class ApiKeyStore {
 public:
  // Loads DIR/auth/keys.json when it exists; an absent file is an empty
  // store, and nothing is created on disk until the first Create. fs must
  // outlive the store. Corruption when the file breaks its format.
  static Result<std::unique_ptr<ApiKeyStore>> Open(FileSystem* fs, std::string data_dir);

  ApiKeyStore(const ApiKeyStore&) = delete;
  ApiKeyStore& operator=(const ApiKeyStore&) = delete;
  ~ApiKeyStore();

  // Creates a key. InvalidArgument naming the field for a bad spec (name,
  // scopes, tenant, environments) or an empty created_by ("cli" or the
  // creating key's id). Returns after the key file is durable (written,
  // fsynced, renamed, directory fsynced); on a failed write nothing changes,
  // in memory or on disk.
  Result<CreatedApiKey> Create(ApiKeySpec spec, std::string_view created_by, int64_t now_ms);

  // Revokes the key with this id and returns its record. NotFound for an
  // unknown id; a key already revoked is returned as it is (idempotent).
  // Durable on return. A failed write still revokes the key in this process
  // (failing closed) and returns the error; the next successful Create or
  // Revoke saves it.
  Result<ApiKey> Revoke(std::string_view id, int64_t now_ms);

  // Takes in keys known elsewhere (other nodes', through the shared
  // settings of a scale-out store; api/settings_sync.h): a key unknown here
  // is added, a key revoked there is revoked here too (at the earlier time).
  // Returns how many keys changed; durable on return. Corruption when an id
  // comes with another secret hash than here, or a new id with a known
  // hash. A failed write still applies the revocations in this process.
  Result<size_t> Merge(const std::vector<StoredApiKey>& others);
  // Every key as stored (with its secret's hash), in creation order.
  std::vector<StoredApiKey> Stored() const;

  // Every key, revoked ones included, in creation order.
  std::vector<ApiKey> List() const;
  // NotFound for an unknown id.
  Result<ApiKey> Get(std::string_view id) const;

  // The key whose secret is presented. Unauthenticated, never echoing the
  // secret: "malformed API key: ...", "unknown API key", "API key key_… was
  // revoked at <RFC 3339>".
  Result<ApiKey> Authenticate(std::string_view secret) const;

  // DIR/auth/keys.json.
  const std::string& path() const { return path_; }

 private:
  struct KeySet;

  ApiKeyStore(FileSystem* fs, std::string data_dir, std::shared_ptr<const KeySet> keys);

  std::shared_ptr<const KeySet> Snapshot() const;
  // Writes keys to the file (durable on OK).
  Status Save(const KeySet& keys) ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  void Publish(std::shared_ptr<const KeySet> keys);

  FileSystem* const fs_;
  const std::string auth_dir_;
  const std::string path_;

  // Serializes Create and Revoke; held across the file write.
  absl::Mutex write_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  // True when the keys in memory differ from the file (a failed Revoke).
  bool unsaved_ ABSL_GUARDED_BY(write_mu_) = false;

  // Guards only the pointer swap; readers copy the pointer and let go.
  mutable absl::Mutex mu_;
  std::shared_ptr<const KeySet> keys_ ABSL_GUARDED_BY(mu_);
};

}  // namespace vigil::api
