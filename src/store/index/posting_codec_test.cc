// Postings decode to the members they were encoded from, in whichever form
// the encoder chose, and a damaged posting is refused, never misread.
#include "store/index/posting_codec.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "store/index/varint.h"

namespace vigil::index {
namespace {

constexpr uint32_t kLimit = 1'000'000;

struct Encoded {
  PostingForm form;
  std::string bytes;
};

Encoded Encode(const std::vector<uint32_t>& members) {
  ZstdPacker packer;
  PostingEncoder encoder(&packer);
  Encoded e;
  e.form = encoder.Encode(members, &e.bytes);
  return e;
}

std::vector<uint32_t> Decode(const Encoded& e, uint32_t limit, bool* ok) {
  std::vector<uint32_t> scratch;
  std::string unpacked;
  Bitmap out;
  *ok = DecodePosting(e.form, e.bytes, limit, &scratch, &unpacked, &out);
  std::string unpacked2;
  EXPECT_EQ(*ok, PostingWellFormed(e.form, e.bytes, limit, &unpacked2));
  std::vector<uint32_t> members(out.cardinality());
  out.toUint32Array(members.data());
  return members;
}

TEST(PostingCodecTest, RoundTripsInEveryForm) {
  std::mt19937 rng(3);
  std::vector<std::vector<uint32_t>> cases = {
      {0, 1},                            // two members, the first 0
      {5, 999'999},                      // a gap needing 3 bytes
      {UINT32_MAX - 2, UINT32_MAX - 1},  // the greatest members below the limit
  };
  std::vector<uint32_t> dense(100'000);
  for (uint32_t i = 0; i < dense.size(); ++i) dense[i] = i;
  cases.push_back(dense);  // a run: Roaring's run container
  std::vector<uint32_t> every_third;
  for (uint32_t i = 0; i < 300'000; i += 3) every_third.push_back(i);
  cases.push_back(every_third);  // small, repetitive gaps: compressed
  std::set<uint32_t> sparse;
  while (sparse.size() < 300) sparse.insert(rng() % kLimit);
  cases.emplace_back(sparse.begin(), sparse.end());  // 2–3 byte gaps
  std::set<PostingForm> forms;
  for (const std::vector<uint32_t>& members : cases) {
    SCOPED_TRACE(members.size());
    const Encoded e = Encode(members);
    forms.insert(e.form);
    bool ok = false;
    EXPECT_EQ(Decode(e, UINT32_MAX, &ok), members);
    EXPECT_TRUE(ok);
  }
  EXPECT_EQ(forms, (std::set<PostingForm>{PostingForm::kGapList, PostingForm::kRoaring,
                                          PostingForm::kZstdGapList}));
}

TEST(PostingCodecTest, DamageIsRefused) {
  auto refused = [](PostingForm form, const std::string& bytes, uint32_t limit) {
    bool ok = true;
    Decode(Encoded{form, bytes}, limit, &ok);
    return !ok;
  };
  std::string list;
  for (uint32_t v : {10u, 5u, 1u}) PutVarint(&list, v);  // members 10, 15, 16
  EXPECT_FALSE(refused(PostingForm::kGapList, list, 17));
  EXPECT_TRUE(refused(PostingForm::kGapList, list, 16));  // member 16 past the limit
  std::string zero_gap = list;
  PutVarint(&zero_gap, 0);  // a member twice
  EXPECT_TRUE(refused(PostingForm::kGapList, zero_gap, kLimit));
  EXPECT_TRUE(refused(PostingForm::kGapList, std::string(1, '\x05'), kLimit));  // one member
  EXPECT_TRUE(refused(PostingForm::kGapList, list + "\x80", kLimit));  // unterminated varint
  EXPECT_TRUE(refused(PostingForm::kOneMember, list, kLimit));         // not a posting's form

  std::vector<uint32_t> many;
  for (uint32_t i = 0; i < 30'000; i += 3) many.push_back(i);
  const Encoded zstd = Encode(many);
  ASSERT_EQ(zstd.form, PostingForm::kZstdGapList);
  EXPECT_TRUE(refused(zstd.form, zstd.bytes.substr(0, zstd.bytes.size() - 1), kLimit));
  EXPECT_TRUE(refused(zstd.form, zstd.bytes, 29'997));  // its last member is at the limit
  EXPECT_TRUE(refused(zstd.form, "not a zstd frame", kLimit));

  std::vector<uint32_t> run(50'000);
  for (uint32_t i = 0; i < run.size(); ++i) run[i] = i;
  const Encoded roaring = Encode(run);
  ASSERT_EQ(roaring.form, PostingForm::kRoaring);
  EXPECT_TRUE(refused(roaring.form, roaring.bytes + "x", kLimit));  // a byte after the bitmap
  EXPECT_TRUE(refused(roaring.form, roaring.bytes.substr(0, roaring.bytes.size() - 1), kLimit));
}

}  // namespace
}  // namespace vigil::index
