// NodeLedger: another node's ledger, read-only. On the ClickHouse backend
// every Vigil node writing to one database keeps its own Merkle log and
// signs its own checkpoints (docs/scale-out.md "The ledger, per node"); a
// node serving a read returns the events of all of them, and proves each
// against the log of the node that stored it (Event::node) through this.
//
// What can be read is what that node signed: roots and proofs of any size up
// to its latest signed checkpoint, never past it (the rows past it may still
// belong to an append that node has not finished). Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ledger/merkle.h"

namespace vigil {

// One signed checkpoint as a node stored it: its size and the signed note.
struct StoredCheckpoint {
  uint64_t size = 0;
  std::string note;
};

class NodeLedger {
 public:
  virtual ~NodeLedger() = default;

  uint16_t node() const { return node_; }

  // The node's signed checkpoint of the largest size; nullopt while it has
  // signed none.
  virtual Result<std::optional<StoredCheckpoint>> LatestCheckpoint() = 0;
  // The node's note verifier key (ledger/note.h), as it registered it;
  // NotFound when it never did.
  virtual Result<std::string> VerifierKey() = 0;

  // As Store::LedgerRoot / InclusionProof / ConsistencyProof, for sizes up to
  // the latest checkpoint's (InvalidArgument past it).
  virtual Result<ledger::Hash> Root(uint64_t size) = 0;
  virtual Result<std::vector<ledger::Hash>> InclusionProof(uint64_t seq, uint64_t size) = 0;
  virtual Result<std::vector<ledger::Hash>> ConsistencyProof(uint64_t size1, uint64_t size2) = 0;

 protected:
  explicit NodeLedger(uint16_t node) : node_(node) {}

 private:
  const uint16_t node_;
};

}  // namespace vigil
