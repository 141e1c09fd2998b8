#include "store/clickhouse/clickhouse_store.h"

#include <fmt/format.h>

#include <limits>
#include <map>
#include <set>
#include <thread>
#include <utility>

#include "core/clock.h"
#include "core/timestamp.h"
#include "store/clickhouse/event_row.h"
#include "store/clickhouse/node_ledger_reader.h"
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

}  // namespace

ClickHouseStore::ClickHouseStore(ClickHouseStoreOptions options)
    : options_(std::move(options)),
      client_(options_.client),
      tree_([this](uint64_t tile) { return ReadTileLeaves(client_, options_.node_id, tile); }) {
  for (const ClientOptions& shard : options_.shards) {
    ClientOptions o = shard;
    o.database = options_.client.database;
    shard_clients_.push_back(std::make_unique<ClickHouseClient>(std::move(o)));
  }
}

std::vector<ClickHouseClient*> ClickHouseStore::Servers() {
  if (shard_clients_.empty()) return {&client_};
  std::vector<ClickHouseClient*> out;
  for (auto& c : shard_clients_) out.push_back(c.get());
  return out;
}

ClickHouseStore::~ClickHouseStore() { (void)Close(); }

Result<std::unique_ptr<ClickHouseStore>> ClickHouseStore::Open(ClickHouseStoreOptions options) {
  if (options.cluster.empty() != options.shards.empty()) {
    return Status::InvalidArgument(
        "clickhouse_cluster and clickhouse_shards go together: the cluster's name in "
        "<remote_servers>, and the http://HOST:PORT of each of its servers");
  }
  if (!options.cluster.empty()) {
    // An insert into a Distributed table returns once every shard has its
    // rows, not when they are queued on this server's disk.
    options.client.settings.emplace_back("insert_distributed_sync", "1");
  }
  // A redaction's UPDATE carries the rows' new values (a few MiB), more
  // than ClickHouse parses by default (256 KiB).
  options.client.settings.emplace_back("max_query_size", "67108864");
  for (ClientOptions& o : options.shards) o.settings.emplace_back("max_query_size", "67108864");
  std::unique_ptr<ClickHouseStore> store(new ClickHouseStore(std::move(options)));
  // Every shard's tables, then (when it is not one of them) the server this
  // node talks to, which needs the Distributed tables.
  for (ClickHouseClient* server : store->Servers()) {
    RETURN_IF_ERROR(Migrate(*server, store->options_.cluster));
  }
  if (!store->options_.cluster.empty()) {
    RETURN_IF_ERROR(Migrate(store->client_, store->options_.cluster));
  }
  RETURN_IF_ERROR(store->RegisterNode());
  // A removal that a crash interrupted must finish before the ledger is read.
  RETURN_IF_ERROR(store->WaitForMutations("deleting the rows of an interrupted append"));
  RETURN_IF_ERROR(store->LoadLedger());
  RETURN_IF_ERROR(store->RemoveUncommitted());
  RETURN_IF_ERROR(store->OpenSpool());
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
  const uint64_t stored_tiles = tree_.tile_count();
  ASSIGN_OR_RETURN(std::vector<ledger::Hash> leaves,
                   ReadLeaves(client_, node, tree_.size(), std::numeric_limits<uint64_t>::max()));
  for (const ledger::Hash& h : leaves) tree_.Append(h);
  // Tiles the leaves completed whose roots were not stored.
  RETURN_IF_ERROR(InsertTileRoots(stored_tiles, tree_.tile_count()));
  tiles_stored_ = tree_.tile_count();
  next_seq_ = tree_.size();
  std::lock_guard lock(end_mu_);
  end_seq_ = tree_.size();
  return Status::Ok();
}

Status ClickHouseStore::RemoveUncommitted() {
  uint64_t end = 0;
  {
    std::lock_guard lock(end_mu_);
    end = end_seq_;
  }
  const std::string where = fmt::format("node = {} AND seq >= {}", options_.node_id, end);
  bool any = false;
  // The leaves first: once they are gone, the batch is not stored, whatever
  // of its other rows a crash leaves behind.
  for (const char* table : {"ledger_leaves", "events", "event_ids"}) {
    const std::string local = LocalTable(table, options_.cluster);
    for (ClickHouseClient* server : Servers()) {
      ASSIGN_OR_RETURN(std::string n,
                       server->Query(fmt::format("SELECT count() FROM {} WHERE {}", local, where)));
      if (n == "0\n") continue;
      any = true;
      RETURN_IF_ERROR(
          server->Query(fmt::format("ALTER TABLE {} DELETE WHERE {}", local, where)).status());
    }
  }
  if (!any) return Status::Ok();
  return WaitForMutations("deleting the rows of an interrupted append");
}

Status ClickHouseStore::WaitForMutations(std::string_view what) {
  // ALTER … DELETE and UPDATE are mutations ClickHouse applies in the
  // background: wait until none is pending, so no read or later append
  // meets the rows they change.
  std::string tables;
  for (const char* table : {"events", "event_ids", "ledger_leaves"}) {
    tables += (tables.empty() ? "" : ", ") + Quote(LocalTable(table, options_.cluster));
  }
  const std::string sql = fmt::format(
      "SELECT count() FROM system.mutations WHERE database = {} AND table IN ({}) AND is_done = 0",
      Quote(options_.client.database), tables);
  const auto deadline = std::chrono::steady_clock::now() + kMutationTimeout;
  for (ClickHouseClient* server : Servers()) {
    for (;;) {
      ASSIGN_OR_RETURN(std::string pending, server->Query(sql));
      if (pending == "0\n") break;
      if (std::chrono::steady_clock::now() > deadline) {
        return Status::Unavailable(fmt::format(
            "ClickHouse at {}:{} has not finished {} after 5 minutes; see system.mutations",
            server->options().host, server->options().port, what));
      }
      std::this_thread::sleep_for(kMutationPoll);
    }
  }
  return Status::Ok();
}

