// vigil-index-bench: what the per-segment indexes (src/store/index) cost on
// `vigil gen` events — bytes per event by key, terms, and the time to build
// them — the numbers behind docs/format/segment-index.md "Size" and the
// flush's share of ingest (bench/README.md).
//
//   vigil-index-bench [--events N] [--segment-rows R] [--seed S]
//
// Generates N events (with ids, as bench/compare.sh sends them), parses
// them, and builds one index per R events (the engine's memtable size), as
// a flush does; then looks up a sample of each index's terms (every 97th),
// whole and by their first half, and times those lookups.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "gen/parsed_events.h"
#include "store/index/segment_index.h"
#include "store/index/segment_index_builder.h"
#include "store/segment/segment_format.h"

namespace vigil {
namespace {

int Run(uint64_t count, uint64_t segment_rows, uint64_t seed) {
  Result<std::vector<Event>> generated = GenerateParsedEvents(count, seed, 1'790'000'000'000);
  if (!generated.ok()) {
    std::fprintf(stderr, "vigil-index-bench: %s\n", generated.status().ToString().c_str());
    return 1;
  }
  const std::vector<Event>& events = *generated;

  std::array<uint64_t, index::kIndexKeyCount> key_bytes{}, key_terms{};
  uint64_t total_bytes = 0;
  double build_s = 0, finish_s = 0, open_s = 0, exact_s = 0, prefix_s = 0;
  uint64_t lookups = 0;
  for (uint64_t first = 0; first < count; first += segment_rows) {
    const uint64_t end = std::min(count, first + segment_rows);
    const auto t0 = std::chrono::steady_clock::now();
    index::SegmentIndexBuilder builder(segment::kDefaultRowsPerGroup);
    for (uint64_t i = first; i < end; ++i) builder.Add(events[i]);
    const auto t_finish = std::chrono::steady_clock::now();
    std::string bytes = builder.Finish();
    const auto t_built = std::chrono::steady_clock::now();
    build_s += std::chrono::duration<double>(t_built - t0).count();
    finish_s += std::chrono::duration<double>(t_built - t_finish).count();
    total_bytes += bytes.size();
    const auto t1 = std::chrono::steady_clock::now();
    Result<index::SegmentIndex> ix = index::SegmentIndex::Parse(bytes);
    open_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    if (!ix.ok()) {
      std::fprintf(stderr, "vigil-index-bench: %s\n", ix.status().ToString().c_str());
      return 1;
    }
    for (size_t k = 0; k < index::kIndexKeyCount; ++k) {
      const auto key = static_cast<index::IndexKey>(k);
      key_bytes[k] += ix->key_bytes(key);
      key_terms[k] += ix->term_count(key);
      std::vector<std::string> sample;
      size_t i = 0;
      ix->ForEachTerm(key, [&](std::string_view term, const index::Rows&) {
        if (i++ % 97 == 0) sample.emplace_back(term);
      });
      uint64_t found = 0;
      const auto t2 = std::chrono::steady_clock::now();
      for (const std::string& term : sample) found += ix->Exact(key, term).rows.cardinality();
      const auto t3 = std::chrono::steady_clock::now();
      for (const std::string& term : sample) {
        found += ix->Prefix(key, std::string_view(term).substr(0, (term.size() + 1) / 2))
                     .rows.cardinality();
      }
      const auto t4 = std::chrono::steady_clock::now();
      if (found == 0 && !sample.empty()) {
        std::fprintf(stderr, "vigil-index-bench: lookups found nothing\n");
        return 1;
      }
      exact_s += std::chrono::duration<double>(t3 - t2).count();
      prefix_s += std::chrono::duration<double>(t4 - t3).count();
      lookups += sample.size();
    }
  }
  const double n = static_cast<double>(count);
  fmt::print("{} events (seed {}), indexes of {} rows, row groups of {}\n", count, seed,
             segment_rows, segment::kDefaultRowsPerGroup);
  fmt::print("build: {:.2f} µs/event ({:.2f} s; Finish {:.2f} µs/event)\n", build_s * 1e6 / n,
             build_s, finish_s * 1e6 / n);
  fmt::print("open (checks included): {:.3f} µs/event ({:.3f} s)\n", open_s * 1e6 / n, open_s);
  fmt::print("lookup of {} sampled terms: exact {:.2f} µs, prefix (first half) {:.2f} µs each\n",
             lookups, exact_s * 1e6 / static_cast<double>(lookups),
             prefix_s * 1e6 / static_cast<double>(lookups));
  fmt::print("size: {:.1f} bytes/event ({} bytes)\n\n", static_cast<double>(total_bytes) / n,
             total_bytes);
  fmt::print("| key | terms | bytes/event |\n|---|---|---|\n");
  for (size_t k = 0; k < index::kIndexKeyCount; ++k) {
    if (key_terms[k] == 0) continue;
    fmt::print("| {} | {} | {:.2f} |\n", index::IndexKeyName(static_cast<index::IndexKey>(k)),
               key_terms[k], static_cast<double>(key_bytes[k]) / n);
  }
  return 0;
}

}  // namespace
}  // namespace vigil

int main(int argc, char** argv) {
  CLI::App app{"vigil-index-bench: size and build time of segment indexes on vigil gen events"};
  uint64_t events = 300'000, segment_rows = 100'000, seed = 1;
  app.add_option("--events", events, "events to generate")->check(CLI::Range(1, 100'000'000));
  app.add_option("--segment-rows", segment_rows, "rows per segment (one index each)")
      ->check(CLI::Range(1, 1 << 24));
  app.add_option("--seed", seed, "vigil gen seed");
  CLI11_PARSE(app, argc, argv);
  return vigil::Run(events, segment_rows, seed);
}
