// Randomized differential testing of a Store's reads (search pages with
// cursors, histograms, facets) against a brute-force reference written from
// the query language's documented semantics (docs/query-language.md),
// without the engine's FilterMatcher or tokenizer: its own tokenizer uses
// ICU where the engine uses utf8proc.
//
// Queries are built from random conditions whose values are drawn from the
// stored events, so most of them match something; each condition carries its
// query text and an independent predicate. Used by query_reference_test.cc
// (the embedded engine) and query_reference_clickhouse_test.cc.
#pragma once

#include <cstdint>
#include <vector>

#include "core/event.h"
#include "core/timestamp.h"
#include "store/store.h"

namespace vigil::reference {

inline constexpr int64_t kEnd = 1'763'700'000'000;  // 2025-11-21
inline constexpr int64_t kSpan = 30 * kMsPerDay;

// Events first_index … first_index + n - 1 of `vigil gen`'s stream for
// `seed` (6 tenants, spread over the kSpan before kEnd), parsed; some
// descriptions carry words outside ASCII spelled in ways that fold together.
std::vector<Event> GenerateEvents(uint64_t seed, size_t n, uint64_t first_index);

// What was stored, and the checks against it. Failures are gtest failures.
class ReferenceCheck {
 public:
  // Appends events to store in batches of 250, sealed here so that the
  // reference copies equal the stored events; remembers them with their seqs.
  void Ingest(Store& store, std::vector<Event> events);
  // Runs `queries` random queries (seeded) and compares every read of store
  // with the reference, reading pages of 1 … max_limit events.
  // A quarter of the queries also leave out events before a random online
  // bound (ReadScope::online_from_ms, the archive tier's edge).
  void CheckRandomQueries(Store& store, uint64_t seed, int queries, size_t max_limit = 40);
  // Store::RedactActor on the actor of a stored event with personal values
  // (chosen by seed), applied to the reference copies too; checks the count.
  void RedactOne(Store& store, uint64_t seed);

  const std::vector<Event>& stored() const { return stored_; }

 private:
  void CheckSearch(Store& store, const ReadScope& scope, std::vector<const Event*> want,
                   Order order, size_t limit);
  void CheckHistogram(Store& store, const ReadScope& scope, const std::vector<const Event*>& want);
  void CheckFacets(Store& store, const ReadScope& scope, const std::vector<const Event*>& want);

  std::vector<Event> stored_;
};

}  // namespace vigil::reference
