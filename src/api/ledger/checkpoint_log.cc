#include "api/ledger/checkpoint_log.h"

#include <fmt/format.h>

#include <algorithm>

#include "api/auth/private_file.h"

namespace vigil::api {
namespace {

constexpr std::string_view kNoteSuffix = ".note";
constexpr size_t kSizeDigits = 20;

std::string NoteName(uint64_t size) { return fmt::format("{:020}{}", size, kNoteSuffix); }

// The size a checkpoint file's name gives, or nullopt for other names.
std::optional<uint64_t> SizeOfName(std::string_view name) {
  if (name.size() != kSizeDigits + kNoteSuffix.size() || !name.ends_with(kNoteSuffix)) {
    return std::nullopt;
  }
  uint64_t size = 0;
  for (char c : name.substr(0, kSizeDigits)) {
    if (c < '0' || c > '9') return std::nullopt;
    size = size * 10 + static_cast<uint64_t>(c - '0');
  }
  return size;
}

Status WriteFileDurably(FileSystem* fs, const std::string& dir, const std::string& name,
                        std::string_view contents) {
  const std::string path = JoinPath(dir, name);
  const std::string tmp = path + ".tmp";
  {
    ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> f, fs->OpenWritable(tmp, /*truncate=*/true));
    RETURN_IF_ERROR(f->Append(contents));
    RETURN_IF_ERROR(f->Sync());
    RETURN_IF_ERROR(f->Close());
  }
  RETURN_IF_ERROR(fs->Rename(tmp, path));
  return fs->SyncDir(dir);
}

// A stored note, opened with the signer's verifier; errors name `where`.
Result<SignedCheckpoint> OpenStored(const std::string& note, const std::string& where,
                                    const ledger::NoteSigner& signer) {
  Result<ledger::Checkpoint> cp = ledger::OpenCheckpoint(note, signer.verifier());
  if (!cp.ok()) return cp.status().WithPrefix(where);
  return SignedCheckpoint{std::move(*cp), note};
}

}  // namespace

std::string CheckpointsDir(const std::string& data_dir) {
  return JoinPath(JoinPath(data_dir, "ledger"), "checkpoints");
}

Result<ledger::NoteSigner> LoadOrCreateLedgerKey(FileSystem* fs, const std::string& data_dir,
                                                 const std::string& name) {
  const std::string dir = JoinPath(data_dir, "ledger");
  const std::string key_path = JoinPath(dir, "signing.key");
  if (fs->Exists(key_path)) {
    ASSIGN_OR_RETURN(std::string text, fs->ReadFile(key_path));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    Result<ledger::NoteSigner> signer = ledger::NoteSigner::Parse(text);
    if (!signer.ok()) {
      return Status::Corruption(key_path + ": not a ledger signing key (" +
                                signer.status().message() + ")");
    }
    return signer;
  }
  RETURN_IF_ERROR(fs->CreateDir(dir));
  ASSIGN_OR_RETURN(ledger::NoteSigner signer, ledger::NoteSigner::Generate(name));
  // The public half first: a crash between the two leaves no key, and the
  // next start makes a new pair.
  RETURN_IF_ERROR(WriteFileDurably(fs, dir, "verifier.key", signer.verifier_key() + "\n"));
  RETURN_IF_ERROR(WritePrivateFileAtomically(fs, key_path, signer.signer_key() + "\n"));
  return signer;
}

CheckpointLog::CheckpointLog(FileSystem* fs, std::string dir, Store* store,
                             ledger::NoteSigner signer, CheckpointOptions options)
    : fs_(fs), dir_(std::move(dir)), store_(store), signer_(std::move(signer)), options_(options) {}

CheckpointLog::~CheckpointLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

