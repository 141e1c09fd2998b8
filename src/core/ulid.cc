#include "core/ulid.h"

namespace vigil {

std::string EncodeUlid(uint64_t time_ms, uint64_t rand_hi, uint64_t rand_lo) {
  std::string out(26, '0');
  EncodeUlidTo(time_ms, rand_hi, rand_lo, out.data());
  return out;
}

void EncodeUlidTo(uint64_t time_ms, uint64_t rand_hi, uint64_t rand_lo, char out[26]) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  // 128 bits, hi:lo = time (48) | rand_hi (16) | rand_lo (64), written 5 bits
  // at a time from the least significant end; the first character carries 3 bits.
  const uint64_t hi = ((time_ms & 0xFFFFFFFFFFFFULL) << 16) | (rand_hi & 0xFFFF);
  const uint64_t lo = rand_lo;
  for (int i = 25; i >= 0; --i) {
    const unsigned shift = static_cast<unsigned>(25 - i) * 5;  // bit position of this digit
    uint64_t digit;
    if (shift + 5 <= 64) {
      digit = lo >> shift;
    } else if (shift >= 64) {
      digit = hi >> (shift - 64);
    } else {
      digit = (lo >> shift) | (hi << (64 - shift));
    }
    out[i] = kAlphabet[digit & 31];
  }
}

UlidGenerator::UlidGenerator(const Clock* clock, uint64_t seed) : clock_(clock) {
  if (seed == 0) {
    std::random_device rd;
    seed = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  }
  rng_.seed(seed);
}

std::string UlidGenerator::Next() {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t now = clock_->NowMs();
  if (now <= last_ms_) {
    // Same (or an earlier, if the clock stepped back) millisecond: increment the
    // 80-bit random part so ids keep sorting in generation order.
    if (++rand_lo_ == 0) rand_hi_ = (rand_hi_ + 1) & 0xFFFF;
    now = last_ms_;
  } else {
    last_ms_ = now;
    rand_lo_ = rng_();
    rand_hi_ = rng_() & 0x7FFF;  // top bit clear: leaves room to increment
  }
  return EncodeUlid(static_cast<uint64_t>(now), rand_hi_, rand_lo_);
}

}  // namespace vigil
