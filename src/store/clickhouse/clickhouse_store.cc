#include "store/clickhouse/clickhouse_store.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <thread>
#include <utility>

#include "core/clock.h"
#include "core/timestamp.h"
#include "store/clickhouse/event_row.h"
#include "store/clickhouse/row_binary.h"
#include "store/clickhouse/schema.h"
#include "store/clickhouse/sql_text.h"

namespace vigil::clickhouse {
namespace {

constexpr auto kMutationPoll = std::chrono::milliseconds(50);
constexpr auto kMutationTimeout = std::chrono::minutes(5);

std::string_view HashBytes(const ledger::Hash& h) {
  return {reinterpret_cast<const char*>(h.data()), h.size()};
}

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

}  // namespace

ClickHouseStore::ClickHouseStore(ClickHouseStoreOptions options)
    : options_(std::move(options)),
      client_(options_.client),
      tree_([this](uint64_t tile) { return LoadTile(tile); }) {}

ClickHouseStore::~ClickHouseStore() { (void)Close(); }

Result<std::unique_ptr<ClickHouseStore>> ClickHouseStore::Open(ClickHouseStoreOptions options) {
  std::unique_ptr<ClickHouseStore> store(new ClickHouseStore(std::move(options)));
  RETURN_IF_ERROR(Migrate(store->client_));
  RETURN_IF_ERROR(store->RegisterNode());
  RETURN_IF_ERROR(store->LoadLedger());
  RETURN_IF_ERROR(store->RemoveUncommitted());
  return store;
}

Status ClickHouseStore::RegisterNode() {
  const uint16_t id = options_.node_id;
  ASSIGN_OR_RETURN(std::string names,
                   client_.Query(fmt::format(
                       "SELECT DISTINCT name FROM nodes WHERE node = {} FORMAT TabSeparated", id)));
  if (names.empty()) {
    return client_
        .Query(fmt::format("INSERT INTO nodes VALUES ({}, {}, {})", id, Quote(options_.node_name),
                           SystemClock::Get()->NowMs()))
        .status();
  }
  if (names != options_.node_name + "\n") {
    return Status::FailedPrecondition(fmt::format(
        "ClickHouse node id {} is registered to '{}', not '{}': each Vigil node needs its own "
        "id (clickhouse_node_id) and keeps its name",
        id, names.substr(0, names.find('\n')), options_.node_name));
  }
  return Status::Ok();
}

Status ClickHouseStore::LoadLedger() {
  const uint16_t node = options_.node_id;
  // Tile roots first, then the leaves of the incomplete last tile. A row
  // inserted twice (a retried insert) is read once: LIMIT 1 BY.
  ASSIGN_OR_RETURN(std::string tiles,
                   client_.Query(fmt::format("SELECT tile, root FROM ledger_tiles WHERE node = {} "
                                             "ORDER BY tile LIMIT 1 BY tile FORMAT RowBinary",
                                             node)));
  RowBinaryReader tr(tiles);
  uint64_t want_tile = 0;
  std::vector<ledger::Hash> roots;
  while (!tr.done()) {
    ASSIGN_OR_RETURN(uint64_t t, tr.UInt64());
    ASSIGN_OR_RETURN(std::string_view root, tr.FixedString(32));
    if (t != want_tile) break;  // a gap: the leaves rebuild what follows
    ledger::Hash h;
    std::copy(root.begin(), root.end(), h.begin());
    roots.push_back(h);
    ++want_tile;
  }
  for (const ledger::Hash& r : roots) tree_.AppendTile(r);
  ASSIGN_OR_RETURN(std::string leaves,
                   client_.Query(fmt::format("SELECT seq, hash FROM ledger_leaves WHERE node = {} "
                                             "AND seq >= {} ORDER BY seq LIMIT 1 BY seq FORMAT "
                                             "RowBinary",
                                             node, tree_.size())));
  RowBinaryReader lr(leaves);
  const uint64_t stored_tiles = tree_.tile_count();
  while (!lr.done()) {
    ASSIGN_OR_RETURN(uint64_t seq, lr.UInt64());
    ASSIGN_OR_RETURN(std::string_view bytes, lr.FixedString(32));
    if (seq != tree_.size()) {
      return Status::Corruption(fmt::format(
          "ClickHouse ledger_leaves of node {}: seq {} follows seq {}; the log has a gap", node,
          seq, tree_.size() - 1));
    }
    ledger::Hash h;
    std::copy(bytes.begin(), bytes.end(), h.begin());
    tree_.Append(h);
  }
  // Tiles the leaves completed whose roots were not stored.
  RETURN_IF_ERROR(InsertTileRoots(stored_tiles, tree_.tile_count()));
  std::lock_guard lock(end_mu_);
  end_seq_ = tree_.size();
  return Status::Ok();
}

Result<std::vector<ledger::Hash>> ClickHouseStore::LoadTile(uint64_t tile) {
  const uint64_t first = tile * ledger::kTileSize;
  ASSIGN_OR_RETURN(std::string rows,
                   client_.Query(fmt::format(
                       "SELECT hash FROM ledger_leaves WHERE node = {} AND seq >= {} AND seq < {} "
                       "ORDER BY seq LIMIT 1 BY seq FORMAT RowBinary",
                       options_.node_id, first, first + ledger::kTileSize)));
  std::vector<ledger::Hash> out;
  RowBinaryReader r(rows);
  while (!r.done()) {
    ASSIGN_OR_RETURN(std::string_view bytes, r.FixedString(32));
    ledger::Hash h;
    std::copy(bytes.begin(), bytes.end(), h.begin());
    out.push_back(h);
  }
  if (out.size() != ledger::kTileSize) {
    return Status::Corruption(
        fmt::format("ClickHouse ledger_leaves of node {}: tile {} has {} of {} leaves",
                    options_.node_id, tile, out.size(), ledger::kTileSize));
  }
  return out;
}

Status ClickHouseStore::RemoveUncommitted() {
  uint64_t end = 0;
  {
    std::lock_guard lock(end_mu_);
    end = end_seq_;
  }
  const std::string where = fmt::format("node = {} AND seq >= {}", options_.node_id, end);
  bool any = false;
  for (const char* table : {"events", "event_ids"}) {
    ASSIGN_OR_RETURN(std::string n,
                     client_.Query(fmt::format("SELECT count() FROM {} WHERE {}", table, where)));
    if (n == "0\n") continue;
    any = true;
    RETURN_IF_ERROR(
        client_.Query(fmt::format("ALTER TABLE {} DELETE WHERE {}", table, where)).status());
  }
  if (!any) return Status::Ok();
  // ALTER … DELETE is a mutation ClickHouse applies in the background: wait
  // until none is pending, so no later append can meet those rows.
  const auto deadline = std::chrono::steady_clock::now() + kMutationTimeout;
  for (;;) {
    ASSIGN_OR_RETURN(std::string pending,
                     client_.Query(fmt::format(
                         "SELECT count() FROM system.mutations WHERE database = {} AND table IN "
                         "('events', 'event_ids') AND is_done = 0",
                         Quote(options_.client.database))));
    if (pending == "0\n") return Status::Ok();
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::Unavailable(
          "ClickHouse has not finished deleting the rows of an interrupted append after 5 "
          "minutes; see system.mutations");
    }
    std::this_thread::sleep_for(kMutationPoll);
  }
}

