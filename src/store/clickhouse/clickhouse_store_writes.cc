// ClickHouseStore's write path: Append, the commit protocol, and the local
// spool with its forwarder (clickhouse_store.h).
#include <fmt/format.h>

#include <cstdio>

#include "core/timestamp.h"
#include "store/clickhouse/clickhouse_store.h"
#include "store/clickhouse/event_row.h"
#include "store/clickhouse/row_binary.h"
#include "store/clickhouse/sql_text.h"

namespace vigil::clickhouse {
namespace {

// The month partition of an event (as the events table's PARTITION BY).
int64_t MonthOf(int64_t time_ms) {
  const int64_t days = (time_ms >= 0 ? time_ms : time_ms - kMsPerDay + 1) / kMsPerDay;
  // Civil-from-days (Howard Hinnant's algorithm), year and month only.
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 100 + m;
}

using Key = std::pair<std::string_view, std::string_view>;  // (tenant, id)

}  // namespace

bool ClickHouseStore::CanSpool(const Status& s) const {
  return spool_ != nullptr && s.code() == StatusCode::kUnavailable;
}

Result<std::vector<AppendAck>> ClickHouseStore::Append(PreparedBatch batch) {
  if (batch.events.empty()) return std::vector<AppendAck>{};
  if (batch.starts.size() != batch.events.size() ||
      batch.leaf_hashes.size() != batch.events.size()) {
    return Status::Internal("PreparedBatch: canonical forms do not match the events");
  }
  RETURN_IF_ERROR(batch.status);
  std::lock_guard write(write_mu_);
  RETURN_IF_ERROR(CheckOpen());
  bool direct = !spooling_;
  if (direct && dirty_) {
    Status s = RemoveUncommitted();
    if (s.ok()) {
      dirty_ = false;
    } else if (CanSpool(s)) {
      direct = false;
    } else {
      return s;
    }
  }
  std::vector<size_t> stored;
  bool reachable = true;
  ASSIGN_OR_RETURN(std::vector<AppendAck> acks, AssignSeqs(batch, &stored, &reachable));
  if (stored.empty()) return acks;
  if (!reachable) direct = false;
  const BatchRows rows = BuildRows(batch, stored, next_seq_);
  if (direct) {
    Status s = SendRows(rows);
    if (s.ok()) {
      for (size_t i : stored) tree_.Append(batch.leaf_hashes[i]);
      next_seq_ = rows.end_seq();
      Committed(rows);
      return acks;
    }
    dirty_ = true;  // whoever sends next first removes what landed
    if (!CanSpool(s)) return s;
    fmt::print(stderr, "vigil: warning: ClickHouse is unreachable ({}); spooling batches locally\n",
               s.ToString());
  }
  RETURN_IF_ERROR(SpoolRows(rows, batch, stored));
  return acks;
}

Result<std::vector<AppendAck>> ClickHouseStore::AssignSeqs(PreparedBatch& batch,
                                                           std::vector<size_t>* stored,
                                                           bool* reachable) {
  // Duplicates: ids stored already (by any node), then repeats within the batch.
  std::map<Key, uint64_t> known;  // views into batch.events
  std::map<Key, size_t> in_batch;
  for (size_t i = 0; i < batch.events.size(); ++i) {
    in_batch.emplace(Key(batch.events[i].tenant, batch.events[i].id), i);
  }
  if (spooling_ && forward_failing_) *reachable = false;
  constexpr size_t kKeysPerLookup = 1000;  // keeps the statement under max_query_size
  for (auto it = in_batch.begin(); it != in_batch.end() && *reachable;) {
    std::string keys;
    for (size_t n = 0; n < kKeysPerLookup && it != in_batch.end(); ++n, ++it) {
      if (!keys.empty()) keys += ", ";
      keys += fmt::format("({}, {})", Quote(it->first.first), Quote(it->first.second));
    }
    Result<std::string> rows = client_.Query(fmt::format(
        "SELECT tenant, id, seq FROM event_ids WHERE (tenant, id) IN ({}) FORMAT RowBinary", keys));
    if (!rows.ok()) {
      if (!CanSpool(rows.status())) return rows.status();
      *reachable = false;  // the spool's ids below are all we can check
      break;
    }
    RowBinaryReader r(*rows);
    while (!r.done()) {
      ASSIGN_OR_RETURN(std::string_view tenant, r.String());
      ASSIGN_OR_RETURN(std::string_view id, r.String());
      ASSIGN_OR_RETURN(uint64_t seq, r.UInt64());
      auto found = in_batch.find(Key(tenant, id));
      if (found != in_batch.end()) known.emplace(found->first, seq);
    }
  }
  if (!spooled_ids_.empty()) {
    for (const auto& [key, i] : in_batch) {
      auto found = spooled_ids_.find({std::string(key.first), std::string(key.second)});
      if (found != spooled_ids_.end()) known.emplace(key, found->second);
    }
  }
  std::vector<AppendAck> acks(batch.events.size());
  for (size_t i = 0; i < batch.events.size(); ++i) {
    Event& e = batch.events[i];
    acks[i].id = e.id;
    auto [it, added] = known.emplace(Key(e.tenant, e.id), next_seq_ + stored->size());
    acks[i].seq = it->second;
    acks[i].duplicate = !added;
    if (!added) continue;
    e.seq = it->second;
    stored->push_back(i);
  }
  return acks;
}

BatchRows ClickHouseStore::BuildRows(const PreparedBatch& batch, const std::vector<size_t>& stored,
                                     uint64_t first_seq) const {
  const uint16_t node = options_.node_id;
  BatchRows rows{.first_seq = first_seq, .count = stored.size()};
  // One insert per month partition: ClickHouse writes each insert's rows of
  // one partition as one part, atomically.
  std::map<int64_t, std::string> by_month;
  RowBinaryWriter iw(&rows.ids), lw(&rows.leaves);
  for (size_t i : stored) {
    const Event& e = batch.events[i];
    AppendEventRow(e, batch.canonical(i), node, &by_month[MonthOf(e.time_ms)]);
    iw.String(e.tenant);
    iw.String(e.id);
    iw.UInt16(node);
    iw.UInt64(e.seq);
    iw.Int64(e.time_ms);
    lw.UInt16(node);
    lw.UInt64(e.seq);
    const ledger::Hash& h = batch.leaf_hashes[i];
    lw.FixedString({reinterpret_cast<const char*>(h.data()), h.size()}, 32);
  }
  for (auto& [month, part] : by_month) rows.events_by_month.push_back(std::move(part));
  return rows;
}

Status ClickHouseStore::SendRows(const BatchRows& rows) {
  for (const std::string& part : rows.events_by_month) {
    RETURN_IF_ERROR(client_.Insert("INSERT INTO events FORMAT RowBinary", part));
  }
  RETURN_IF_ERROR(client_.Insert("INSERT INTO event_ids FORMAT RowBinary", rows.ids));
  // The commit point: once the leaves are in, the batch is stored.
  return client_.Insert("INSERT INTO ledger_leaves FORMAT RowBinary", rows.leaves);
}

void ClickHouseStore::Committed(const BatchRows& rows) {
  // Best effort: a tile root that is not stored is rebuilt from the leaves
  // on the next start.
  const uint64_t complete = rows.end_seq() / ledger::kTileSize;
  if (complete > tiles_stored_ && InsertTileRoots(tiles_stored_, complete).ok()) {
    tiles_stored_ = complete;
  }
  {
    std::lock_guard lock(end_mu_);
    end_seq_ = rows.end_seq();
  }
  end_cv_.notify_all();
}

Status ClickHouseStore::SpoolRows(const BatchRows& rows, const PreparedBatch& batch,
                                  const std::vector<size_t>& stored) {
  RETURN_IF_ERROR(spool_->Add(rows));  // durable: from here on it is acknowledged
  spooling_ = true;
  for (size_t i : stored) {
    const Event& e = batch.events[i];
    spooled_ids_.emplace(std::make_pair(e.tenant, e.id), e.seq);
    tree_.Append(batch.leaf_hashes[i]);
  }
  next_seq_ = rows.end_seq();
  { std::lock_guard lock(end_mu_); }  // the forwarder is waiting or sees the batch
  forward_cv_.notify_all();
  return Status::Ok();
}

Status ClickHouseStore::OpenSpool() {
  if (options_.spool_dir.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(spool_, Spool::Open({.fs = options_.fs,
                                        .dir = options_.spool_dir,
                                        .max_bytes = options_.spool_max_bytes},
                                       next_seq_));
  for (const std::shared_ptr<const BatchRows>& rows : spool_->Pending()) {
    RowBinaryReader leaves(rows->leaves), ids(rows->ids);
    for (uint64_t seq = rows->first_seq; seq < rows->end_seq(); ++seq) {
      ASSIGN_OR_RETURN(uint16_t node, leaves.UInt16());
      ASSIGN_OR_RETURN(uint64_t leaf_seq, leaves.UInt64());
      ASSIGN_OR_RETURN(std::string_view hash, leaves.FixedString(32));
      ASSIGN_OR_RETURN(std::string_view tenant, ids.String());
      ASSIGN_OR_RETURN(std::string_view id, ids.String());
      ASSIGN_OR_RETURN(uint16_t id_node, ids.UInt16());
      ASSIGN_OR_RETURN(uint64_t id_seq, ids.UInt64());
      ASSIGN_OR_RETURN(int64_t time_ms, ids.Int64());
      (void)time_ms;
      if (node != options_.node_id || id_node != node || leaf_seq != seq || id_seq != seq) {
        return Status::Corruption(fmt::format(
            "spool in {}: the batch at seq {} holds node {} seq {}, not node {} seq {}; it "
            "belongs to another node or is damaged",
            options_.spool_dir, rows->first_seq, node, leaf_seq, options_.node_id, seq));
      }
      ledger::Hash h;
      std::copy(hash.begin(), hash.end(), h.begin());
      tree_.Append(h);
      spooled_ids_.emplace(std::make_pair(std::string(tenant), std::string(id)), seq);
    }
    next_seq_ = rows->end_seq();
  }
  spooling_ = !spool_->empty();
  if (spooling_) {
    fmt::print(stderr, "vigil: {} batches ({} bytes) wait in the local spool; forwarding them\n",
               spool_->Pending().size(), spool_->bytes());
  }
  forwarder_ = std::thread([this] { ForwardLoop(); });
  return Status::Ok();
}

void ClickHouseStore::ForwardLoop() {
  bool failed = false;  // the last attempt failed: wait before the next
  for (;;) {
    std::shared_ptr<const BatchRows> rows;
    {
      std::unique_lock lock(end_mu_);
      auto ready = [&] { return closed_ || (rows = spool_->Front()) != nullptr; };
      if (failed) {
        forward_cv_.wait_for(lock, options_.forward_retry, [&] { return closed_; });
        if (!closed_) rows = spool_->Front();
      } else {
        forward_cv_.wait(lock, ready);
      }
      if (closed_) return;
    }
    failed = false;
    if (rows == nullptr) continue;
    Status s = dirty_ ? RemoveUncommitted() : Status::Ok();
    if (s.ok()) {
      dirty_ = false;
      s = SendRows(*rows);
      if (!s.ok()) dirty_ = true;
    }
    failed = !s.ok();
    forward_failing_ = failed;
    if (failed) continue;
    // Forwarded. Under the write lock, so that an append that finds these
    // events readable also finds the spool drained and goes to ClickHouse
    // itself (readable when acknowledged). A failure to remove the spool
    // file leaves it to the next start, which drops batches ClickHouse holds.
    std::lock_guard write(write_mu_);
    if (Status pop = spool_->PopFront(); !pop.ok()) {
      fmt::print(stderr, "vigil: warning: spool: {}\n", pop.ToString());
    }
    Committed(*rows);
    if (spool_->empty()) {
      spooling_ = false;  // Append is the writer again
      spooled_ids_.clear();
      fmt::print(stderr, "vigil: the local spool is forwarded to ClickHouse\n");
    }
  }
}

uint64_t ClickHouseStore::SpoolBytes() const { return spool_ ? spool_->bytes() : 0; }

}  // namespace vigil::clickhouse
