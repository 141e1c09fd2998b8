#include "store/index/segment_index_builder.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <random>
#include <span>

#include "store/index/segment_index_format.h"
#include "store/index/term_block_writer.h"
#include "store/index/varint.h"

namespace vigil::index {
namespace {

constexpr size_t kInitialSlots = 1024;  // a power of 2

void PutFixed64(std::string* out, uint64_t v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out->append(b, 8);
}
void SetFixed32(std::string* out, size_t at, uint32_t v) { std::memcpy(out->data() + at, &v, 4); }
void SetFixed64(std::string* out, size_t at, uint64_t v) { std::memcpy(out->data() + at, &v, 8); }

uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
uint64_t Load32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
// The 128-bit product's halves folded (wyhash's mixing step).
__extension__ using Uint128 = unsigned __int128;  // GCC and clang
uint64_t Mix(uint64_t a, uint64_t b) {
  const Uint128 r = static_cast<Uint128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

// A term's hash, seeded per process (so that no one can choose terms that
// all collide). Terms are short: a few multiplications.
uint64_t HashTerm(std::string_view s) {
  static const uint64_t kSeed = [] {
    std::random_device random;
    return uint64_t{random()} << 32 | random();
  }();
  constexpr uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull,
                     k2 = 0x8ebc6af09c88c6e3ull;
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = kSeed ^ Mix(n ^ k0, k1);
  for (; n > 16; n -= 16, p += 16) h = Mix(Load64(p) ^ k1, Load64(p + 8) ^ h);
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    a = Load64(p);
    b = Load64(p + n - 8);
  } else if (n >= 4) {
    a = Load32(p);
    b = Load32(p + n - 4);
  } else if (n > 0) {
    a = uint64_t{static_cast<uint8_t>(p[0])} << 16 | uint64_t{static_cast<uint8_t>(p[n / 2])} << 8 |
        static_cast<uint8_t>(p[n - 1]);
  }
  return Mix(k2 ^ s.size(), Mix(a ^ k1, b ^ h));
}

// The first 8 bytes of s as a big-endian number (zero-padded): ordering by
// it orders by those bytes.
uint64_t SortPrefix(std::string_view s) {
  char b[8] = {};
  std::memcpy(b, s.data(), std::min<size_t>(8, s.size()));
  return __builtin_bswap64(Load64(b));  // std::byteswap is C++23
}

}  // namespace

SegmentIndexBuilder::SegmentIndexBuilder(uint32_t rows_per_group, uint32_t max_text_row_posting,
                                         Lookups lookups)
    : rows_per_group_(rows_per_group),
      max_text_row_posting_(max_text_row_posting),
      lookups_(lookups) {
  for (KeyTerms& key : keys_) key.slots.assign(kInitialSlots, 0);
}

void SegmentIndexBuilder::Grow(KeyTerms& key) {
  std::vector<uint64_t> slots(key.slots.size() * 2, 0);
  const size_t mask = slots.size() - 1;
  for (uint64_t slot : key.slots) {
    if (slot == 0) continue;
    size_t i = key.terms[(slot & 0xFFFFFFFF) - 1].home & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = slot;
  }
  key.slots = std::move(slots);
}

void SegmentIndexBuilder::AddTerm(KeyTerms& key, std::string_view term, uint64_t h, uint32_t row) {
  const uint64_t tag = h & ~uint64_t{0xFFFFFFFF};
  const size_t mask = key.slots.size() - 1;
  size_t i = h & mask;
  for (;; i = (i + 1) & mask) {
    const uint64_t slot = key.slots[i];
    if (slot == 0) break;
    if ((slot & ~uint64_t{0xFFFFFFFF}) != tag) continue;
    const uint32_t id = static_cast<uint32_t>(slot) - 1;
    Term& t = key.terms[id];
    if (t.size != term.size() || std::memcmp(arena_.data() + t.offset, term.data(), t.size) != 0) {
      continue;
    }
    if (t.last_row != row) {  // a term repeated within a row counts once
      t.last_row = row;
      ++t.rows;
      if (lookups_ == Lookups::kAnswer) {
        key.later_links.push_back(t.last_later);
        t.last_later = static_cast<uint32_t>(key.later_rows.size());
      }
      key.later_rows.push_back(uint64_t{id} << 32 | row);
    }
    return;
  }
  const auto id = static_cast<uint32_t>(key.terms.size());
  key.terms.push_back(Term{arena_.size(), static_cast<uint32_t>(term.size()),
                           static_cast<uint32_t>(h), row, row, 1, kNoLink});
  arena_.append(term);
  key.slots[i] = tag | (uint64_t{id} + 1);
  if (key.terms.size() * 2 > key.slots.size()) Grow(key);  // load ≤ 1/2
}

void SegmentIndexBuilder::Add(const Event& e) {
  const uint32_t row = rows_++;
  if (row % rows_per_group_ == 0) groups_.emplace_back();
  GroupBounds& g = groups_.back();
  g.min_time = std::min(g.min_time, e.time_ms);
  g.max_time = std::max(g.max_time, e.time_ms);
  if (e.context.duration_ms) {
    g.min_duration = std::min(g.min_duration, *e.context.duration_ms);
    g.max_duration = std::max(g.max_duration, *e.context.duration_ms);
  }
  // A row's terms go into the tables together, in stages that prefetch
  // what the next stage reads: each key's table holds up to millions of
  // terms, so that each lookup would otherwise wait on memory two or three
  // times (its slot, its term, the term's bytes).
  pending_.clear();
  pending_bytes_.clear();
  ForEachIndexTerm(e, scratch_, [&](IndexKey k, std::string_view term) {
    const uint64_t h = HashTerm(term);
    const KeyTerms& key = keys_[static_cast<size_t>(k)];
    const size_t slot = h & (key.slots.size() - 1);
    __builtin_prefetch(&key.slots[slot]);
    pending_.push_back(PendingTerm{h, static_cast<uint32_t>(k), static_cast<uint32_t>(term.size()),
                                   pending_bytes_.size(), slot});
    pending_bytes_.append(term);
  });
  auto candidate = [&](const PendingTerm& p) -> const Term* {
    const KeyTerms& key = keys_[p.key];
    const uint64_t slot = key.slots[p.slot];
    if (slot == 0 || (slot & ~uint64_t{0xFFFFFFFF}) != (p.hash & ~uint64_t{0xFFFFFFFF})) {
      return nullptr;
    }
    return &key.terms[static_cast<uint32_t>(slot) - 1];
  };
  for (const PendingTerm& p : pending_) {
    if (const Term* t = candidate(p)) __builtin_prefetch(t);
  }
  for (const PendingTerm& p : pending_) {
    if (const Term* t = candidate(p)) __builtin_prefetch(arena_.data() + t->offset);
  }
  for (const PendingTerm& p : pending_) {
    AddTerm(keys_[p.key], std::string_view(pending_bytes_.data() + p.offset, p.size), p.hash, row);
  }
}

uint32_t SegmentIndexBuilder::Find(const KeyTerms& key, std::string_view term) const {
  const uint64_t h = HashTerm(term);
  const uint64_t tag = h & ~uint64_t{0xFFFFFFFF};
  const size_t mask = key.slots.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const uint64_t slot = key.slots[i];
    if (slot == 0) return kNoLink;
    if ((slot & ~uint64_t{0xFFFFFFFF}) != tag) continue;
    const uint32_t id = static_cast<uint32_t>(slot) - 1;
    if (TermBytes(key.terms[id]) == term) return id;
  }
}

