// vigil verify: recomputes the ledger from the stored events alone and checks
// it against the tiles file and every signed checkpoint (docs/operations.md
// "Verifying the ledger"). Nothing the store keeps about its own tree is
// trusted: each event's leaf hash is recomputed from the event, the tree
// from the leaves (cli/ledger_check.h, ledger/recomputed_tree.h: O(log n)
// memory), and the result compared with
//   - DIR/ledger/tiles: each 16-event tile's recorded root, which localizes
//     a changed event to its tile;
//   - DIR/ledger/checkpoints/<size>.note: each signed checkpoint (signature
//     by the verifier key, size, root), and an RFC 9162 consistency proof
//     between each verified checkpoint and the next.
// Checkpoints are read here, not through api::CheckpointLog (which trusts
// the data directory's own signing key).
//
// With --export FILE --checkpoint FILE --key KEY it checks an NDJSON export
// taken with proofs=true instead, offline (cli/export_check.h): no data
// directory, no server.
//
// Exit codes: 0 everything holds; 1 problems found (each on stderr); 2 usage
// (a --key that is neither a key nor a key file); 3 stored data too damaged
// to read (the store's message names the file and offset); 4 environment.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/export_check.h"
#include "cli/ledger_check.h"
#include "cli/progress_bar.h"
#include "cli/verify_clickhouse.h"
#include "cli/verify_common.h"
#include "ledger/checkpoint.h"
#include "ledger/log_tree.h"
#include "store/engine/data_dir.h"
#include "store/engine/embedded_store.h"
#include "store/engine/ledger_log.h"
#include "store/wal/wal_codec.h"

namespace vigil::cli {
namespace {

using ledger::Hash;
using ledger::kTileSize;

constexpr std::string_view kNoteSuffix = ".note";
constexpr size_t kNoteSizeDigits = 20;

// DIR/ledger/verifier.key; nullopt when there is none.
Result<std::optional<LedgerKey>> KeyFromDataDir(FileSystem* fs, const std::string& data_dir) {
  const std::string path = JoinPath(JoinPath(data_dir, "ledger"), "verifier.key");
  if (!fs->Exists(path)) return std::optional<LedgerKey>();
  ASSIGN_OR_RETURN(std::string contents, fs->ReadFile(path));
  Result<ledger::NoteVerifier> key = ledger::NoteVerifier::Parse(KeyText(contents));
  if (!key.ok()) {
    return Status::Corruption(
        fmt::format("{}: not a verifier key ({})", path, key.status().message()));
  }
  return std::optional<LedgerKey>(LedgerKey{*key, path, true});
}

// The tile roots recorded in DIR/ledger/tiles (docs/format/ledger.md). The
// store cuts a torn last record off when it opens, so verify sees whole ones.
Result<std::vector<Hash>> ReadTileRoots(FileSystem* fs, const std::string& path) {
  if (!fs->Exists(path)) return std::vector<Hash>{};
  ASSIGN_OR_RETURN(std::string data, fs->ReadFile(path));
  return ParseTilesFile(data, path);
}

// The records of DIR/ledger/deletions (docs/format/ledger.md), whole ones:
// the store cut a torn last record off when it opened.
Result<std::vector<DeletionRecord>> ReadDeletions(FileSystem* fs, const std::string& path) {
  if (!fs->Exists(path)) return std::vector<DeletionRecord>{};
  ASSIGN_OR_RETURN(std::string data, fs->ReadFile(path));
  return ParseDeletionsFile(data, path);
}

// Lists DIR/ledger/checkpoints/<20 digits>.note in size order and opens each
// with the key: the ones that hold are returned, the others are problems.
Result<std::vector<CheckpointFile>> ReadCheckpoints(FileSystem* fs, const std::string& dir,
                                                    const std::optional<LedgerKey>& key,
                                                    std::vector<std::string>* problems,
                                                    std::vector<std::string>* warnings,
                                                    size_t* files) {
  std::vector<CheckpointFile> out;
  if (!fs->Exists(dir)) return out;
  ASSIGN_OR_RETURN(std::vector<std::string> names, fs->ListDir(dir));
  for (const std::string& name : names) {  // sorted: 20 digits sort as numbers
    const std::string path = JoinPath(dir, name);
    if (name.ends_with(".tmp")) continue;  // an unfinished write
    const std::string_view digits = std::string_view(name).substr(0, kNoteSizeDigits);
    uint64_t named_size = 0;
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), named_size);
    if (name.size() != kNoteSizeDigits + kNoteSuffix.size() || !name.ends_with(kNoteSuffix) ||
        error != std::errc() || end != digits.data() + digits.size() ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
      warnings->push_back(fmt::format("{}: not a checkpoint file name ({} digits then {}); ignored",
                                      path, kNoteSizeDigits, kNoteSuffix));
      continue;
    }
    ++*files;
    if (!key) {
      return Status::NotFound(fmt::format(
          "no verifier key to check {}: pass --key with the log's verifier key (the data "
          "directory has no ledger/verifier.key)",
          path));
    }
    ASSIGN_OR_RETURN(std::string note, fs->ReadFile(path));
    Result<ledger::Checkpoint> cp = ledger::OpenCheckpoint(note, key->verifier);
    if (!cp.ok()) {
      problems->push_back(fmt::format("checkpoint {}: {}", path, cp.status().message()));
      continue;
    }
    if (cp->size != named_size) {
      problems->push_back(fmt::format(
          "checkpoint {}: the file name says size {} but the signed checkpoint inside is of "
          "size {}",
          path, named_size, cp->size));
      continue;
    }
    out.push_back({path, std::move(*cp)});
  }
  return out;
}

