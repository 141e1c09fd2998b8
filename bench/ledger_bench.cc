// vigil-ledger-bench: the ledger's benchmarks (issue 4, points 2 and 8).
//
//   vigil-ledger-bench --data DIR --events N [--samples K]
//
// Fills DIR (when it holds fewer than N events) with N generated events
// through the embedded store, then measures on one thread:
//   - inclusion proofs for K random seqs in the tree of all N events
//     (p50 / p90 / p99 / max; each proof rehashes a 256-event tile unless
//     cached, as a server answering random auditors would);
//   - consistency proofs between random sizes and N;
//   - rehash throughput: every stored event read back and its leaf hash
//     recomputed (the per-core work of `vigil verify`);
//   - leaf hashing alone (seal commitments + sealed form + SHA-256) against
//     canonical serialization alone, per event, over events in memory.
// Prints a Markdown table for docs/benchmarks.md.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "core/event_json.h"
#include "core/ulid.h"
#include "gen/parsed_events.h"
#include "ledger/seal.h"
#include "store/engine/embedded_store.h"

namespace {

using Steady = std::chrono::steady_clock;
using namespace vigil;

double Micros(Steady::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

struct Percentiles {
  double p50, p90, p99, max;
};

Percentiles Summarize(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, size_t(q * double(us.size())))]; };
  return {at(0.50), at(0.90), at(0.99), us.back()};
}

int Fail(const Status& s) {
  fmt::print(stderr, "vigil-ledger-bench: {}\n", s.ToString());
  return 1;
}

Status Fill(EmbeddedStore* store, uint64_t target) {
  GeneratorOptions gen;
  gen.end_ms = 1'790'000'000'000;
  gen.count = target;
  UlidGenerator ids(SystemClock::Get());
  ParsedEvents events(gen, &ids);
  const auto start = Steady::now();
  for (uint64_t i = store->EndSeq(); i < target;) {
    std::vector<Event> batch;
    for (; i < target && batch.size() < 1000; ++i) {
      ASSIGN_OR_RETURN(Event e, events.Get(i));
      batch.push_back(std::move(e));
    }
    RETURN_IF_ERROR(store->Append(std::move(batch)).status());
    if (i % 1'000'000 == 0) {
      fmt::print(stderr, "  {} events, {:.0f} s\n", i,
                 std::chrono::duration<double>(Steady::now() - start).count());
    }
  }
  return store->Flush();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Benchmarks of the ledger: proofs at scale, rehash throughput, leaf hashing"};
  std::string dir;
  uint64_t events = 10'000'000;
  size_t samples = 2000;
  bool proofs_only = false;
  app.add_option("--data", dir, "data directory (filled when it holds fewer events)")->required();
  app.add_option("--events", events, "events in the tree")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  app.add_option("--samples", samples, "proofs to time")->check(CLI::Range(1, 1'000'000));
  app.add_flag("--proofs-only", proofs_only, "time the proofs only (for profiling)");
  CLI11_PARSE(app, argc, argv);

  EngineOptions options;
  Result<std::unique_ptr<EmbeddedStore>> opened = EmbeddedStore::Open(dir, options);
  if (!opened.ok()) return Fail(opened.status());
  EmbeddedStore* store = opened->get();
  if (store->EndSeq() < events) {
    fmt::print(stderr, "filling {} to {} events\n", dir, events);
    if (Status s = Fill(store, events); !s.ok()) return Fail(s);
  }
  const uint64_t n = store->EndSeq();
  std::mt19937_64 rng(42);

  std::vector<double> inclusion;
  for (size_t k = 0; k < samples; ++k) {
    const uint64_t seq = rng() % n;
    const auto t0 = Steady::now();
    Result<std::vector<ledger::Hash>> proof = store->InclusionProof(seq, n);
    inclusion.push_back(Micros(Steady::now() - t0));
    if (!proof.ok()) return Fail(proof.status());
  }
  std::vector<double> consistency;
  for (size_t k = 0; k < samples; ++k) {
    const uint64_t size1 = 1 + rng() % n;
    const auto t0 = Steady::now();
    Result<std::vector<ledger::Hash>> proof = store->ConsistencyProof(size1, n);
    consistency.push_back(Micros(Steady::now() - t0));
    if (!proof.ok()) return Fail(proof.status());
  }

  const Percentiles inc = Summarize(inclusion), con = Summarize(consistency);
  fmt::print("| measure ({} events, {} samples) | p50 | p90 | p99 | max |\n", n, samples);
  fmt::print("|---|---|---|---|---|\n");
  fmt::print("| inclusion proof, random seq, µs | {:.0f} | {:.0f} | {:.0f} | {:.0f} |\n", inc.p50,
             inc.p90, inc.p99, inc.max);
  fmt::print("| consistency proof, random size1, µs | {:.0f} | {:.0f} | {:.0f} | {:.0f} |\n",
             con.p50, con.p90, con.p99, con.max);
  if (proofs_only) return store->Close().ok() ? 0 : 1;

  // Rehash: read every event back and recompute its leaf (one thread).
  uint64_t rehashed = 0;
  const auto r0 = Steady::now();
  Status scanned = store->Scan(ScanRequest{}, [&](const Event& e) {
    Result<ledger::Hash> h = ledger::EventLeafHash(e);
    if (!h.ok()) return h.status();
    ++rehashed;
    return Status::Ok();
  });
  if (!scanned.ok()) return Fail(scanned);
  const double rehash_s = std::chrono::duration<double>(Steady::now() - r0).count();

  // Leaf hashing vs serialization alone, over 100k events in memory.
  std::vector<Event> sample;
  if (Status s = store->Scan(ScanRequest{},
                             [&](const Event& e) {
                               sample.push_back(e);
                               return sample.size() < 100'000 ? Status::Ok()
                                                              : Status::Unavailable("enough");
                             });
      !s.ok() && sample.size() < 100'000 && s.code() != StatusCode::kUnavailable) {
    return Fail(s);
  }
  std::string buf;
  const auto s0 = Steady::now();
  for (const Event& e : sample) {
    buf.clear();
    AppendCanonicalEvent(e, &buf);
  }
  const double serialize_us = Micros(Steady::now() - s0) / double(sample.size());
  const auto h0 = Steady::now();
  for (const Event& e : sample) (void)ledger::EventLeafHash(e);
  const double leaf_us = Micros(Steady::now() - h0) / double(sample.size());

  fmt::print("\n| throughput | value |\n|---|---|\n");
  fmt::print("| rehash (read back + leaf hash), one thread | {:.0f} events/s |\n",
             double(rehashed) / rehash_s);
  fmt::print("| canonical serialization alone | {:.2f} µs/event |\n", serialize_us);
  fmt::print("| leaf hash alone (commitments + sealed form + SHA-256) | {:.2f} µs/event |\n",
             leaf_us);
  return store->Close().ok() ? 0 : 1;
}
