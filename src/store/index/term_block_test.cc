// A block of terms reads back as written — terms, forms, members, group
// flags — and a damaged block is refused, never misread.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/index/term_block_reader.h"
#include "store/index/term_block_writer.h"
#include "store/index/varint.h"

namespace vigil::index {
namespace {

struct Entry {
  std::string term;
  std::vector<uint32_t> members;
  bool groups = false;
};

std::string Write(const std::vector<Entry>& entries) {
  ZstdPacker packer;
  TermBlockWriter w(&packer);
  for (const Entry& e : entries) w.Add(e.term, e.members, e.groups);
  EXPECT_EQ(w.terms(), entries.size());
  std::string out;
  w.Finish(&out);
  EXPECT_EQ(w.terms(), 0u);
  return out;
}

// Reads the block's entries into *out; false when the block is refused.
bool Read(std::string_view block, uint32_t n, std::vector<Entry>* out) {
  TermBlockReader r;
  if (!r.Open(block, n)) return false;
  out->clear();
  while (r.Next()) {
    Entry e{r.term(), {}, r.groups()};
    if (r.form() == PostingForm::kOneMember) {
      e.members.push_back(r.member());
    } else {
      std::vector<uint32_t> scratch;
      std::string unpacked;
      Bitmap rows;
      if (!DecodePosting(r.form(), r.posting(), UINT32_MAX, &scratch, &unpacked, &rows)) {
        return false;
      }
      e.members.resize(rows.cardinality());
      rows.toUint32Array(e.members.data());
    }
    out->push_back(std::move(e));
  }
  return !r.malformed() && out->size() == n;
}

bool operator==(const Entry& a, const Entry& b) {
  return a.term == b.term && a.members == b.members && a.groups == b.groups;
}

std::vector<Entry> FullBlock() {
  std::vector<Entry> entries;
  for (uint32_t i = 0; i < kBlockTerms; ++i) {
    Entry e;
    e.term = "01kvtd" + std::to_string(100000 + i * 7) + "wrpwe4cwvx";
    if (i % 5 == 0) {
      e.members = {i, i + 3, i + 1000, i + 70'000};
    } else {
      e.members = {50'000 - i * 3};  // descending one-member postings: negative deltas
    }
    e.groups = i % 11 == 0;
    entries.push_back(e);
  }
  return entries;
}

TEST(TermBlockTest, RoundTrips) {
  const std::vector<Entry> full = FullBlock();
  const std::string bytes = Write(full);
  EXPECT_EQ(TermBlockReader::FirstTerm(bytes), full[0].term);
  std::vector<Entry> got;
  ASSERT_TRUE(Read(bytes, kBlockTerms, &got));
  EXPECT_EQ(got, full);
  // Packed columns that compress: stored as a zstd frame, smaller than the terms.
  size_t term_bytes = 0;
  for (const Entry& e : full) term_bytes += e.term.size();
  EXPECT_LT(bytes.size(), term_bytes);

  // One term; an empty term first; a term longer than a whole block of
  // ordinary ones; the least and greatest members.
  const std::vector<std::vector<Entry>> cases = {
      {{"only", {7}, false}},
      {{"", {UINT32_MAX}, false}, {"a", {0}, true}, {"ab", {0, UINT32_MAX - 1}, false}},
      {{"x", {1}, false},
       {std::string(100'000, 'y'), {2, 3}, false},
       {std::string(100'000, 'y') + "z", {4}, false}},
  };
  for (const std::vector<Entry>& entries : cases) {
    const std::string b = Write(entries);
    EXPECT_EQ(TermBlockReader::FirstTerm(b), entries[0].term);
    ASSERT_TRUE(Read(b, static_cast<uint32_t>(entries.size()), &got));
    EXPECT_EQ(got, entries);
  }
}

TEST(TermBlockTest, DamageIsRefused) {
  const std::vector<Entry> full = FullBlock();
  const std::string bytes = Write(full);
  std::vector<Entry> got;
  EXPECT_FALSE(Read(bytes, kBlockTerms - 1, &got));  // fewer terms than the columns hold
  EXPECT_FALSE(Read(bytes, kBlockTerms + 1, &got));
  EXPECT_FALSE(Read(bytes, 0, &got));
  EXPECT_FALSE(Read(bytes.substr(0, bytes.size() - 1), kBlockTerms, &got));  // truncated
  EXPECT_FALSE(Read(bytes + "x", kBlockTerms, &got));  // a byte after the postings
  for (size_t at = 0; at < 40; ++at) {  // the first term, the sizes, the frame's header
    std::string bad = bytes;
    bad[at] ^= 0x40;
    if (Read(bad, kBlockTerms, &got)) {
      EXPECT_NE(got, full) << at;  // a changed first term may still be a valid block
      EXPECT_LT(at, 1 + full[0].term.size() + 1) << at;
    }
  }
  EXPECT_FALSE(TermBlockReader::FirstTerm("\x05"
                                          "abc")
                   .has_value());

  // Uncompressed columns, checked field by field: a shared prefix longer
  // than the term before.
  const std::vector<Entry> two = {{"ab", {1}, false}, {"ac", {2}, false}};
  std::string raw = Write(two);
  // first_len 2, "ab", packed_size, stored_size (equal: stored as is), then
  // shared[1] = 1.
  ASSERT_EQ(raw[3], raw[4]);
  ASSERT_EQ(raw[5], 1);
  ASSERT_TRUE(Read(raw, 2, &got));
  raw[5] = 3;
  EXPECT_FALSE(Read(raw, 2, &got));
}

}  // namespace
}  // namespace vigil::index
