// libFuzzer target for the query language: ParseQuery must never crash, and
// whatever it accepts must render, parse back to the same Filter, and render
// to the same text again.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "query/filter_test_util.h"
#include "query/query_parser.h"
#include "query/query_renderer.h"

namespace {

// 2026-11-21T15:30:45.123Z; the second parse uses a different now on purpose:
// rendered text holds absolute times only.
constexpr int64_t kNow = 1795275045123;

[[noreturn]] void Fail(const char* what, std::string_view query, std::string_view detail) {
  std::fprintf(stderr, "%s\nquery: %.*s\ndetail: %.*s\n", what, static_cast<int>(query.size()),
               query.data(), static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view q(reinterpret_cast<const char*>(data), size);
  auto filter = vigil::ParseQuery(q, kNow);
  if (!filter.ok()) {
    if (!filter.status().IsInvalidArgument()) Fail("error that is not InvalidArgument", q, "");
    return 0;
  }
  auto text = vigil::RenderQuery(*filter);
  if (!text.ok()) Fail("parsed filter does not render", q, text.status().message());
  auto back = vigil::ParseQuery(*text, kNow + 86'400'000);
  if (!back.ok()) Fail("rendered text does not parse", *text, back.status().message());
  if (!vigil::SameFilter(*filter, *back)) {
    Fail("round trip changed the filter", q, *text);
  }
  auto again = vigil::RenderQuery(*back);
  if (!again.ok() || *again != *text) Fail("rendering is not stable", q, *text);
  return 0;
}
