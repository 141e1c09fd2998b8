// Helpers for the segment tests and the speed tool: temp dirs, event
// generators, whole-file byte edits. Test-only; not part of the library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "store/segment/column_set.h"

namespace vigil::segment_test {

// A fresh directory under $VIGIL_TEST_TMPDIR (or /tmp), removed with its
// contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(std::string_view name) const;

 private:
  std::string path_;
};

// Hand-built events covering every corner of the format: every field set,
// only the required ones, absent vs zero doubles, -0.0, extreme times,
// unicode, quotes, newlines and NUL bytes, 0..n resources, then `rows` more
// with low- and high-cardinality columns. Seqs first_seq, first_seq+1, …
std::vector<Event> MakeVariedEvents(size_t rows, uint64_t first_seq = 1000);

// Events shaped like a SaaS audit log: a few tenants and actions, ~1000
// actors, unique ids and request ids, nearly sorted times, most with geo and
// duration, 0-3 resources. Deterministic for a seed.
std::vector<Event> MakeRealisticEvents(size_t rows, uint64_t seed, uint64_t first_seq = 0);

// e with only the fields of `columns` kept (the others default): what a
// reader returns for that ColumnSet.
Event Project(const Event& e, const ColumnSet& columns);

std::string ReadBytes(const std::string& path);
void WriteBytes(const std::string& path, std::string_view bytes);

}  // namespace vigil::segment_test
