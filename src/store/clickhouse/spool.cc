#include "store/clickhouse/spool.h"

#include <fmt/format.h>

#include <utility>

#include "store/wal/wal_reader.h"

namespace vigil::clickhouse {
namespace {

constexpr std::string_view kPrefix = "spool-";
constexpr std::string_view kSuffix = ".wal";

bool IsSpoolFile(std::string_view name) {
  return name.size() > kPrefix.size() + kSuffix.size() && name.starts_with(kPrefix) &&
         name.ends_with(kSuffix);
}

}  // namespace

Result<std::unique_ptr<Spool>> Spool::Open(SpoolOptions options, uint64_t committed_end) {
  if (options.fs == nullptr || options.dir.empty()) {
    return Status::InvalidArgument("Spool: a file system and a directory are required");
  }
  std::unique_ptr<Spool> spool(new Spool(std::move(options)));
  FileSystem* fs = spool->options_.fs;
  RETURN_IF_ERROR(fs->CreateDir(spool->options_.dir));
  ASSIGN_OR_RETURN(std::vector<std::string> names, fs->ListDir(spool->options_.dir));
  spool->forwarded_end_ = committed_end;
  uint64_t expect = committed_end;
  for (const std::string& name : names) {  // sorted: the zero-padded seqs order them
    if (!IsSpoolFile(name)) continue;
    RETURN_IF_ERROR(spool->ReadFile(JoinPath(spool->options_.dir, name), committed_end, &expect));
  }
  std::lock_guard lock(spool->mu_);
  RETURN_IF_ERROR(spool->RemoveForwarded());
  return spool;
}

Status Spool::ReadFile(const std::string& path, uint64_t committed_end, uint64_t* expect) {
  File file{.path = path, .end_seq = committed_end, .bytes = 0};
  Status s = ReadWal(
      options_.fs, path, /*repair_torn_tail=*/true,
      [&](std::string_view payload, uint64_t offset) -> Status {
        Result<BatchRows> rows = DecodeBatchRows(payload);
        if (!rows.ok()) {
          return Status::Corruption(
              fmt::format("{}: record at offset {}: {}", path, offset, rows.status().message()));
        }
        file.end_seq = std::max(file.end_seq, rows->end_seq());
        if (rows->end_seq() <= committed_end) return Status::Ok();  // forwarded already
        if (rows->first_seq != *expect) {
          return Status::Corruption(fmt::format(
              "{}: record at offset {} holds seqs from {}, but the log continues at {}; the "
              "spool does not fit this node's log in ClickHouse (was it copied from another "
              "node, or the database replaced?)",
              path, offset, rows->first_seq, *expect));
        }
        *expect = rows->end_seq();
        pending_.push_back(std::make_shared<const BatchRows>(*std::move(rows)));
        return Status::Ok();
      },
      nullptr);
  RETURN_IF_ERROR(s);
  ASSIGN_OR_RETURN(file.bytes, options_.fs->FileSize(path));
  files_.push_back(std::move(file));
  return Status::Ok();
}

Spool::~Spool() {
  if (writer_) (void)writer_->Close();
}

Status Spool::Add(const BatchRows& rows) {
  const std::string payload = EncodeBatchRows(rows);
  std::lock_guard lock(mu_);
  RETURN_IF_ERROR(failure_);
  if (!pending_.empty() && rows.first_seq != pending_.back()->end_seq()) {
    return Status::Internal(fmt::format("Spool::Add: batch at seq {} after one ending at {}",
                                        rows.first_seq, pending_.back()->end_seq()));
  }
  uint64_t on_disk = 0;
  for (const File& f : files_) on_disk += f.bytes;
  // A record's framing is a few dozen bytes; a new file's header about as much.
  if (on_disk + payload.size() + 64 > options_.max_bytes) {
    return Status::Unavailable(fmt::format(
        "ClickHouse is unreachable and this node's local spool is full ({} of {} bytes in {}); "
        "retry when ClickHouse is back",
        on_disk, options_.max_bytes, options_.dir));
  }
  if (writer_ && writer_->Size() >= options_.file_bytes) {
    RETURN_IF_ERROR(writer_->Close());
    writer_.reset();
  }
  if (!writer_) {
    const std::string path =
        JoinPath(options_.dir, fmt::format("{}{:020}{}", kPrefix, rows.first_seq, kSuffix));
    ASSIGN_OR_RETURN(writer_, WalWriter::Create(options_.fs, path));
    files_.push_back(File{.path = path, .end_seq = rows.first_seq, .bytes = writer_->Size()});
  }
  Status s = writer_->AddRecord(payload);
  if (s.ok()) s = writer_->Sync();
  if (!s.ok()) {
    // The record may be in the file, whole or torn, so the spool takes no
    // more batches until a restart recovers the file (a whole record is then
    // forwarded: harmless, it was not acknowledged and a retry of it is a
    // duplicate).
    failure_ = Status::Unavailable(
        fmt::format("this node's local spool failed ({}); restart the node", s.ToString()));
    return failure_;
  }
  files_.back().end_seq = rows.end_seq();
  files_.back().bytes = writer_->Size();
  pending_.push_back(std::make_shared<const BatchRows>(rows));
  return Status::Ok();
}

std::shared_ptr<const BatchRows> Spool::Front() const {
  std::lock_guard lock(mu_);
  return pending_.empty() ? nullptr : pending_.front();
}

Status Spool::PopFront() {
  std::lock_guard lock(mu_);
  if (pending_.empty()) return Status::Internal("Spool::PopFront on an empty spool");
  forwarded_end_ = pending_.front()->end_seq();
  pending_.pop_front();
  return RemoveForwarded();
}

Status Spool::RemoveForwarded() {
  bool removed = false;
  while (!files_.empty() && files_.front().end_seq <= forwarded_end_) {
    if (writer_ && files_.size() == 1) {  // the file being written: every batch in it is gone
      RETURN_IF_ERROR(writer_->Close());
      writer_.reset();
    }
    RETURN_IF_ERROR(options_.fs->RemoveFile(files_.front().path));
    files_.pop_front();
    removed = true;
  }
  if (removed) RETURN_IF_ERROR(options_.fs->SyncDir(options_.dir));
  return Status::Ok();
}

std::vector<std::shared_ptr<const BatchRows>> Spool::Pending() const {
  std::lock_guard lock(mu_);
  return {pending_.begin(), pending_.end()};
}

bool Spool::empty() const {
  std::lock_guard lock(mu_);
  return pending_.empty();
}

uint64_t Spool::bytes() const {
  std::lock_guard lock(mu_);
  uint64_t n = 0;
  for (const File& f : files_) n += f.bytes;
  return n;
}

}  // namespace vigil::clickhouse
