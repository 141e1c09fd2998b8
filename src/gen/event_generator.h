// EventGenerator: realistic, deterministic audit events for demos, tests and
// benchmarks (`vigil gen`).
//
// Each event is one JSON object in the client form of DESIGN.md §2 (no server
// fields), accepted by EventParser with default ParseOptions. Tenants (`org_…`)
// each simulate one product — Lowcoder, ToolJet, Appmixer, Fliplet or Dify —
// with its action catalog, workspaces, environments and a population of
// members whose activity is Zipf-distributed, plus API keys, background
// services and the platform itself as actors. Times fill the span in order,
// with daily and weekly seasonality. About 4 % of events fail.
//
// Determinism: event i is a pure function of the options and i — the same
// bytes on every run and machine (integer arithmetic only; no clock, no
// std::random distributions). So events can be produced in any order or in
// parallel (one generator per thread, each taking its own indexes).
//
// Not thread-safe (reuses internal buffers). Construction builds the tenants
// (cheap: milliseconds for the defaults).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "gen/generator_options.h"

namespace vigil {

class EventGenerator {
 public:
  // Precondition: options.Validate().ok().
  explicit EventGenerator(const GeneratorOptions& options);
  ~EventGenerator();
  EventGenerator(const EventGenerator&) = delete;
  EventGenerator& operator=(const EventGenerator&) = delete;

  // Appends event `index` as one JSON object, without a newline, to out.
  void Generate(uint64_t index, std::string* out);

  // Appends the next event: indexes 0, 1, 2, … in turn.
  void Next(std::string* out) { Generate(next_index_++, out); }

  const GeneratorOptions& options() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  uint64_t next_index_ = 0;
};

}  // namespace vigil