Rows SegmentIndexBuilder::RowsOf(const KeyTerms& key, uint32_t id) const {
  const Term& t = key.terms[id];
  std::vector<uint32_t> rows;
  rows.reserve(t.rows);
  for (uint32_t i = t.last_later; i != kNoLink; i = key.later_links[i]) {
    rows.push_back(static_cast<uint32_t>(key.later_rows[i]));
  }
  rows.push_back(t.first_row);
  std::reverse(rows.begin(), rows.end());
  Rows out;
  out.rows.addMany(rows.size(), rows.data());
  return out;
}

GroupRange SegmentIndexBuilder::group_range(uint32_t g) const {
  const GroupBounds& b = groups_[g];
  return GroupRange{b.min_time, b.max_time, b.min_duration, b.max_duration};
}

Rows SegmentIndexBuilder::Exact(IndexKey k, std::string_view term) const {
  if (lookups_ != Lookups::kAnswer) return Rows{};
  const KeyTerms& key = keys_[static_cast<size_t>(k)];
  const uint32_t id = Find(key, term);
  return id == kNoLink ? Rows{} : RowsOf(key, id);
}

Rows SegmentIndexBuilder::Prefix(IndexKey k, std::string_view prefix) const {
  Rows out;
  if (lookups_ != Lookups::kAnswer) return out;
  const KeyTerms& key = keys_[static_cast<size_t>(k)];
  for (uint32_t id = 0; id < key.terms.size(); ++id) {
    if (TermBytes(key.terms[id]).starts_with(prefix)) out.rows |= RowsOf(key, id).rows;
  }
  return out;
}

