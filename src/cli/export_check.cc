#include "cli/export_check.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <utility>

#include "ledger/merkle.h"
#include "ledger/seal.h"

namespace vigil::cli {
namespace {

using ledger::Hash;

constexpr std::string_view kProofKey = ",\"proof\":[";
constexpr std::string_view kNoProofs =
    "this export carries no inclusion proofs: export it again with proofs=true "
    "(GET /v1/export?format=ndjson&proofs=true)";

// The proof array's text between '[' and ']': "b64","b64",… or nothing.
Result<std::vector<Hash>> ParseProofArray(std::string_view items) {
  std::vector<Hash> proof;
  size_t i = 0;
  while (i < items.size()) {
    if (!proof.empty()) {
      if (items[i] != ',') return Status::InvalidArgument("proof: expected ',' between hashes");
      ++i;
    }
    if (i >= items.size() || items[i] != '"') {
      return Status::InvalidArgument(
          fmt::format("proof[{}]: expected a base64 string", proof.size()));
    }
    const size_t close = items.find('"', i + 1);
    if (close == std::string_view::npos) {
      return Status::InvalidArgument(fmt::format("proof[{}]: unterminated string", proof.size()));
    }
    Hash h;
    if (!ledger::HashFromBase64(items.substr(i + 1, close - i - 1), &h)) {
      return Status::InvalidArgument(
          fmt::format("proof[{}]: not the base64 of a 32-byte hash", proof.size()));
    }
    proof.push_back(h);
    i = close + 1;
  }
  return proof;
}

}  // namespace

ExportCheck::ExportCheck(ledger::Checkpoint checkpoint, const ledger::NoteVerifier& key)
    : checkpoint_(std::move(checkpoint)), key_(key) {}

void ExportCheck::Problem(std::string message) {
  ++bad_events_;
  if (problems_.size() < kMaxProblems) problems_.push_back(std::move(message));
}

void ExportCheck::Stop(std::string message) {
  stopped_ = true;
  problems_.push_back(std::move(message));
}

void ExportCheck::Visit(std::string_view line) {
  if (stopped_) return;
  ++line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return;
  if (!header_seen_) {
    CheckHeader(line);
  } else {
    CheckEvent(line);
  }
}

void ExportCheck::Finish() {
  if (!stopped_ && !header_seen_) Stop(fmt::format("the export is empty: {}", kNoProofs));
}

void ExportCheck::CheckHeader(std::string_view line) {
  header_seen_ = true;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::object ledger;
  if (parser.parse(line.data(), line.size()).get(root) != simdjson::SUCCESS ||
      root["ledger"].get_object().get(ledger) != simdjson::SUCCESS) {
    return Stop(fmt::format("line {}: not a ledger header line: {}", line_, kNoProofs));
  }
  std::string_view note, root_text;
  uint64_t size = 0;
  if (ledger["checkpoint"].get_string().get(note) != simdjson::SUCCESS ||
      ledger["size"].get_uint64().get(size) != simdjson::SUCCESS ||
      ledger["root"].get_string().get(root_text) != simdjson::SUCCESS) {
    return Stop(fmt::format(
        "line {}: the ledger header needs checkpoint (a string), size (an integer) and root "
        "(a string)",
        line_));
  }
  Result<ledger::Checkpoint> opened = ledger::OpenCheckpoint(note, key_);
  if (!opened.ok()) {
    return Stop(fmt::format("line {}: the header's checkpoint does not open with the key: {}",
                            line_, opened.status().message()));
  }
  if (size != opened->size || root_text != ledger::HashToBase64(opened->root)) {
    return Stop(fmt::format(
        "line {}: the header says size {} root {} but its signed checkpoint is of size {} root {}",
        line_, size, root_text, opened->size, ledger::HashToBase64(opened->root)));
  }
  if (*opened != checkpoint_) {
    return Stop(fmt::format(
        "line {}: the export was taken against checkpoint size {} root {} (origin {}), not the "
        "given checkpoint (size {} root {}, origin {}): export again, or pass the checkpoint "
        "the export's header holds",
        line_, opened->size, ledger::HashToBase64(opened->root), opened->origin, checkpoint_.size,
        ledger::HashToBase64(checkpoint_.root), checkpoint_.origin));
  }
}

void ExportCheck::CheckEvent(std::string_view line) {
  const size_t at = line.rfind(kProofKey);
  if (at == std::string_view::npos || !line.ends_with("]}")) {
    if (line.find("\"proof\"") == std::string_view::npos) {
      return Problem(fmt::format(
          "line {}: no \"proof\" member (each event line of an export with proofs ends with "
          "one)",
          line_));
    }
    return Problem(fmt::format(
        "line {}: the \"proof\" member is not the line's last member, an array of base64 hashes",
        line_));
  }
  const size_t items_begin = at + kProofKey.size();
  Result<std::vector<Hash>> proof =
      ParseProofArray(line.substr(items_begin, line.size() - 2 - items_begin));
  if (!proof.ok()) return Problem(fmt::format("line {}: {}", line_, proof.status().message()));

  std::string text(line.substr(0, at));
  text.push_back('}');
  ParseOptions options;
  options.stored_form = true;
  options.allow_reserved_tenant = true;
  const std::string where = fmt::format("line {}", line_);
  Result<Event> e = parser_.Parse(text, options, where);
  if (!e.ok()) return Problem(fmt::format("{} (without its proof member)", e.status().message()));
  if (e->seq >= checkpoint_.size) {
    return Problem(fmt::format(
        "line {} (seq {}): past the checkpoint, whose tree holds seqs 0-{} (size {})", line_,
        e->seq, checkpoint_.size == 0 ? 0 : checkpoint_.size - 1, checkpoint_.size));
  }
  Result<Hash> leaf = ledger::EventLeafHash(*e);
  if (!leaf.ok()) {
    return Problem(fmt::format("line {} (seq {}): cannot compute its leaf hash: {}", line_, e->seq,
                               leaf.status().message()));
  }
  const ledger::ProofVerdict verdict =
      ledger::VerifyInclusion(*leaf, e->seq, checkpoint_.size, *proof, checkpoint_.root);
  if (!verdict.valid()) {
    return Problem(fmt::format(
        "line {} (seq {}): the event does not match its inclusion proof — changed after "
        "export? ({})",
        line_, e->seq, verdict.problem));
  }
  ++events_;
}

}  // namespace vigil::cli