Result<std::unique_ptr<CheckpointLog>> CheckpointLog::Open(FileSystem* fs,
                                                           const std::string& data_dir,
                                                           Store* store, ledger::NoteSigner signer,
                                                           CheckpointOptions options) {
  if (options.every_events == 0 || options.every.count() <= 0) {
    return Status::InvalidArgument("checkpoint intervals must be positive");
  }
  const std::string dir = CheckpointsDir(data_dir);
  RETURN_IF_ERROR(fs->CreateDir(JoinPath(data_dir, "ledger")));
  RETURN_IF_ERROR(fs->CreateDir(dir));
  std::unique_ptr<CheckpointLog> log(new CheckpointLog(fs, dir, store, std::move(signer), options));
  ASSIGN_OR_RETURN(std::vector<std::string> names, fs->ListDir(dir));
  std::optional<uint64_t> newest;
  for (const std::string& name : names) {
    if (name.ends_with(".tmp")) {
      RETURN_IF_ERROR(fs->RemoveFile(JoinPath(dir, name)));  // an unfinished write
      continue;
    }
    std::optional<uint64_t> size = SizeOfName(name);
    if (!size) continue;
    newest = std::max(newest.value_or(0), *size);
  }
  // The newest checkpoint is the larger of the directory's newest file and
  // the store's own copy (Store::LatestCheckpoint): either may be behind,
  // after a lost directory or a copy to the store that failed.
  std::optional<SignedCheckpoint> from_files, from_store;
  if (newest) {
    const std::string path = JoinPath(dir, NoteName(*newest));
    ASSIGN_OR_RETURN(std::string note, fs->ReadFile(path));
    ASSIGN_OR_RETURN(from_files, OpenStored(note, path, log->signer_));
    if (from_files->checkpoint.size != *newest) {
      return Status::Corruption(fmt::format("{}: the checkpoint inside is of size {}", path,
                                            from_files->checkpoint.size));
    }
  }
  ASSIGN_OR_RETURN(std::optional<std::string> stored, store->LatestCheckpoint());
  if (stored) {
    ASSIGN_OR_RETURN(from_store,
                     OpenStored(*stored, "the store's latest checkpoint", log->signer_));
  }
  const bool store_newer =
      from_store && (!from_files || from_store->checkpoint.size > from_files->checkpoint.size);
  if (!from_files && !from_store) {
    RETURN_IF_ERROR(store->SaveVerifierKey(log->verifier_key()));
    return log;
  }
  SignedCheckpoint latest = store_newer ? *from_store : *from_files;
  const std::string where = store_newer ? "the store's latest checkpoint"
                                        : JoinPath(dir, NoteName(latest.checkpoint.size));
  const ledger::Checkpoint& cp = latest.checkpoint;
  if (cp.size > store->EndSeq()) {
    return Status::Corruption(fmt::format(
        "{}: a signed checkpoint of {} events, but the store holds only {}: events were lost",
        where, cp.size, store->EndSeq()));
  }
  ASSIGN_OR_RETURN(ledger::Hash root, store->LedgerRoot(cp.size));
  if (root != cp.root) {
    return Status::Corruption(fmt::format(
        "{}: the store's first {} events no longer hash to this signed checkpoint's root; "
        "run `vigil verify` to find the first changed event",
        where, cp.size));
  }
  // Both copies complete again.
  if (store_newer) {
    RETURN_IF_ERROR(WriteFileDurably(fs, dir, NoteName(cp.size), latest.note));
  } else if (!from_store || from_store->checkpoint.size < cp.size) {
    RETURN_IF_ERROR(store->SaveCheckpoint(cp.size, latest.note));
  }
  log->latest_ = std::move(latest);
  RETURN_IF_ERROR(store->SaveVerifierKey(log->verifier_key()));
  return log;
}

std::optional<SignedCheckpoint> CheckpointLog::Latest() const {
  std::lock_guard lock(mu_);
  return latest_;
}

Status CheckpointLog::WriteCurrent() {
  const uint64_t size = store_->EndSeq();
  {
    std::lock_guard lock(mu_);
    if (latest_ && latest_->checkpoint.size >= size) return Status::Ok();
  }
  ASSIGN_OR_RETURN(ledger::Hash root, store_->LedgerRoot(size));
  ledger::Checkpoint cp{.origin = signer_.name(), .size = size, .root = root, .extensions = {}};
  ASSIGN_OR_RETURN(std::string note, ledger::SignCheckpoint(cp, signer_));
  RETURN_IF_ERROR(WriteFileDurably(fs_, dir_, NoteName(size), note));
  // The store's copy next; should it fail, the next Open copies it.
  if (Status s = store_->SaveCheckpoint(size, note); !s.ok()) {
    fmt::print(stderr, "vigil: warning: checkpoint of {} events: the store's copy: {}\n", size,
               s.ToString());
  }
  std::lock_guard lock(mu_);
  latest_ = SignedCheckpoint{std::move(cp), std::move(note)};
  return Status::Ok();
}

Result<SignedCheckpoint> CheckpointLog::Covering(uint64_t size) {
  if (std::optional<SignedCheckpoint> latest = Latest();
      latest && latest->checkpoint.size >= size) {
    return *latest;
  }
  if (size > store_->EndSeq()) {
    return Status::InvalidArgument(
        fmt::format("size {} is past the log's end ({} events)", size, store_->EndSeq()));
  }
  std::lock_guard write(write_mu_);
  RETURN_IF_ERROR(WriteCurrent());
  return *Latest();
}

void CheckpointLog::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void CheckpointLog::Run() {
  pthread_setname_np(pthread_self(), "vigil-checkpt");
  auto deadline = std::chrono::steady_clock::now() + options_.every;
  while (true) {
    uint64_t base = 0;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      if (latest_) base = latest_->checkpoint.size;
    }
    const auto now = std::chrono::steady_clock::now();
    const auto wait = std::min<std::chrono::steady_clock::duration>(
        deadline > now ? deadline - now : std::chrono::steady_clock::duration::zero(),
        std::chrono::milliseconds(200));  // checks stopping_ at least this often
    const bool enough =
        store_->WaitForEvents(base + options_.every_events - 1,
                              std::chrono::duration_cast<std::chrono::milliseconds>(wait));
    if (!enough && std::chrono::steady_clock::now() < deadline) continue;
    std::lock_guard write(write_mu_);
    // A failure (disk full) is retried at the next turn; the last good
    // checkpoint stays the latest.
    (void)WriteCurrent();
    deadline = std::chrono::steady_clock::now() + options_.every;
  }
}

Status CheckpointLog::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return Status::Ok();
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  std::lock_guard write(write_mu_);
  return WriteCurrent();
}

}  // namespace vigil::api