int RunVerify(const GlobalOptions& global, const std::string& key_flag) {
  FileSystem* fs = DefaultFileSystem();
  std::optional<LedgerKey> key;
  if (!key_flag.empty()) {
    Result<LedgerKey> flag = KeyFromFlag(fs, key_flag);
    if (!flag.ok()) return ReportError(flag.status());
    key = std::move(*flag);
  }

  EngineOptions engine;
  engine.create_if_missing = false;
  Result<std::unique_ptr<EmbeddedStore>> store = EmbeddedStore::Open(global.data_dir, engine);
  if (!store.ok()) {
    // An event that cannot be hashed when the store rebuilds its tree is
    // damaged stored data too, not a usage error.
    const Status& s = store.status();
    return ReportError(s.IsInvalidArgument() ? Status::Corruption(s.message()) : s);
  }
  std::vector<std::string> problems, warnings;
  Result<std::optional<LedgerKey>> own = KeyFromDataDir(fs, global.data_dir);
  if (!key) {
    if (!own.ok()) return ReportError(own.status());
    key = std::move(*own);
  } else if (own.ok() && *own && (*own)->verifier.verifier_key() != key->verifier.verifier_key()) {
    warnings.push_back(fmt::format("{} holds another key than --key: {}", (*own)->source,
                                   (*own)->verifier.verifier_key()));
  }

  const DataDir layout(fs, global.data_dir);
  Result<std::vector<Hash>> tile_roots = ReadTileRoots(fs, layout.TilesPath());
  if (!tile_roots.ok()) return ReportError(tile_roots.status());
  Result<StoreStats> stats = (*store)->Stats();
  if (!stats.ok()) return ReportError(stats.status());
  size_t checkpoint_files = 0;
  Result<std::vector<CheckpointFile>> checkpoints =
      ReadCheckpoints(fs, JoinPath(layout.ledger_dir(), "checkpoints"), key, &problems, &warnings,
                      &checkpoint_files);
  if (!checkpoints.ok()) return ReportError(checkpoints.status());
  Result<std::vector<DeletionRecord>> deletions = ReadDeletions(fs, layout.DeletionsPath());
  if (!deletions.ok()) return ReportError(deletions.status());
  const uint64_t segment_tiles = (stats->next_seq - stats->memtable_events) / kTileSize;
  if (tile_roots->size() < segment_tiles) {
    warnings.push_back(fmt::format(
        "{} holds {} tile roots but the segments hold {} complete tiles: tiles {}-{} are checked "
        "against the checkpoints only",
        layout.TilesPath(), tile_roots->size(), segment_tiles, tile_roots->size(),
        segment_tiles - 1));
  }

  LedgerCheck check(std::move(*tile_roots), std::move(*checkpoints), std::move(*deletions));
  ProgressBar bar("verify", "events", stats->events);
  Status scanned = (*store)->Scan(ScanRequest{}, [&](const Event& e) {
    RETURN_IF_ERROR(check.Visit(e));
    bar.Update(check.events(), check.events());
    return Status::Ok();
  });
  bar.Finish();
  if (scanned.ok()) check.Finish();
  Status closed = (*store)->Close();

  return FinishVerify(check, {.key = key ? &*key : nullptr,
                              .checkpoint_files = checkpoint_files,
                              .problems = std::move(problems),
                              .warnings = std::move(warnings),
                              .read_error = !scanned.ok() && !check.stopped() ? scanned : closed});
}