void SegmentIndexBuilder::ForEachTerm(
    IndexKey k, const std::function<void(std::string_view, const Rows&)>& f) const {
  if (lookups_ != Lookups::kAnswer) return;
  const KeyTerms& key = keys_[static_cast<size_t>(k)];
  for (uint32_t id = 0; id < key.terms.size(); ++id) f(TermBytes(key.terms[id]), RowsOf(key, id));
}

void SegmentIndexBuilder::WriteSection(size_t k, std::string* out) {
  const KeyTerms& key = keys_[k];
  const std::vector<Term>& terms = key.terms;
  // The terms in byte order; the 8-byte prefix decides most comparisons.
  struct SortKey {
    uint64_t prefix;
    uint32_t id;
  };
  std::vector<SortKey> order(terms.size());
  for (uint32_t id = 0; id < terms.size(); ++id) {
    order[id] = SortKey{SortPrefix(TermBytes(terms[id])), id};
  }
  std::sort(order.begin(), order.end(), [&](const SortKey& a, const SortKey& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    return TermBytes(terms[a.id]) < TermBytes(terms[b.id]);
  });
  // Each term's rows, ascending, at rows[start[id]...]: a counting sort of
  // the later rows (in row order already) after each term's first.
  std::vector<uint32_t> start(terms.size() + 1), rows;
  for (uint32_t id = 0; id < terms.size(); ++id) start[id + 1] = start[id] + terms[id].rows;
  rows.resize(start.back());
  std::vector<uint32_t> next(start.begin(), start.end() - 1);
  for (uint32_t id = 0; id < terms.size(); ++id) rows[next[id]++] = terms[id].first_row;
  for (uint64_t pair : key.later_rows) rows[next[pair >> 32]++] = static_cast<uint32_t>(pair);

  std::string blocks, block_offsets;
  TermBlockWriter block(&packer_);
  std::vector<uint32_t> groups;
  for (size_t i = 0; i < order.size(); ++i) {
    const Term& t = terms[order[i].id];
    std::span<const uint32_t> members(rows.data() + start[order[i].id], t.rows);
    // Rows, except for a frequent token: its row groups (see the header).
    const bool by_group =
        k == static_cast<size_t>(IndexKey::kText) && t.rows > max_text_row_posting_;
    if (by_group) {
      groups.clear();
      for (uint32_t row : members) {
        const uint32_t g = row / rows_per_group_;
        if (groups.empty() || groups.back() != g) groups.push_back(g);
      }
      members = groups;
    }
    if (i % kBlockTerms == 0) PutFixed32(&block_offsets, static_cast<uint32_t>(blocks.size()));
    block.Add(TermBytes(t), members, by_group);
    if (block.terms() == kBlockTerms || i + 1 == order.size()) block.Finish(&blocks);
  }
  PutFixed32(&block_offsets, static_cast<uint32_t>(blocks.size()));
  out->append(block_offsets);
  out->append(blocks);
}

std::string SegmentIndexBuilder::Finish() {
  std::string out(kMagic);
  PutFixed32(&out, kFormatVersion);
  PutFixed32(&out, 0);  // flags
  PutFixed32(&out, rows_);
  PutFixed32(&out, rows_per_group_);
  PutFixed32(&out, static_cast<uint32_t>(kIndexKeyCount));
  const size_t table_at = out.size();
  out.resize(out.size() + kIndexKeyCount * kKeyEntrySize);
  for (const GroupBounds& g : groups_) {
    PutFixed64(&out, static_cast<uint64_t>(g.min_time));
    PutFixed64(&out, static_cast<uint64_t>(g.max_time));
    PutFixed64(&out, std::bit_cast<uint64_t>(g.min_duration));
    PutFixed64(&out, std::bit_cast<uint64_t>(g.max_duration));
  }
  for (size_t k = 0; k < kIndexKeyCount; ++k) {
    const size_t section_at = out.size();
    WriteSection(k, &out);
    const size_t e = table_at + k * kKeyEntrySize;
    out[e] = static_cast<char>(k);
    out[e + 1] = out[e + 2] = out[e + 3] = '\0';
    SetFixed32(&out, e + 4, static_cast<uint32_t>(keys_[k].terms.size()));
    SetFixed64(&out, e + 8, section_at);
    SetFixed64(&out, e + 16, out.size() - section_at);
  }
  PutFixed32(&out, static_cast<uint32_t>(
                       crc32(0, reinterpret_cast<const Bytef*>(out.data()), out.size())));
  out.append(kMagic);
  for (KeyTerms& key : keys_) key = KeyTerms{std::vector<uint64_t>(kInitialSlots, 0), {}, {}, {}};
  arena_.clear();
  rows_ = 0;
  groups_.clear();
  return out;
}

}  // namespace vigil::index
