#include "ledger/checkpoint.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "core/base64.h"

namespace vigil::ledger {

std::string FormatCheckpointBody(const Checkpoint& checkpoint) {
  std::string body = fmt::format("{}\n{}\n{}\n", checkpoint.origin, checkpoint.size,
                                 HashToBase64(checkpoint.root));
  for (const std::string& extension : checkpoint.extensions) {
    body += extension;
    body += '\n';
  }
  return body;
}

Result<Checkpoint> ParseCheckpointBody(std::string_view body) {
  RETURN_IF_ERROR(CheckNoteText(body, "checkpoint body"));
  if (body.empty() || body.back() != '\n') {
    return Status::InvalidArgument("checkpoint body: does not end with a newline");
  }
  std::vector<std::string_view> lines;
  for (size_t begin = 0; begin < body.size();) {
    const size_t end = body.find('\n', begin);
    lines.push_back(body.substr(begin, end - begin));
    begin = end + 1;
  }
  if (lines.size() < 3) {
    return Status::InvalidArgument(fmt::format(
        "checkpoint body: {} line(s); it needs at least 3 (origin, tree size, root hash)",
        lines.size()));
  }
  Checkpoint out;
  if (lines[0].empty()) return Status::InvalidArgument("checkpoint line 1 (origin): empty");
  out.origin = std::string(lines[0]);

  const std::string_view size = lines[1];
  const auto bad_size = [&](std::string_view problem) {
    return Status::InvalidArgument(
        fmt::format("checkpoint line 2 (tree size): \"{}\" {}", size, problem));
  };
  if (size.empty()) return Status::InvalidArgument("checkpoint line 2 (tree size): empty");
  for (char c : size) {
    if (c < '0' || c > '9') return bad_size("is not a decimal number (digits 0-9 only)");
    if (out.size > (UINT64_MAX - static_cast<uint64_t>(c - '0')) / 10) {
      return bad_size("is larger than 2^64-1");
    }
    out.size = out.size * 10 + static_cast<uint64_t>(c - '0');
  }
  if (size.size() > 1 && size[0] == '0') return bad_size("has a leading zero");

  std::string root;
  if (!Base64Decode(lines[2], &root)) {
    return Status::InvalidArgument(fmt::format(
        "checkpoint line 3 (root hash): \"{}\" is not standard base64 with padding", lines[2]));
  }
  if (root.size() != out.root.size()) {
    return Status::InvalidArgument(fmt::format(
        "checkpoint line 3 (root hash): decodes to {} bytes; a SHA-256 hash is 32", root.size()));
  }
  std::copy(root.begin(), root.end(), out.root.begin());

  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return Status::InvalidArgument(fmt::format(
          "checkpoint line {} (extension): empty; extension lines must be non-empty", i + 1));
    }
    out.extensions.emplace_back(lines[i]);
  }
  return out;
}

Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, const NoteSigner& signer) {
  if (checkpoint.origin != signer.name()) {
    return Status::InvalidArgument(fmt::format(
        "checkpoint origin \"{}\" differs from the signer's key name \"{}\"; a log's key is named "
        "after its origin",
        checkpoint.origin, signer.name()));
  }
  for (size_t i = 0; i < checkpoint.extensions.size(); ++i) {
    const std::string& extension = checkpoint.extensions[i];
    const std::string what = fmt::format("checkpoint extension {}", i + 1);
    if (extension.empty()) {
      return Status::InvalidArgument(what + ": empty; extension lines must be non-empty");
    }
    if (extension.find('\n') != std::string::npos) {
      return Status::InvalidArgument(what + ": holds a newline; an extension is one line");
    }
    RETURN_IF_ERROR(CheckNoteText(extension, what));
  }
  return SignNote(FormatCheckpointBody(checkpoint), signer);
}

Result<Checkpoint> OpenCheckpoint(std::string_view note, const NoteVerifier& log_key) {
  ASSIGN_OR_RETURN(const VerifiedNote opened, OpenNote(note, std::span(&log_key, 1)));
  ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpointBody(opened.text));
  if (checkpoint.origin != log_key.name()) {
    return Status::InvalidArgument(fmt::format(
        "checkpoint origin \"{}\" differs from the log key's name \"{}\"; a log's key is named "
        "after its origin",
        checkpoint.origin, log_key.name()));
  }
  return checkpoint;
}

}  // namespace vigil::ledger
