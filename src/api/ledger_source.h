// LedgerSource: one node's ledger as the ledger API serves it. This node's
// is the store's own log with the CheckpointLog that signs it. On the
// ClickHouse backend, where each node keeps its own log (docs/scale-out.md
// "The ledger, per node"), another node's is Store::OtherLedger: the
// checkpoints that node signed, each checked here against the verifier key
// it registered before it is served, and proofs up to them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/api_deps.h"
#include "api/ledger/checkpoint_log.h"
#include "core/status.h"
#include "ledger/merkle.h"

namespace vigil::api {

class LedgerSource {
 public:
  virtual ~LedgerSource() = default;

  uint16_t node() const { return node_; }
  // Whether this is another node's log, which this server cannot sign.
  virtual bool other() const = 0;

  // The largest size proofs can reach: this node's log's end, or the size
  // of the other node's latest checkpoint (0 before its first).
  virtual Result<uint64_t> End() = 0;
  // The latest signed checkpoint; nullopt while none exists.
  virtual Result<std::optional<SignedCheckpoint>> Latest() = 0;
  // A signed checkpoint of at least `size` events: the latest when it does;
  // else this node signs one of its log's current size, while another
  // node's gives Unavailable (it signs its next within its interval).
  virtual Result<SignedCheckpoint> Covering(uint64_t size) = 0;
  // The note verifier key that checks the checkpoints.
  virtual Result<std::string> VerifierKey() = 0;

  virtual Result<ledger::Hash> Root(uint64_t size) = 0;
  virtual Result<std::vector<ledger::Hash>> InclusionProof(uint64_t seq, uint64_t size) = 0;
  virtual Result<std::vector<ledger::Hash>> ConsistencyProof(uint64_t size1, uint64_t size2) = 0;

 protected:
  explicit LedgerSource(uint16_t node) : node_(node) {}

 private:
  const uint16_t node_;
};

// The ledger of `node` (nullopt or the store's own LedgerNode(): this
// node's). NotFound when the store holds no such node. Requires
// deps.checkpoints.
Result<std::unique_ptr<LedgerSource>> LedgerFor(const ApiDeps& deps,
                                                std::optional<uint16_t> node = std::nullopt);

}  // namespace vigil::api
