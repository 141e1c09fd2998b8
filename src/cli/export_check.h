// ExportCheck: the streaming part of `vigil verify --export`. Fed the lines
// of an NDJSON export taken with proofs=true (api/export_handler.h), it
// checks that the header line names the checkpoint the caller opened with
// the log's key (the same signed body, size and root), then for each event
// line: takes off the last member "proof", parses the rest as a stored
// event, recomputes its leaf hash (ledger/seal.h; redacted events keep
// theirs) and checks the RFC 9162 inclusion proof at index seq in the tree
// of the checkpoint's size against the checkpoint's root.
//
// What this proves: each event line is, unchanged, an event of the log. Not
// that the export is complete or in order (lines dropped, repeated or
// swapped still verify one by one).
//
// Problems are collected as messages naming the line ("line 7 (seq 123):
// …"), the first found first. Not thread-safe; one reader owns it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/event_parser.h"
#include "ledger/checkpoint.h"

namespace vigil::cli {

class ExportCheck {
 public:
  // checkpoint: opened with key (signature verified) by the caller. The
  // header's note is opened with key too and must hold the same checkpoint.
  ExportCheck(ledger::Checkpoint checkpoint, const ledger::NoteVerifier& key);

  // One line without its "\n"; line numbers count from 1. Empty lines are
  // skipped. Does nothing once stopped().
  void Visit(std::string_view line);
  // After the last line: an export without a header or without events.
  void Finish();

  // The rest of the file cannot be checked: no header, a header for another
  // checkpoint, or an export without proofs.
  bool stopped() const { return stopped_; }
  uint64_t events() const { return events_; }
  // Event lines that did not verify (their problems: the first kMaxProblems).
  uint64_t bad_events() const { return bad_events_; }
  const std::vector<std::string>& problems() const { return problems_; }

  static constexpr size_t kMaxProblems = 20;

 private:
  void CheckHeader(std::string_view line);
  void CheckEvent(std::string_view line);
  void Problem(std::string message);
  void Stop(std::string message);

  ledger::Checkpoint checkpoint_;
  ledger::NoteVerifier key_;
  EventParser parser_;
  uint64_t line_ = 0;
  bool header_seen_ = false;
  bool stopped_ = false;
  uint64_t events_ = 0;
  uint64_t bad_events_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace vigil::cli
