// FilterMatcher: evaluates a Filter against one Event, the reference
// semantics of every query-language field (docs/query-language.md). The
// embedded engine's scan uses it directly; index-based plans must agree with it.
#pragma once

#include <string>

#include "core/event.h"
#include "store/filter.h"

namespace vigil {

// Which Event fields a filter reads, so a scan decodes only those columns.
struct FilterNeeds {
  bool text = false;  // full text: description, names, ids, metadata values
  bool fields[static_cast<size_t>(FilterField::kText) + 1] = {};
};

class FilterMatcher {
 public:
  // filter must outlive the matcher. Not thread-safe (reuses scratch buffers);
  // use one per thread.
  explicit FilterMatcher(const Filter& filter) : filter_(filter) {}

  bool Matches(const Event& e);

  static FilterNeeds NeedsOf(const Filter& filter);

 private:
  bool Eval(const FilterNode& node, const Event& e);
  bool TermMatches(const FilterTerm& term, const Event& e);
  bool TextMatches(const FilterValue& phrase, const Event& e);
  bool PhraseIn(const FilterValue& phrase, std::string_view text);

  const Filter& filter_;
  std::string scratch_;
  std::string json_scratch_;
};

// True when ip (text form) lies in the CIDR block of v (v.kind == kCidr).
bool IpInCidr(std::string_view ip, const FilterValue& v);

}  // namespace vigil
