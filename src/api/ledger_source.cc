#include "api/ledger_source.h"

#include <fmt/format.h>

#include <utility>

#include "ledger/checkpoint.h"
#include "ledger/note.h"

namespace vigil::api {
namespace {

class OwnLedger final : public LedgerSource {
 public:
  OwnLedger(Store* store, CheckpointLog* checkpoints)
      : LedgerSource(store->LedgerNode()), store_(store), checkpoints_(checkpoints) {}

  bool other() const override { return false; }
  Result<uint64_t> End() override { return store_->EndSeq(); }
  Result<std::optional<SignedCheckpoint>> Latest() override { return checkpoints_->Latest(); }
  Result<SignedCheckpoint> Covering(uint64_t size) override { return checkpoints_->Covering(size); }
  Result<std::string> VerifierKey() override { return checkpoints_->verifier_key(); }
  Result<ledger::Hash> Root(uint64_t size) override { return store_->LedgerRoot(size); }
  Result<std::vector<ledger::Hash>> InclusionProof(uint64_t seq, uint64_t size) override {
    return store_->InclusionProof(seq, size);
  }
  Result<std::vector<ledger::Hash>> ConsistencyProof(uint64_t size1, uint64_t size2) override {
    return store_->ConsistencyProof(size1, size2);
  }

 private:
  Store* store_;
  CheckpointLog* checkpoints_;
};

class OtherNodeLedger final : public LedgerSource {
 public:
  explicit OtherNodeLedger(std::shared_ptr<NodeLedger> ledger)
      : LedgerSource(ledger->node()), ledger_(std::move(ledger)) {}

  bool other() const override { return true; }

  Result<uint64_t> End() override {
    ASSIGN_OR_RETURN(std::optional<SignedCheckpoint> latest, Latest());
    return latest ? latest->checkpoint.size : 0;
  }

  Result<std::optional<SignedCheckpoint>> Latest() override {
    ASSIGN_OR_RETURN(std::optional<StoredCheckpoint> stored, ledger_->LatestCheckpoint());
    if (!stored) return std::optional<SignedCheckpoint>();
    ASSIGN_OR_RETURN(std::string key, VerifierKey());
    Result<ledger::NoteVerifier> verifier = ledger::NoteVerifier::Parse(key);
    if (!verifier.ok()) {
      return Status::Corruption(fmt::format("node {}'s registered verifier key: {}", node(),
                                            verifier.status().message()));
    }
    Result<ledger::Checkpoint> cp = ledger::OpenCheckpoint(stored->note, *verifier);
    if (!cp.ok() || cp->size != stored->size) {
      return Status::Corruption(fmt::format(
          "node {}'s checkpoint of {} events in ClickHouse does not verify with its key: {}",
          node(), stored->size,
          cp.ok() ? fmt::format("the note is of size {}", cp->size) : cp.status().message()));
    }
    // The stored tree must give the signed root, as for this node's log.
    ASSIGN_OR_RETURN(ledger::Hash root, ledger_->Root(cp->size));
    if (root != cp->root) {
      return Status::Corruption(fmt::format(
          "node {}'s ledger in ClickHouse: the root of its first {} events is not the one its "
          "signed checkpoint of that size holds",
          node(), cp->size));
    }
    return std::optional<SignedCheckpoint>(SignedCheckpoint{std::move(*cp), stored->note});
  }

  Result<SignedCheckpoint> Covering(uint64_t size) override {
    ASSIGN_OR_RETURN(std::optional<SignedCheckpoint> latest, Latest());
    if (latest && latest->checkpoint.size >= size) return std::move(*latest);
    return Status::Unavailable(fmt::format(
        "node {} has not yet signed a checkpoint of {} events or more (its latest: {}); each "
        "node signs its own at its checkpoint interval: ask again shortly, or ask node {}",
        node(), size, latest ? std::to_string(latest->checkpoint.size) : "none", node()));
  }

  Result<std::string> VerifierKey() override { return ledger_->VerifierKey(); }
  Result<ledger::Hash> Root(uint64_t size) override { return ledger_->Root(size); }
  Result<std::vector<ledger::Hash>> InclusionProof(uint64_t seq, uint64_t size) override {
    return ledger_->InclusionProof(seq, size);
  }
  Result<std::vector<ledger::Hash>> ConsistencyProof(uint64_t size1, uint64_t size2) override {
    return ledger_->ConsistencyProof(size1, size2);
  }

 private:
  std::shared_ptr<NodeLedger> ledger_;
};

}  // namespace

Result<std::unique_ptr<LedgerSource>> LedgerFor(const ApiDeps& deps, std::optional<uint16_t> node) {
  if (!node || *node == deps.store->LedgerNode()) {
    return std::unique_ptr<LedgerSource>(new OwnLedger(deps.store, deps.checkpoints));
  }
  ASSIGN_OR_RETURN(std::shared_ptr<NodeLedger> other, deps.store->OtherLedger(*node));
  return std::unique_ptr<LedgerSource>(new OtherNodeLedger(std::move(other)));
}

}  // namespace vigil::api