Status ClickHouseStore::CheckOpen() {
  std::lock_guard lock(end_mu_);
  if (closed_) return Status::Unavailable("the store is closed");
  return Status::Ok();
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
  if (dirty_) {
    RETURN_IF_ERROR(RemoveUncommitted());
    dirty_ = false;
  }

  // Duplicates: ids stored already (by any node), then repeats within the batch.
  using Key = std::pair<std::string_view, std::string_view>;  // views into batch.events
  std::map<Key, uint64_t> known;
  {
    std::map<Key, size_t> in_batch;
    for (size_t i = 0; i < batch.events.size(); ++i) {
      in_batch.emplace(Key(batch.events[i].tenant, batch.events[i].id), i);
    }
    constexpr size_t kKeysPerLookup = 1000;  // keeps the statement under max_query_size
    for (auto it = in_batch.begin(); it != in_batch.end();) {
      std::string keys;
      for (size_t n = 0; n < kKeysPerLookup && it != in_batch.end(); ++n, ++it) {
        if (!keys.empty()) keys += ", ";
        keys += fmt::format("({}, {})", Quote(it->first.first), Quote(it->first.second));
      }
      ASSIGN_OR_RETURN(std::string rows,
                       client_.Query(fmt::format("SELECT tenant, id, seq FROM event_ids WHERE "
                                                 "(tenant, id) IN ({}) FORMAT RowBinary",
                                                 keys)));
      RowBinaryReader r(rows);
      while (!r.done()) {
        ASSIGN_OR_RETURN(std::string_view tenant, r.String());
        ASSIGN_OR_RETURN(std::string_view id, r.String());
        ASSIGN_OR_RETURN(uint64_t seq, r.UInt64());
        auto found = in_batch.find(Key(tenant, id));
        if (found != in_batch.end()) known.emplace(found->first, seq);
      }
    }
  }
  uint64_t first_seq = 0;
  {
    std::lock_guard lock(end_mu_);
    first_seq = end_seq_;
  }
  std::vector<AppendAck> acks(batch.events.size());
  std::vector<size_t> stored;
  for (size_t i = 0; i < batch.events.size(); ++i) {
    Event& e = batch.events[i];
    acks[i].id = e.id;
    auto [it, added] = known.emplace(Key(e.tenant, e.id), first_seq + stored.size());
    acks[i].seq = it->second;
    acks[i].duplicate = !added;
    if (!added) continue;
    e.seq = it->second;
    stored.push_back(i);
  }
  if (stored.empty()) return acks;
  Status s = InsertBatch(batch, stored);
  if (!s.ok()) {
    dirty_ = true;  // the next append removes what landed
    return s;
  }
  const uint64_t tiles_before = tree_.tile_count();
  for (size_t i : stored) tree_.Append(batch.leaf_hashes[i]);
  // Best effort: a tile root that is not stored is rebuilt from the leaves
  // on the next start.
  (void)InsertTileRoots(tiles_before, tree_.tile_count());
  {
    std::lock_guard lock(end_mu_);
    end_seq_ = first_seq + stored.size();
  }
  end_cv_.notify_all();
  return acks;
}

