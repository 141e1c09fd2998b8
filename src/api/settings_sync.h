// SettingsSync: keeps this node's API keys, tenants' catalogs and
// viewer-token secret in step with the other nodes' through the store's
// shared settings (Store::SharesSettings; docs/scale-out.md "Shared
// settings"), so that a key created or revoked on one node, a catalog set on
// one node, or a viewer token minted on one node, holds on every node.
//
// A round takes in what other nodes wrote (ApiKeyStore::Merge, Catalog-
// Registry::Apply), then writes what only this node knows: keys made
// offline (`vigil keys create`) or while ClickHouse was unreachable, this
// node's revocations, catalog changes made here since the last round. For
// a catalog the newest write counts; a key is never un-revoked. The
// viewer-token secret is written by a node only while the store has none
// (generating the node's own if it has none either); every node adopts the
// store's (the newest, should two nodes have raced to write the first). Rounds run
// every `interval` once started, and at once after Wake (a change through
// the API). A failed round is retried at the next; keys and catalogs keep
// working from the node's own files meanwhile.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "api/auth/api_key_store.h"
#include "api/auth/viewer_token_signer.h"
#include "core/clock.h"
#include "core/status.h"
#include "store/store.h"

namespace vigil::enrich {
class CatalogRegistry;
}  // namespace vigil::enrich

namespace vigil::api {

class SettingsSync {
 public:
  // Everything outlives this object; catalogs and tokens may be null.
  SettingsSync(Store* store, ApiKeyStore* keys, enrich::CatalogRegistry* catalogs,
               ViewerTokenSigner* tokens, const Clock* clock, std::chrono::milliseconds interval);
  ~SettingsSync();  // Stop()
  SettingsSync(const SettingsSync&) = delete;
  SettingsSync& operator=(const SettingsSync&) = delete;

  // One round, on the calling thread; the first error (the round goes on
  // past it).
  Status RunOnce();
  void Start();
  void Wake();
  void Stop();

 private:
  Status SyncKeys();
  Status SyncCatalogs();
  Status SyncViewerTokenSecret();
  void Run();

  Store* const store_;
  ApiKeyStore* const keys_;
  enrich::CatalogRegistry* const catalogs_;
  ViewerTokenSigner* const tokens_;
  const Clock* const clock_;
  const std::chrono::milliseconds interval_;

  std::mutex round_mu_;  // one round at a time
  // The catalog settings of each tenant as last written or taken in by a
  // round: what tells a change made here from one made elsewhere.
  std::map<std::string, SettingRecord> catalogs_synced_;  // guarded by round_mu_

  std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;     // guarded by mu_
  bool stopped_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace vigil::api