// vigil verify --export: the export's lines against a checkpoint file, both
// read in constant memory (one line at a time).
int RunVerifyExport(const std::string& export_path, const std::string& checkpoint_path,
                    const std::string& key_flag) {
  FileSystem* fs = DefaultFileSystem();
  if (checkpoint_path.empty() || key_flag.empty()) {
    return ReportError(Status::InvalidArgument(
        "--export needs --checkpoint FILE (the signed checkpoint note) and --key (the log's "
        "verifier key)"));
  }
  Result<LedgerKey> key = KeyFromFlag(fs, key_flag);
  if (!key.ok()) return ReportError(key.status());
  if (!fs->Exists(checkpoint_path)) {
    return ReportError(
        Status::NotFound(fmt::format("--checkpoint {}: no such file", checkpoint_path)));
  }
  Result<std::string> note = fs->ReadFile(checkpoint_path);
  if (!note.ok()) return ReportError(note.status());
  Result<ledger::Checkpoint> checkpoint = ledger::OpenCheckpoint(*note, key->verifier);
  if (!checkpoint.ok()) {
    std::fprintf(stderr, "vigil: checkpoint %s: %s\n", checkpoint_path.c_str(),
                 std::string(checkpoint.status().message()).c_str());
    return kExitProblem;
  }
  std::ifstream in(export_path, std::ios::binary);
  if (!in) {
    return ReportError(Status::NotFound(fmt::format("--export {}: cannot open it", export_path)));
  }
  const uint64_t size = checkpoint->size;
  const std::string origin = checkpoint->origin;
  ExportCheck check(std::move(*checkpoint), key->verifier);
  std::string line;
  while (!check.stopped() && std::getline(in, line)) check.Visit(line);
  if (in.bad()) {
    return ReportError(Status::IOError(fmt::format("--export {}: read error", export_path)));
  }
  check.Finish();

  for (const std::string& p : check.problems()) std::fprintf(stderr, "vigil: %s\n", p.c_str());
  if (check.stopped()) {
    std::fprintf(stderr, "vigil: verification failed: %s not checked\n", export_path.c_str());
    return kExitProblem;
  }
  if (check.bad_events() > 0) {
    if (check.bad_events() > check.problems().size()) {
      std::fprintf(stderr, "vigil: … and %llu more\n",
                   static_cast<unsigned long long>(check.bad_events() - check.problems().size()));
    }
    std::fprintf(stderr, "vigil: verification failed: %s of %s do not verify (%s verified)\n",
                 Count(check.bad_events(), "event line").c_str(), export_path.c_str(),
                 Count(check.events(), "event").c_str());
    return kExitProblem;
  }
  std::printf("verified %s of %s against checkpoint size %llu (origin %s)\n",
              Count(check.events(), "event").c_str(), export_path.c_str(),
              static_cast<unsigned long long>(size), origin.c_str());
  return kExitOk;
}

}  // namespace

