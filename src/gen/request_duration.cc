#include "gen/request_duration.h"

#include <algorithm>

namespace vigil::gen {
namespace {

// Quantiles of exp(0.75 z), z standard normal, at (j + 0.5) / 64, in per
// mille: the spread of durations around their median.
constexpr uint32_t kLogNormalPerMille[64] = {
    163,  225,  267,  301,  331,  359,  385,  410,  434,  457,  480,  503,  525,  548,  570,  592,
    614,  636,  659,  682,  705,  728,  751,  775,  800,  824,  850,  876,  902,  929,  957,  985,
    1015, 1045, 1076, 1109, 1142, 1177, 1213, 1251, 1290, 1331, 1374, 1419, 1467, 1518, 1571, 1628,
    1690, 1755, 1826, 1904, 1989, 2082, 2187, 2305, 2440, 2597, 2786, 3020, 3323, 3748, 4440, 6130};

// Median request duration of an operation, in milliseconds.
uint32_t MedianDurationMs(std::string_view operation) {
  struct Median {
    std::string_view operation;
    uint32_t ms;
  };
  static constexpr Median kMedians[] = {
      {"view", 45},     {"login", 280},    {"logout", 20},    {"execute", 160}, {"export", 900},
      {"import", 1400}, {"upload", 650},   {"publish", 1200}, {"build", 2500},  {"send", 220},
      {"start", 350},   {"stop", 120},     {"create", 110},   {"delete", 70},   {"update", 85},
      {"clone", 600},   {"install", 1800}, {"rollback", 500}};
  for (const Median& m : kMedians) {
    if (m.operation == operation) return m.ms;
  }
  return 80;
}

}  // namespace

int64_t DrawDurationTenthsMs(std::string_view operation, SplitMix64& rng) {
  // A quantile, linearly interpolated towards the next one.
  const uint32_t j = rng.Below(64);
  const uint32_t lo = kLogNormalPerMille[j];
  const uint32_t hi = j + 1 < 64 ? kLogNormalPerMille[j + 1] : lo + lo / 4;
  const uint64_t factor = lo + (static_cast<uint64_t>(hi - lo) * rng.Below(1000)) / 1000;
  uint64_t tenths = MedianDurationMs(operation) * 10 * factor / 1000;
  if (rng.Chance(15)) tenths *= 5 + rng.Below(36);
  return static_cast<int64_t>(std::max<uint64_t>(tenths, 3));
}

}  // namespace vigil::gen
