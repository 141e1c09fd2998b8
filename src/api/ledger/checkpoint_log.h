// CheckpointLog: the server's signed checkpoints of the store's ledger
// (docs/format/ledger.md "Checkpoints"). A checkpoint is written when the
// log has grown by `every_events` since the last one, when `every` has
// passed and the log grew, on demand (a proof for an event newer than the
// latest checkpoint), and once more by Stop (shutdown).
//
// Each checkpoint is a C2SP signed note stored as
// DIR/ledger/checkpoints/<size, 20 digits>.note (temp file, fsync, rename,
// directory fsync) and kept forever: `vigil verify` checks every one and the
// consistency of each with the next. Sizes only grow; two checkpoints never
// share a size. Each is then also given to Store::SaveCheckpoint (the
// ClickHouse backend keeps a copy per node; a failed copy is a warning and
// is made again by the next Open).
//
// Thread-safe. Start launches the background writer; Stop ends it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "ledger/checkpoint.h"
#include "store/fs/file_system.h"
#include "store/store.h"

namespace vigil::api {

struct CheckpointOptions {
  uint64_t every_events = 10'000;
  std::chrono::milliseconds every{10'000};
};

// One stored checkpoint: its parsed body and the signed note's text.
struct SignedCheckpoint {
  ledger::Checkpoint checkpoint;
  std::string note;
};

class CheckpointLog {
 public:
  // Reads the newest stored checkpoint, the larger of DIR/ledger/checkpoints'
  // newest (creating the directory when absent) and the store's own copy
  // (Store::LatestCheckpoint), and checks that its signature verifies with
  // the signer's key and that it matches the store's tree at its size
  // (Corruption otherwise: the store lost or changed events since). Then
  // writes it to whichever side lacks it, and gives the store the signer's
  // verifier key (Store::SaveVerifierKey: other nodes check our notes).
  static Result<std::unique_ptr<CheckpointLog>> Open(FileSystem* fs, const std::string& data_dir,
                                                     Store* store, ledger::NoteSigner signer,
                                                     CheckpointOptions options = {});
  // Ends the background writer without a last checkpoint (call Stop for one).
  ~CheckpointLog();
  CheckpointLog(const CheckpointLog&) = delete;
  CheckpointLog& operator=(const CheckpointLog&) = delete;

  void Start();
  // Ends the background writer and writes a last checkpoint of the current
  // size (when the log grew). Idempotent.
  Status Stop();

  // The newest checkpoint; nullopt while none was ever written.
  std::optional<SignedCheckpoint> Latest() const;
  // A checkpoint covering at least `size` events: the latest when it does,
  // else a new one of the store's current size. InvalidArgument when the
  // store holds fewer than `size` events.
  Result<SignedCheckpoint> Covering(uint64_t size);

  const ledger::NoteSigner& signer() const { return signer_; }
  std::string verifier_key() const { return signer_.verifier_key(); }

 private:
  CheckpointLog(FileSystem* fs, std::string dir, Store* store, ledger::NoteSigner signer,
                CheckpointOptions options);
  // Signs and stores a checkpoint of the store's current size if it is
  // past the latest one (or is the first). Requires write_mu_.
  Status WriteCurrent();
  void Run();

  FileSystem* fs_;
  const std::string dir_;  // DIR/ledger/checkpoints
  Store* store_;
  const ledger::NoteSigner signer_;
  const CheckpointOptions options_;

  std::mutex write_mu_;  // one writer at a time
  mutable std::mutex mu_;
  std::optional<SignedCheckpoint> latest_;  // guarded by mu_
  bool stopping_ = false;                   // guarded by mu_
  std::thread thread_;
};

// The ledger signing key of a data directory: DIR/ledger/signing.key (mode
// 0600, the signer key text), created on first use with a new Ed25519 key
// named `name` (the checkpoint origin); DIR/ledger/verifier.key holds the
// public verifier key text for auditors. An existing key is kept whatever
// `name` says.
Result<ledger::NoteSigner> LoadOrCreateLedgerKey(FileSystem* fs, const std::string& data_dir,
                                                 const std::string& name);

// Where checkpoints live: DIR/ledger/checkpoints.
std::string CheckpointsDir(const std::string& data_dir);

}  // namespace vigil::api