Status ClickHouseStore::CheckOpen() {
  std::lock_guard lock(end_mu_);
  if (closed_) return Status::Unavailable("the store is closed");
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

Status ClickHouseStore::SaveCheckpoint(uint64_t size, std::string_view note) {
  RETURN_IF_ERROR(CheckOpen());
  std::string row;
  RowBinaryWriter w(&row);
  w.UInt16(options_.node_id);
  w.UInt64(size);
  w.String(note);
  w.Int64(SystemClock::Get()->NowMs());
  return client_.Insert("INSERT INTO ledger_checkpoints FORMAT RowBinary", row);
}

Result<std::optional<std::string>> ClickHouseStore::LatestCheckpoint() {
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(std::optional<StoredCheckpoint> latest,
                   ReadLatestCheckpoint(client_, options_.node_id));
  if (!latest) return std::optional<std::string>();
  return std::optional<std::string>(std::move(latest->note));
}

Status ClickHouseStore::SaveVerifierKey(std::string_view verifier_key) {
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(std::optional<std::string> newest, ReadVerifierKey(client_, options_.node_id));
  if (newest && *newest == verifier_key) return Status::Ok();
  std::string row;
  RowBinaryWriter w(&row);
  w.UInt16(options_.node_id);
  w.String(verifier_key);
  w.Int64(SystemClock::Get()->NowMs());
  return client_.Insert("INSERT INTO ledger_keys FORMAT RowBinary", row);
}

Status ClickHouseStore::PutSetting(const SettingRecord& record) {
  RETURN_IF_ERROR(CheckOpen());
  std::string row;
  RowBinaryWriter w(&row);
  w.String(record.kind);
  w.String(record.id);
  w.String(record.body);
  w.Int64(record.written_ms);
  return client_.Insert("INSERT INTO shared_settings FORMAT RowBinary", row);
}

Result<std::vector<SettingRecord>> ClickHouseStore::Settings(std::string_view kind) {
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(std::string rows,
                   client_.Query(fmt::format("SELECT id, body, written_ms FROM shared_settings "
                                             "WHERE kind = {} ORDER BY id, written_ms DESC, body "
                                             "DESC LIMIT 1 BY id FORMAT RowBinary",
                                             Quote(kind))));
  std::vector<SettingRecord> out;
  RowBinaryReader r(rows);
  while (!r.done()) {
    SettingRecord rec;
    rec.kind = std::string(kind);
    ASSIGN_OR_RETURN(std::string_view id, r.String());
    ASSIGN_OR_RETURN(std::string_view body, r.String());
    ASSIGN_OR_RETURN(rec.written_ms, r.Int64());
    rec.id = std::string(id);
    rec.body = std::string(body);
    out.push_back(std::move(rec));
  }
  return out;
}

Result<std::map<uint16_t, uint64_t>> ClickHouseStore::LogEnds() {
  RETURN_IF_ERROR(CheckOpen());
  ASSIGN_OR_RETURN(std::string rows,
                   client_.Query(fmt::format("SELECT node, max(seq) + 1 FROM ledger_leaves WHERE "
                                             "node != {} GROUP BY node FORMAT RowBinary",
                                             options_.node_id)));
  std::map<uint16_t, uint64_t> out;
  RowBinaryReader r(rows);
  while (!r.done()) {
    ASSIGN_OR_RETURN(uint16_t node, r.UInt16());
    ASSIGN_OR_RETURN(out[node], r.UInt64());
  }
  out[options_.node_id] = EndSeq();
  return out;
}

Result<std::shared_ptr<NodeLedger>> ClickHouseStore::OtherLedger(uint16_t node) {
  RETURN_IF_ERROR(CheckOpen());
  if (node == options_.node_id) {
    return Status::InvalidArgument(
        fmt::format("node {} is this node: its ledger is the store's own", node));
  }
  std::lock_guard lock(others_mu_);
  if (auto it = others_.find(node); it != others_.end()) return it->second;
  ASSIGN_OR_RETURN(std::string n,
                   client_.Query(fmt::format("SELECT count() FROM nodes WHERE node = {}", node)));
  if (n == "0\n") {
    return Status::NotFound(
        fmt::format("no Vigil node {} has written to this ClickHouse database", node));
  }
  auto ledger = std::make_shared<ClickHouseNodeLedger>(&client_, node);
  others_.emplace(node, ledger);
  return std::shared_ptr<NodeLedger>(std::move(ledger));
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
  {
    std::lock_guard write(write_mu_);
    std::lock_guard lock(end_mu_);
    closed_ = true;
  }
  end_cv_.notify_all();
  forward_cv_.notify_all();
  // Batches still spooled stay on disk; the next start forwards them.
  if (forwarder_.joinable()) forwarder_.join();
  return Status::Ok();
}

}  // namespace vigil::clickhouse