Status ClickHouseStore::InsertBatch(const PreparedBatch& batch, const std::vector<size_t>& stored) {
  const uint16_t node = options_.node_id;
  // One insert per month partition: ClickHouse writes each insert's rows of
  // one partition as one part, atomically.
  std::map<int64_t, std::string> by_month;
  std::string ids, leaves;
  RowBinaryWriter iw(&ids), lw(&leaves);
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
    lw.FixedString(HashBytes(batch.leaf_hashes[i]), 32);
  }
  for (const auto& [month, rows] : by_month) {
    RETURN_IF_ERROR(client_.Insert("INSERT INTO events FORMAT RowBinary", rows));
  }
  RETURN_IF_ERROR(client_.Insert("INSERT INTO event_ids FORMAT RowBinary", ids));
  // The commit point: once the leaves are in, the batch is stored.
  RETURN_IF_ERROR(client_.Insert("INSERT INTO ledger_leaves FORMAT RowBinary", leaves));
  return Status::Ok();
}

Status ClickHouseStore::InsertTileRoots(uint64_t first_tile, uint64_t end_tile) {
  if (first_tile >= end_tile) return Status::Ok();
  std::string rows;
  RowBinaryWriter w(&rows);
  for (uint64_t t = first_tile; t < end_tile; ++t) {
    w.UInt16(options_.node_id);
    w.UInt64(t);
    w.FixedString(HashBytes(tree_.TileRoot(t)), 32);
  }
  return client_.Insert("INSERT INTO ledger_tiles FORMAT RowBinary", rows);
}

Result<ledger::Hash> ClickHouseStore::LedgerRoot(uint64_t size) {
  RETURN_IF_ERROR(CheckOpen());
  return tree_.RootAt(size);
}

Result<std::vector<ledger::Hash>> ClickHouseStore::InclusionProof(uint64_t seq, uint64_t size) {
  RETURN_IF_ERROR(CheckOpen());
  return tree_.InclusionProof(seq, size);
}

Result<std::vector<ledger::Hash>> ClickHouseStore::ConsistencyProof(uint64_t size1,
                                                                    uint64_t size2) {
  RETURN_IF_ERROR(CheckOpen());
  return tree_.ConsistencyProof(size1, size2);
}

namespace {
Status NotYet(std::string_view what) {
  return Status::FailedPrecondition(fmt::format(
      "{} is not available on the ClickHouse backend yet (docs/scale-out.md \"Not yet\")", what));
}
}  // namespace

Result<RedactionResult> ClickHouseStore::RedactActor(std::string_view, std::string_view) {
  return NotYet("redaction");
}
Result<RetentionResult> ClickHouseStore::RunRetention(const RetentionPolicy&, int64_t,
                                                      const std::atomic<bool>*) {
  return NotYet("the archive tier");
}
Result<std::vector<SeqRange>> ClickHouseStore::SegmentsPastDeleteAge(const RetentionPolicy& policy,
                                                                     int64_t) {
  if (!policy.deletes()) return std::vector<SeqRange>{};
  return NotYet("delete-after");
}
Result<RetentionResult> ClickHouseStore::DeleteSegments(const std::vector<SeqRange>&, uint64_t,
                                                        const std::atomic<bool>*) {
  return NotYet("delete-after");
}

Status ClickHouseStore::Health() {
  RETURN_IF_ERROR(CheckOpen());
  return client_.Query("SELECT 1").status();
}

uint64_t ClickHouseStore::EndSeq() {
  std::lock_guard lock(end_mu_);
  return end_seq_;
}

bool ClickHouseStore::WaitForEvents(uint64_t after, std::chrono::milliseconds timeout) {
  std::unique_lock lock(end_mu_);
  return end_cv_.wait_for(lock, timeout, [&] { return closed_ || end_seq_ > after; }) && !closed_;
}

Status ClickHouseStore::Close() {
  std::lock_guard write(write_mu_);
  {
    std::lock_guard lock(end_mu_);
    closed_ = true;
  }
  end_cv_.notify_all();
  return Status::Ok();
}

}  // namespace vigil::clickhouse
