#include "cli/verify_clickhouse.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <vector>

#include "cli/exit_code.h"
#include "cli/ledger_check.h"
#include "cli/progress_bar.h"
#include "cli/verify_common.h"
#include "ledger/checkpoint.h"
#include "ledger/log_tree.h"
#include "store/clickhouse/clickhouse_client.h"
#include "store/clickhouse/event_reader.h"
#include "store/clickhouse/node_ledger_reader.h"
#include "store/clickhouse/sql_text.h"

namespace vigil::cli {
namespace {

using clickhouse::ClickHouseClient;
using clickhouse::RegisteredNode;
using ledger::Hash;
using ledger::kTileSize;

constexpr std::string_view kDatabase = "the ClickHouse database";

Result<uint64_t> CountRows(ClickHouseClient& client, const std::string& sql) {
  ASSIGN_OR_RETURN(std::string text, client.Query(sql));
  uint64_t n = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc()) {
    return Status::Internal(fmt::format("ClickHouse answered '{}' to a count", text));
  }
  return n;
}

// NotFound unless the database holds Vigil's tables.
Status CheckDatabase(const clickhouse::ClientOptions& options, std::string_view url) {
  clickhouse::ClientOptions system = options;
  system.database = "system";
  ClickHouseClient client(system);
  ASSIGN_OR_RETURN(uint64_t tables,
                   CountRows(client, fmt::format("SELECT count() FROM system.tables WHERE "
                                                 "database = {} AND name IN ('nodes', "
                                                 "'ledger_leaves', 'ledger_checkpoints', 'events')",
                                                 clickhouse::Quote(options.database))));
  if (tables < 4) {
    return Status::NotFound(fmt::format(
        "ClickHouse at {} has no Vigil database '{}' (its nodes, events and ledger tables): "
        "pass --clickhouse-database with the database the nodes use (their "
        "clickhouse_database)",
        url, options.database));
  }
  return Status::Ok();
}

// The recorded roots of tiles 0, 1, … up to the first one missing.
Result<std::vector<Hash>> TileRootPrefix(ClickHouseClient& client, uint16_t node,
                                         uint64_t complete_tiles,
                                         std::vector<std::string>* warnings) {
  ASSIGN_OR_RETURN(auto roots, clickhouse::ReadTileRoots(client, node, 0, complete_tiles));
  std::vector<Hash> prefix;
  for (auto it = roots.begin(); it != roots.end() && it->first == prefix.size(); ++it) {
    prefix.push_back(it->second);
  }
  if (prefix.size() < complete_tiles) {
    warnings->push_back(fmt::format(
        "ledger_tiles holds no root for tile {} of the {} complete tiles: tiles {}-{} are "
        "checked against the checkpoints only",
        prefix.size(), complete_tiles, prefix.size(), complete_tiles - 1));
  }
  return prefix;
}

// The seq ranges an audit.retention delete event announces.
std::vector<SeqRange> AnnouncedRanges(const Event& e) {
  std::vector<SeqRange> out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::array ranges;
  if (parser.parse(e.metadata_json).get(doc) || doc["deleted_seqs"].get_array().get(ranges)) {
    return out;
  }
  for (simdjson::dom::element range : ranges) {
    simdjson::dom::array pair;
    uint64_t first = 0;
    uint64_t last = 0;
    if (range.get_array().get(pair) || pair.size() != 2 || pair.at(0).get_uint64().get(first) ||
        pair.at(1).get_uint64().get(last) || first > last) {
      continue;
    }
    out.push_back({first, last});
  }
  return out;
}

// Whether records (sorted, disjoint) cover every seq of [first, last].
bool Covered(const std::vector<DeletionRecord>& records, uint64_t first, uint64_t last) {
  uint64_t next = first;
  for (const DeletionRecord& r : records) {
    if (r.seqs.last < next) continue;
    if (r.seqs.first > next) return false;
    if (r.seqs.last >= last) return true;
    next = r.seqs.last + 1;
  }
  return false;
}

// The deletions of node's log below `end`, as LedgerCheck reads them: one
// record per seq range its audit.retention delete events announce (ranges
// announced twice, by a retried run, are taken once), with the kept leaf
// hashes of every deleted seq whose whole tile is not stood in for by a
// recorded root. The announcements are events of the log itself, so the
// check verifies them like any other.
Result<std::vector<DeletionRecord>> AnnouncedDeletions(ClickHouseClient& client, uint16_t node,
                                                       uint64_t end, size_t tile_roots,
                                                       std::vector<std::string>* problems) {
  std::vector<std::pair<SeqRange, uint64_t>> announced;  // range, announcing seq
  RETURN_IF_ERROR(clickhouse::ScanEvents(
      client,
      fmt::format("node = {} AND seq < {} AND tenant = '_system' AND action = 'audit.retention' "
                  "AND operation = 'delete'",
                  node, end),
      [&](const Event& e) {
        for (const SeqRange& r : AnnouncedRanges(e)) announced.push_back({r, e.seq});
        return Status::Ok();
      }));
  std::sort(announced.begin(), announced.end(), [](const auto& a, const auto& b) {
    return a.first.first != b.first.first ? a.first.first < b.first.first : a.second < b.second;
  });
  std::vector<DeletionRecord> records;
  uint64_t free_from = 0;  // seqs below are in a record already
  for (const auto& [range, by] : announced) {
    const uint64_t first = std::max(range.first, free_from);
    if (first > range.last || first >= end) continue;
    const uint64_t last = std::min(range.last, end - 1);
    records.push_back({.seqs = {first, last}, .authorized_by = by, .kept_leaves = {}});
    free_from = last + 1;
  }
  for (DeletionRecord& r : records) {
    // The spans of r whose leaves are needed: all but the tiles deleted
    // whole that have a recorded root.
    for (uint64_t t = r.seqs.first / kTileSize; t <= r.seqs.last / kTileSize; ++t) {
      const uint64_t tile_first = t * kTileSize;
      const uint64_t tile_last = tile_first + kTileSize - 1;
      if (t < tile_roots && Covered(records, tile_first, tile_last)) continue;
      const uint64_t begin = std::max(r.seqs.first, tile_first);
      const uint64_t stop = std::min(r.seqs.last, tile_last) + 1;
      Result<std::vector<Hash>> leaves = clickhouse::ReadLeaves(client, node, begin, stop);
      if (!leaves.ok()) {
        if (!leaves.status().IsCorruption()) return leaves.status();
        problems->push_back(std::string(leaves.status().message()));
        continue;
      }
      for (size_t i = 0; i < leaves->size(); ++i) r.kept_leaves[begin + i] = (*leaves)[i];
    }
  }
  return records;
}

// The node's signed checkpoints that open with key, smallest first; the
// others are problems. *found counts them all.
std::vector<CheckpointFile> OpenCheckpoints(const std::vector<StoredCheckpoint>& stored,
                                            const LedgerKey& key,
                                            std::vector<std::string>* problems) {
  std::vector<CheckpointFile> out;
  for (const StoredCheckpoint& s : stored) {
    Result<ledger::Checkpoint> cp = ledger::OpenCheckpoint(s.note, key.verifier);
    if (!cp.ok()) {
      problems->push_back(fmt::format("checkpoint of size {} in ledger_checkpoints: {}", s.size,
                                      cp.status().message()));
      continue;
    }
    if (cp->size != s.size) {
      problems->push_back(fmt::format(
          "checkpoint of size {} in ledger_checkpoints: the signed checkpoint inside is of size {}",
          s.size, cp->size));
      continue;
    }
    // LedgerCheck's messages read "checkpoint <path> (size N): …".
    out.push_back({"in ledger_checkpoints", std::move(*cp)});
  }
  return out;
}

// Checks one node's log; returns the exit code.
int VerifyNode(ClickHouseClient& client, const RegisteredNode& n, const LedgerKey* flag_key) {
  VerifyReport report;
  report.log = fmt::format("node {} ({})", n.node, n.name);
  report.store = std::string(kDatabase);
  report.tiles = "ledger_tiles";
  auto fail = [&](const Status& s) { return ReportError(s.WithPrefix(report.log)); };

  std::optional<LedgerKey> own;
  Result<std::optional<std::string>> registered = clickhouse::ReadVerifierKey(client, n.node);
  if (!registered.ok()) return fail(registered.status());
  if (*registered) {
    Result<ledger::NoteVerifier> parsed = ledger::NoteVerifier::Parse(**registered);
    if (!parsed.ok()) {
      return fail(Status::Corruption(
          fmt::format("ledger_keys: not a verifier key ({})", parsed.status().message())));
    }
    own = LedgerKey{*parsed, fmt::format("ClickHouse ledger_keys of node {}", n.node), true};
  }
  const LedgerKey* key = flag_key != nullptr ? flag_key : own ? &*own : nullptr;
  if (flag_key != nullptr && own &&
      own->verifier.verifier_key() != flag_key->verifier.verifier_key()) {
    report.warnings.push_back(fmt::format("{} holds another key than --key: {}", own->source,
                                          own->verifier.verifier_key()));
  }
  report.key = key;

  Result<uint64_t> end = clickhouse::ReadLogEnd(client, n.node);
  if (!end.ok()) return fail(end.status());
  Result<std::vector<StoredCheckpoint>> stored = clickhouse::ReadCheckpoints(client, n.node);
  if (!stored.ok()) return fail(stored.status());
  report.checkpoint_files = stored->size();
  if (!stored->empty() && key == nullptr) {
    return fail(Status::NotFound(
        "no verifier key to check its checkpoints: pass --key with the node's verifier key (it "
        "registered none in ledger_keys)"));
  }
  std::vector<CheckpointFile> checkpoints;
  if (key != nullptr) checkpoints = OpenCheckpoints(*stored, *key, &report.problems);

  Result<std::vector<Hash>> tile_roots =
      TileRootPrefix(client, n.node, *end / kTileSize, &report.warnings);
  if (!tile_roots.ok()) return fail(tile_roots.status());
  Result<std::vector<DeletionRecord>> deletions =
      AnnouncedDeletions(client, n.node, *end, tile_roots->size(), &report.problems);
  if (!deletions.ok()) return fail(deletions.status());
  Result<uint64_t> past = CountRows(
      client,
      fmt::format("SELECT count() FROM events WHERE node = {} AND seq >= {}", n.node, *end));
  if (!past.ok()) return fail(past.status());
  if (*past > 0) {
    report.warnings.push_back(fmt::format(
        "{} past the end of the log (seq {}, where ledger_leaves ends) were not checked: an "
        "append in progress, or the remains of a failed one (the node removes them when it "
        "starts)",
        Count(*past, "event"), *end));
  }

  LedgerCheck check(std::move(*tile_roots), std::move(checkpoints), std::move(*deletions),
                    report.tiles);
  ProgressBar bar("verify", "events", *end);
  Status scanned = clickhouse::ScanEvents(
      client, fmt::format("node = {} AND seq < {}", n.node, *end), [&](const Event& e) {
        RETURN_IF_ERROR(check.Visit(e));
        bar.Update(check.events(), e.seq + 1);
        return Status::Ok();
      });
  bar.Finish();
  if (scanned.ok()) check.Finish();
  report.read_error = !scanned.ok() && !check.stopped() ? scanned : Status::Ok();
  return FinishVerify(check, std::move(report));
}

}  // namespace

