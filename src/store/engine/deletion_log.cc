#include "store/engine/deletion_log.h"

#include <fmt/format.h>

#include <cstring>

#include "store/segment/coding.h"
#include "store/wal/wal_codec.h"

namespace vigil {
namespace {

using segment::DecodeFixed32;
using segment::DecodeFixed64;
using segment::PutFixed32;
using segment::PutFixed64;

// Payload: first u64, last u64, authorized_by u64, kept u32, kept × (seq u64, hash).
constexpr size_t kFixedPayload = 8 + 8 + 8 + 4;
constexpr size_t kKeptEntry = 8 + 32;

std::string Header() {
  std::string h(kDeletionsMagic);
  PutFixed32(&h, kDeletionsFormatVersion);
  PutFixed32(&h, 0);
  return h;
}

Result<DeletionRecord> DecodePayload(std::string_view p) {
  if (p.size() < kFixedPayload) return Status::Corruption("record too short");
  DeletionRecord r;
  r.seqs.first = DecodeFixed64(p.data());
  r.seqs.last = DecodeFixed64(p.data() + 8);
  r.authorized_by = DecodeFixed64(p.data() + 16);
  const uint32_t kept = DecodeFixed32(p.data() + 24);
  if (r.seqs.last < r.seqs.first) return Status::Corruption("record's seqs end before they start");
  if (p.size() != kFixedPayload + static_cast<size_t>(kept) * kKeptEntry) {
    return Status::Corruption("record's size does not match its kept leaf count");
  }
  for (uint32_t k = 0; k < kept; ++k) {
    const char* e = p.data() + kFixedPayload + k * kKeptEntry;
    const uint64_t seq = DecodeFixed64(e);
    if (seq < r.seqs.first || seq > r.seqs.last) {
      return Status::Corruption(fmt::format("kept leaf of seq {} outside the record's seqs", seq));
    }
    ledger::Hash h;
    std::memcpy(h.data(), e + 8, h.size());
    r.kept_leaves[seq] = h;
  }
  return r;
}

}  // namespace

std::string EncodeDeletionRecord(const DeletionRecord& record) {
  std::string payload;
  PutFixed64(&payload, record.seqs.first);
  PutFixed64(&payload, record.seqs.last);
  PutFixed64(&payload, record.authorized_by);
  PutFixed32(&payload, static_cast<uint32_t>(record.kept_leaves.size()));
  for (const auto& [seq, hash] : record.kept_leaves) {
    PutFixed64(&payload, seq);
    payload.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  }
  std::string out;
  PutFixed32(&out, static_cast<uint32_t>(payload.size()));
  out += payload;
  PutFixed32(&out, wal::Crc32(payload));
  return out;
}

Result<std::vector<DeletionRecord>> ParseDeletionsFile(std::string_view data,
                                                       const std::string& path,
                                                       size_t* whole_bytes) {
  std::vector<DeletionRecord> records;
  if (whole_bytes != nullptr) *whole_bytes = 0;
  if (data.empty()) return records;
  if (data.size() < kDeletionsHeaderSize || data.substr(0, kDeletionsHeaderSize) != Header()) {
    return Status::Corruption(
        fmt::format("{}: not a version {} deletions file", path, kDeletionsFormatVersion));
  }
  size_t pos = kDeletionsHeaderSize;
  while (data.size() - pos >= 4) {
    const uint32_t len = DecodeFixed32(data.data() + pos);
    if (data.size() - pos - 4 < static_cast<size_t>(len) + 4) break;  // torn last record
    const std::string_view payload = data.substr(pos + 4, len);
    const auto where = [&] { return fmt::format("{}: record at offset {}", path, pos); };
    if (DecodeFixed32(data.data() + pos + 4 + len) != wal::Crc32(payload)) {
      return Status::Corruption(where() + ": checksum mismatch");
    }
    Result<DeletionRecord> r = DecodePayload(payload);
    if (!r.ok()) return r.status().WithPrefix(where());
    for (const DeletionRecord& earlier : records) {
      if (r->seqs.first <= earlier.seqs.last && earlier.seqs.first <= r->seqs.last) {
        return Status::Corruption(fmt::format("{}: seqs {}-{} overlap an earlier record's {}-{}",
                                              where(), r->seqs.first, r->seqs.last,
                                              earlier.seqs.first, earlier.seqs.last));
      }
    }
    records.push_back(std::move(*r));
    pos += 4 + len + 4;
  }
  if (whole_bytes != nullptr) *whole_bytes = pos;
  return records;
}

Status DeletionLog::Open() {
  if (!fs_->Exists(path_)) return Status::Ok();
  ASSIGN_OR_RETURN(std::string data, fs_->ReadFile(path_));
  // A crash while the file was being created can leave a prefix of its header.
  if (data.size() < kDeletionsHeaderSize && Header().starts_with(data)) {
    return fs_->RemoveFile(path_);
  }
  size_t whole = 0;
  ASSIGN_OR_RETURN(std::vector<DeletionRecord> records, ParseDeletionsFile(data, path_, &whole));
  if (whole != data.size()) RETURN_IF_ERROR(fs_->Truncate(path_, whole));
  std::lock_guard lock(mu_);
  for (DeletionRecord& r : records) by_first_[r.seqs.first] = std::move(r);
  return Status::Ok();
}

Status DeletionLog::Append(DeletionRecord record) {
  std::lock_guard lock(mu_);
  if (!file_) {
    const bool create = !fs_->Exists(path_);
    ASSIGN_OR_RETURN(file_, fs_->OpenWritable(path_, /*truncate=*/create));
    if (create) {
      RETURN_IF_ERROR(file_->Append(Header()));
      RETURN_IF_ERROR(file_->Sync());
      RETURN_IF_ERROR(fs_->SyncDir(ParentDir(path_)));
    }
  }
  RETURN_IF_ERROR(file_->Append(EncodeDeletionRecord(record)));
  RETURN_IF_ERROR(file_->Sync());
  const uint64_t first = record.seqs.first;
  by_first_[first] = std::move(record);
  return Status::Ok();
}

bool DeletionLog::empty() const {
  std::lock_guard lock(mu_);
  return by_first_.empty();
}

std::vector<DeletionRecord> DeletionLog::records() const {
  std::lock_guard lock(mu_);
  std::vector<DeletionRecord> out;
  for (const auto& [first, r] : by_first_) out.push_back(r);
  return out;
}

const DeletionRecord* DeletionLog::FindLocked(uint64_t seq) const {
  auto it = by_first_.upper_bound(seq);
  if (it == by_first_.begin()) return nullptr;
  --it;
  return seq <= it->second.seqs.last ? &it->second : nullptr;
}

bool DeletionLog::IsDeleted(uint64_t seq) const {
  std::lock_guard lock(mu_);
  return FindLocked(seq) != nullptr;
}

std::vector<SeqRange> DeletionLog::DeletedWithin(uint64_t first, uint64_t end) const {
  std::vector<SeqRange> out;
  if (first >= end) return out;
  std::lock_guard lock(mu_);
  auto it = by_first_.upper_bound(first);
  if (it != by_first_.begin()) --it;
  for (; it != by_first_.end() && it->first < end; ++it) {
    const SeqRange& s = it->second.seqs;
    if (s.last < first) continue;
    SeqRange cut{std::max(s.first, first), std::min(s.last, end - 1)};
    if (!out.empty() && out.back().last + 1 == cut.first) {
      out.back().last = cut.last;
    } else {
      out.push_back(cut);
    }
  }
  return out;
}

std::optional<ledger::Hash> DeletionLog::KeptLeaf(uint64_t seq) const {
  std::lock_guard lock(mu_);
  const DeletionRecord* r = FindLocked(seq);
  if (r == nullptr) return std::nullopt;
  auto it = r->kept_leaves.find(seq);
  if (it == r->kept_leaves.end()) return std::nullopt;
  return it->second;
}

uint64_t DeletionLog::deleted_events() const {
  std::lock_guard lock(mu_);
  uint64_t n = 0;
  for (const auto& [first, r] : by_first_) n += r.seqs.count();
  return n;
}

}  // namespace vigil
