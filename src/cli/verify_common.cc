#include "cli/verify_common.h"

#include <fmt/format.h>

#include <cstdio>
#include <optional>

#include "cli/exit_code.h"
#include "ledger/log_tree.h"

namespace vigil::cli {

std::string Count(uint64_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string KeyText(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

Result<LedgerKey> KeyFromFlag(FileSystem* fs, const std::string& value) {
  Result<ledger::NoteVerifier> text = ledger::NoteVerifier::Parse(value);
  if (text.ok()) return LedgerKey{*text, "--key", false};
  if (!fs->Exists(value)) {
    return Status::InvalidArgument(fmt::format(
        "--key: '{}' is neither a verifier key ({}) nor a file", value, text.status().message()));
  }
  Result<std::string> contents = fs->ReadFile(value);
  if (!contents.ok()) return contents.status();
  Result<ledger::NoteVerifier> file = ledger::NoteVerifier::Parse(KeyText(*contents));
  if (!file.ok()) {
    return Status::InvalidArgument(
        fmt::format("--key {}: not a verifier key ({})", value, file.status().message()));
  }
  return LedgerKey{*file, "--key " + value, false};
}

int FinishVerify(const LedgerCheck& check, VerifyReport report) {
  const std::string prefix = report.log.empty() ? "" : report.log + ": ";
  std::vector<std::string>& warnings = report.warnings;
  if (report.key != nullptr) {
    std::printf("%sverifier key %s (from %s)\n", prefix.c_str(),
                report.key->verifier.verifier_key().c_str(), report.key->source.c_str());
    if (report.key->from_checked_store && report.checkpoint_files > 0) {
      warnings.push_back(fmt::format(
          "the verifier key was read from {} itself: this shows that the checkpoints match the "
          "events, not that they are authentic (whoever can change the events can replace the "
          "key and re-sign); pass --key with the key you were given",
          report.store));
    }
  }
  if (report.checkpoint_files == 0) {
    warnings.push_back(fmt::format(
        "the log has no signed checkpoint: the events were checked against {} only, which "
        "anyone who can change the events can rewrite",
        report.tiles));
  }
  for (const std::string& w : warnings) {
    std::fprintf(stderr, "vigil: warning: %s%s\n", prefix.c_str(), w.c_str());
  }
  std::vector<std::string>& problems = report.problems;
  problems.insert(problems.end(), check.problems().begin(), check.problems().end());
  for (const std::string& p : problems) {
    std::fprintf(stderr, "vigil: %s%s\n", prefix.c_str(), p.c_str());
  }
  if (!report.read_error.ok()) return ReportError(report.read_error);

  if (!problems.empty()) {
    std::fprintf(stderr, "vigil: %sverification failed: %s (%s read, %llu of %s verified)\n",
                 prefix.c_str(), Count(problems.size(), "problem").c_str(),
                 Count(check.events(), "event").c_str(),
                 static_cast<unsigned long long>(check.checkpoints_verified()),
                 Count(report.checkpoint_files, "checkpoint").c_str());
    return kExitProblem;
  }
  std::string summary = fmt::format("{}verified {}, {}, {}", prefix, Count(check.events(), "event"),
                                    Count(check.tiles_checked(), "tile"),
                                    Count(check.checkpoints_verified(), "checkpoint"));
  if (check.deleted_events() > 0) {
    summary += fmt::format(" ({} deleted by retention, each deletion announced in the log)",
                           Count(check.deleted_events(), "event"));
  }
  if (const std::optional<CheckpointFile>& latest = check.latest()) {
    summary += fmt::format("; latest checkpoint size {} root {}", latest->checkpoint.size,
                           ledger::HashToBase64(latest->checkpoint.root));
  }
  std::printf("%s\n", summary.c_str());
  return kExitOk;
}

}  // namespace vigil::cli