int RunVerifyClickHouse(const ClickHouseVerifyArgs& args) {
  Result<clickhouse::ClientOptions> options = clickhouse::ClientOptionsFromUrl(args.url);
  if (!options.ok()) {
    return ReportError(Status::InvalidArgument("--clickhouse-url: " + options.status().message()));
  }
  options->database = args.database;
  options->user = args.user;
  options->password = args.password;
  std::optional<LedgerKey> flag_key;
  if (!args.key_flag.empty()) {
    Result<LedgerKey> key = KeyFromFlag(DefaultFileSystem(), args.key_flag);
    if (!key.ok()) return ReportError(key.status());
    flag_key = std::move(*key);
  }
  if (Status s = CheckDatabase(*options, args.url); !s.ok()) return ReportError(s);

  ClickHouseClient client(*options);
  Result<std::vector<RegisteredNode>> nodes = clickhouse::ReadNodes(client);
  if (!nodes.ok()) return ReportError(nodes.status());
  if (args.node) {
    auto it = std::find_if(nodes->begin(), nodes->end(),
                           [&](const RegisteredNode& n) { return n.node == *args.node; });
    if (it == nodes->end()) {
      return ReportError(
          Status::NotFound(fmt::format("--node {}: no Vigil node {} has written to database '{}'",
                                       *args.node, *args.node, args.database)));
    }
    nodes = std::vector<RegisteredNode>{*it};
  } else if (flag_key && nodes->size() > 1) {
    std::string ids;
    for (const RegisteredNode& n : *nodes)
      ids += (ids.empty() ? "" : ", ") + std::to_string(n.node);
    return ReportError(Status::InvalidArgument(fmt::format(
        "--key is the key of one node's log and database '{}' holds the logs of nodes {}: pass "
        "--node N with it",
        args.database, ids)));
  }
  if (nodes->empty()) {
    std::printf("database '%s' holds no Vigil node's log yet: nothing to verify\n",
                args.database.c_str());
    return kExitOk;
  }
  int worst = kExitOk;
  for (const RegisteredNode& n : *nodes) {
    worst = std::max(worst, VerifyNode(client, n, flag_key ? &*flag_key : nullptr));
  }
  return worst;
}

}  // namespace vigil::cli