void AddVerifyCommand(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto key = std::make_shared<std::string>();
  auto export_path = std::make_shared<std::string>();
  auto checkpoint_path = std::make_shared<std::string>();
  auto ch = std::make_shared<ClickHouseVerifyArgs>();
  auto node = std::make_shared<uint16_t>(0);
  CLI::App* cmd = app.add_subcommand(
      "verify", "Recompute the ledger from the stored events and check every signed checkpoint");
  cmd->add_option("--key", *key,
                  "the log's verifier key (NAME+KEYID+KEY) or a file holding it; default: "
                  "DIR/ledger/verifier.key, which proves consistency only, not authenticity")
      ->type_name("KEY|FILE");
  cmd->add_option("--export", *export_path,
                  "check this NDJSON export (GET /v1/export?format=ndjson&proofs=true) offline "
                  "instead of a data directory; needs --checkpoint and --key")
      ->type_name("FILE");
  cmd->add_option("--checkpoint", *checkpoint_path,
                  "with --export: the signed checkpoint note the export was taken against")
      ->type_name("FILE");
  CLI::Option* url =
      cmd->add_option("--clickhouse-url", ch->url,
                      "check the logs Vigil nodes keep in ClickHouse (storage: clickhouse) "
                      "instead of a data directory; reads only, from a running cluster too")
          ->type_name("URL");
  CLI::Option* database =
      cmd->add_option("--clickhouse-database", ch->database,
                      "with --clickhouse-url: the nodes' database (default vigil)");
  database->type_name("NAME");
  CLI::Option* user = cmd->add_option("--clickhouse-user", ch->user,
                                      "with --clickhouse-url: the ClickHouse user (default "
                                      "default; the password from $VIGIL_CLICKHOUSE_PASSWORD)");
  user->type_name("NAME");
  CLI::Option* node_opt = cmd->add_option("--node", *node,
                                          "with --clickhouse-url: check this node's log only "
                                          "(default: every node registered in the database)");
  node_opt->type_name("N");
  cmd->footer(
      "Every event's leaf hash is recomputed, the Merkle tree rebuilt from them and compared\n"
      "with the tiles file (per 16 events) and each signed checkpoint, with a consistency\n"
      "proof between consecutive checkpoints. Stop the server first (or verify a copy).\n"
      "Exit codes: 0 verified, 1 problems found (on stderr), 2 usage error, 3 stored data\n"
      "too damaged to read, 4 environment (data directory missing or in use).\n"
      "Examples:\n"
      "  vigil --data ./data verify --key "
      "vigil.example/ledger+eb191584+Ab4bU1klDrG/JD2vOCIscexyQpWczVFVCL/YHbp8wG7E\n"
      "  vigil --data ./data verify --key verifier.key\n"
      "With --export, each event line of an export taken with proofs=true is checked against\n"
      "its inclusion proof and the signed checkpoint (no data directory, no server): this\n"
      "proves each line is an unchanged event of the log, not that the export is complete.\n"
      "  vigil verify --export acme.ndjson --checkpoint checkpoint.note --key verifier.key\n"
      "With --clickhouse-url, each node's log kept in ClickHouse is checked the same way,\n"
      "against its ledger_tiles and ledger_checkpoints rows (--key needs --node when the\n"
      "database holds several nodes' logs):\n"
      "  vigil verify --clickhouse-url http://127.0.0.1:8123 --node 1 --key node1.key");
  cmd->callback([&global, key, export_path, checkpoint_path, ch, node, url, database, user,
                 node_opt, exit_code] {
    if (url->count() == 0 && database->count() + user->count() + node_opt->count() > 0) {
      *exit_code = ReportError(Status::InvalidArgument(
          "--clickhouse-database, --clickhouse-user and --node go with --clickhouse-url"));
      return;
    }
    if (url->count() > 0) {
      if (!export_path->empty() || !checkpoint_path->empty() || global.data_dir_given) {
        *exit_code = ReportError(Status::InvalidArgument(
            "--clickhouse-url reads the logs from ClickHouse: it goes without --data, --export "
            "and --checkpoint"));
        return;
      }
      if (node_opt->count() > 0) ch->node = *node;
      ch->key_flag = *key;
      if (const char* password = std::getenv("VIGIL_CLICKHOUSE_PASSWORD")) ch->password = password;
      *exit_code = RunVerifyClickHouse(*ch);
    } else if (!export_path->empty()) {
      *exit_code = RunVerifyExport(*export_path, *checkpoint_path, *key);
    } else if (!checkpoint_path->empty()) {
      *exit_code = ReportError(Status::InvalidArgument(
          "--checkpoint goes with --export (a data directory's checkpoints are read from it)"));
    } else {
      *exit_code = RunVerify(global, *key);
    }
  });
}

}  // namespace vigil::cli
