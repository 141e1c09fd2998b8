// vigil proof verify-inclusion | verify-consistency: checks a Merkle proof of
// a Vigil ledger (or any RFC 9162 log) offline, from values an auditor holds.
// Hashes are 32 bytes in standard base64; a proof is a comma-separated list
// of them (omitted or empty for an empty proof).
// Exit codes: 0 valid, 1 invalid (the reason on stderr), 2 usage error.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/unsigned_option.h"
#include "core/base64.h"
#include "ledger/merkle.h"

namespace vigil::cli {
namespace {

using ledger::Hash;

Result<Hash> DecodeHash(std::string_view flag, std::string_view text) {
  std::string bytes;
  if (!Base64Decode(text, &bytes)) {
    return Status::InvalidArgument(std::string(flag) + ": '" + std::string(text) +
                                   "' is not standard base64");
  }
  if (bytes.size() != 32) {
    return Status::InvalidArgument(std::string(flag) + ": a SHA-256 hash is 32 bytes, got " +
                                   std::to_string(bytes.size()));
  }
  Hash h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

Result<std::vector<Hash>> DecodeProof(std::string_view text) {
  std::vector<Hash> out;
  if (text.empty()) return out;
  size_t start = 0;
  for (size_t k = 0;; ++k) {
    const size_t comma = text.find(',', start);
    const std::string_view item = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    ASSIGN_OR_RETURN(Hash h, DecodeHash("--proof[" + std::to_string(k) + "]", item));
    out.push_back(h);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

int Report(const ledger::ProofVerdict& v) {
  if (v.valid()) {
    std::puts("valid");
    return kExitOk;
  }
  std::fprintf(stderr, "invalid: %s\n", v.problem.c_str());
  return kExitProblem;
}

struct InclusionArgs {
  std::string leaf_hash, root, proof;
  uint64_t index = 0, size = 0;
};

int RunInclusion(const InclusionArgs& a) {
  Result<Hash> leaf = DecodeHash("--leaf-hash", a.leaf_hash);
  if (!leaf.ok()) return ReportError(leaf.status());
  Result<Hash> root = DecodeHash("--root", a.root);
  if (!root.ok()) return ReportError(root.status());
  Result<std::vector<Hash>> proof = DecodeProof(a.proof);
  if (!proof.ok()) return ReportError(proof.status());
  return Report(ledger::VerifyInclusion(*leaf, a.index, a.size, *proof, *root));
}

struct ConsistencyArgs {
  std::string root1, root2, proof;
  uint64_t size1 = 0, size2 = 0;
};

int RunConsistency(const ConsistencyArgs& a) {
  Result<Hash> root1 = DecodeHash("--root1", a.root1);
  if (!root1.ok()) return ReportError(root1.status());
  Result<Hash> root2 = DecodeHash("--root2", a.root2);
  if (!root2.ok()) return ReportError(root2.status());
  Result<std::vector<Hash>> proof = DecodeProof(a.proof);
  if (!proof.ok()) return ReportError(proof.status());
  return Report(ledger::VerifyConsistency(a.size1, a.size2, *proof, *root1, *root2));
}

}  // namespace

void AddProofCommand(CLI::App& app, int* exit_code) {
  CLI::App* cmd =
      app.add_subcommand("proof", "Check Merkle inclusion and consistency proofs (RFC 9162)");
  cmd->require_subcommand(1);
  cmd->footer(
      "Hashes are standard base64 of 32 bytes; --proof lists them comma-separated.\n"
      "Exit codes: 0 valid, 1 invalid (reason on stderr), 2 usage error.");

  auto inc = std::make_shared<InclusionArgs>();
  CLI::App* vi = cmd->add_subcommand(
      "verify-inclusion", "Check that a leaf is at an index of a tree of a size and root");
  vi->add_option("--leaf-hash", inc->leaf_hash, "the leaf hash, SHA-256(0x00 || leaf bytes)")
      ->required();
  vi->add_option("--index", inc->index, "the leaf's index (its seq)")
      ->required()
      ->check(DecimalDigits());
  vi->add_option("--size", inc->size, "the tree size (a checkpoint's size)")
      ->required()
      ->check(DecimalDigits());
  vi->add_option("--root", inc->root, "the tree's root hash (a checkpoint's root)")->required();
  vi->add_option("--proof", inc->proof, "the inclusion proof, deepest hash first");
  vi->callback([inc, exit_code] { *exit_code = RunInclusion(*inc); });

  auto con = std::make_shared<ConsistencyArgs>();
  CLI::App* vc = cmd->add_subcommand(
      "verify-consistency", "Check that the tree of size1 is a prefix of the tree of size2");
  vc->add_option("--size1", con->size1, "the older tree's size")
      ->required()
      ->check(DecimalDigits());
  vc->add_option("--size2", con->size2, "the newer tree's size")
      ->required()
      ->check(DecimalDigits());
  vc->add_option("--root1", con->root1, "the older tree's root hash")->required();
  vc->add_option("--root2", con->root2, "the newer tree's root hash")->required();
  vc->add_option("--proof", con->proof, "the consistency proof");
  vc->callback([con, exit_code] { *exit_code = RunConsistency(*con); });
}

}  // namespace vigil::cli
