// The index answers as FilterMatcher does: for values drawn from the rows
// themselves (and a few absent ones), Exact/Prefix give exactly the rows the
// matcher accepts for the same term; a phrase's tokens give a superset of
// the rows the matcher accepts. And a damaged file is refused.
#include "store/index/segment_index.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/ascii.h"
#include "core/text_tokenizer.h"
#include "store/filter_matcher.h"
#include "store/index/segment_index_builder.h"
#include "store/index/segment_index_format.h"
#include "store/segment/segment_test_util.h"

namespace vigil::index {
namespace {

struct Case {
  FilterField field;
  IndexKey key;
};

constexpr Case kCases[] = {
    {FilterField::kTenant, IndexKey::kTenant},
    {FilterField::kEnvironment, IndexKey::kEnvironment},
    {FilterField::kWorkspace, IndexKey::kWorkspace},
    {FilterField::kAction, IndexKey::kAction},
    {FilterField::kCategory, IndexKey::kCategory},
    {FilterField::kOperation, IndexKey::kOperation},
    {FilterField::kStatus, IndexKey::kStatus},
    {FilterField::kActorRole, IndexKey::kActorRole},
    {FilterField::kActorType, IndexKey::kActorType},
    {FilterField::kTarget, IndexKey::kTarget},
    {FilterField::kTargetType, IndexKey::kTargetType},
    {FilterField::kResource, IndexKey::kResource},
    {FilterField::kMethod, IndexKey::kMethod},
    {FilterField::kPath, IndexKey::kPath},
    {FilterField::kIp, IndexKey::kIp},
    {FilterField::kCountry, IndexKey::kCountry},
};

class SegmentIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    events_ = segment_test::MakeRealisticEvents(3000, 7);
    SegmentIndexBuilder b(kRowsPerGroup, kMaxTextRowPosting);
    for (const Event& e : events_) b.Add(e);
    bytes_ = b.Finish();
    Result<SegmentIndex> ix = SegmentIndex::Parse(bytes_);
    ASSERT_TRUE(ix.ok()) << ix.status().ToString();
    index_ = std::make_unique<SegmentIndex>(std::move(ix).value());
  }

  static constexpr uint32_t kRowsPerGroup = 256;
  // Small, so that these 3,000 events have tokens of both kinds.
  static constexpr uint32_t kMaxTextRowPosting = 200;

  // The rows FilterMatcher accepts for one term.
  Bitmap Matching(FilterField f, FilterValue v) {
    const Filter filter = FilterNode::Term(f, {std::move(v)});  // the matcher keeps a reference
    FilterMatcher m(filter);
    Bitmap out;
    for (uint32_t i = 0; i < events_.size(); ++i) {
      if (m.Matches(events_[i])) out.add(i);
    }
    return out;
  }

  // Every row of the groups holding one of rows.
  static Bitmap Widened(const Bitmap& rows, uint32_t total) {
    Bitmap out;
    for (uint32_t r : rows) {
      const uint32_t first = r / kRowsPerGroup * kRowsPerGroup;
      out.addRange(first, std::min(first + kRowsPerGroup, total));
    }
    return out;
  }

  // Values of field f seen in the rows (every distinct one, via the index
  // terms themselves would be circular: take them from the events).
  std::vector<std::string> Values(IndexKey k) {
    std::set<std::string> seen;
    std::string scratch;
    for (const Event& e : events_) {
      ForEachIndexTerm(e, scratch, [&](IndexKey key, std::string_view t) {
        if (key == k) seen.emplace(t);
      });
    }
    return {seen.begin(), seen.end()};
  }

  std::vector<Event> events_;
  std::string bytes_;
  std::unique_ptr<SegmentIndex> index_;
};

TEST_F(SegmentIndexTest, ExactAndPrefixMatchTheMatcher) {
  std::mt19937 rng(1);
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string(IndexKeyName(c.key)));
    std::vector<std::string> values = Values(c.key);
    ASSERT_FALSE(values.empty());
    std::shuffle(values.begin(), values.end(), rng);
    values.resize(std::min<size_t>(values.size(), 25));
    values.push_back("no-such-value");
    for (const std::string& v : values) {
      const Rows exact = index_->Exact(c.key, v);
      EXPECT_TRUE(exact.exact) << v;
      EXPECT_EQ(exact.rows, Matching(c.field, FilterValue::Exact(v))) << v;
      const std::string prefix = v.substr(0, (v.size() + 1) / 2);
      const Rows prefixed = index_->Prefix(c.key, prefix);
      EXPECT_TRUE(prefixed.exact) << prefix;
      EXPECT_EQ(prefixed.rows, Matching(c.field, FilterValue::Prefix(prefix))) << prefix;
    }
  }
}

TEST_F(SegmentIndexTest, ActorIsIdOrNameExactlyOrEmailIgnoringCase) {
  for (const Event& e : std::vector<Event>(events_.begin(), events_.begin() + 40)) {
    for (std::string v : {e.actor.id, e.actor.name, e.actor.email}) {
      if (v.empty()) continue;
      ToUpperAscii(&v);  // emails match in any case; ids and names do not
      std::string lower = v;
      ToLowerAscii(&lower);
      Bitmap got = index_->Exact(IndexKey::kActor, v).rows |
                   index_->Exact(IndexKey::kActorEmail, lower).rows;
      EXPECT_EQ(got, Matching(FilterField::kActor, FilterValue::Exact(v))) << v;
    }
  }
}

TEST_F(SegmentIndexTest, PhraseTokensGiveEveryMatchingRow) {
  int frequent = 0, rare = 0;
  for (const Event& e : std::vector<Event>(events_.begin(), events_.begin() + 60)) {
    const std::vector<std::string> tokens = Tokenize(e.description + " " + e.target.name);
    for (size_t i = 0; i + 1 < tokens.size(); i += 2) {
      FilterValue phrase;
      phrase.kind = FilterValue::Kind::kPhrase;
      phrase.tokens = {tokens[i], tokens[i + 1]};
      const Bitmap candidates = index_->Exact(IndexKey::kText, tokens[i]).rows &
                                index_->Exact(IndexKey::kText, tokens[i + 1]).rows;
      const Bitmap matching = Matching(FilterField::kText, phrase);
      EXPECT_TRUE(matching.isSubset(candidates)) << tokens[i] << " " << tokens[i + 1];
      if (tokens[i] == tokens[i + 1]) continue;
      // One token alone: its rows exactly, or for a token in more rows than
      // the builder keeps, every row of the groups holding them.
      phrase.tokens = {tokens[i]};
      const Rows got = index_->Exact(IndexKey::kText, tokens[i]);
      const Bitmap want = Matching(FilterField::kText, phrase);
      if (want.cardinality() > kMaxTextRowPosting) {
        ++frequent;
        EXPECT_FALSE(got.exact) << tokens[i];
        EXPECT_EQ(got.rows, Widened(want, static_cast<uint32_t>(events_.size()))) << tokens[i];
      } else {
        ++rare;
        EXPECT_TRUE(got.exact) << tokens[i];
        EXPECT_EQ(got.rows, want) << tokens[i];
      }
    }
  }
  EXPECT_GT(frequent, 0);
  EXPECT_GT(rare, 0);
}

TEST_F(SegmentIndexTest, HeaderCounts) {
  EXPECT_EQ(index_->rows(), events_.size());
  EXPECT_EQ(index_->rows_per_group(), kRowsPerGroup);
  EXPECT_EQ(index_->term_count(IndexKey::kId), 0u);
  EXPECT_EQ(index_->term_count(IndexKey::kStatus), 2u);
  EXPECT_GT(index_->term_count(IndexKey::kText), 100u);
}

// Counting a term's rows without their bitmap gives ForEachTerm's count for
// every key and form: one member, gap lists (plain and zstd), Roaring, and
// a frequent token's row groups.
TEST_F(SegmentIndexTest, TermCountsAreTheRowsCardinalities) {
  size_t checked = 0;
  for (size_t key = 0; key < kIndexKeyCount; ++key) {
    const auto k = static_cast<IndexKey>(key);
    std::vector<std::pair<std::string, uint64_t>> want, got;
    index_->ForEachTerm(k, [&](std::string_view t, const Rows& r) {
      want.emplace_back(std::string(t), r.rows.cardinality());
    });
    index_->ForEachTermCount(
        k, [&](std::string_view t, uint64_t n) { got.emplace_back(std::string(t), n); });
    EXPECT_EQ(got, want) << IndexKeyName(k);
    checked += want.size();
  }
  EXPECT_GT(checked, 1000u);
}

TEST_F(SegmentIndexTest, GroupRangesBoundEachGroupsTimesAndDurations) {
  ASSERT_EQ(index_->row_groups(), (events_.size() + kRowsPerGroup - 1) / kRowsPerGroup);
  bool some_with = false;
  for (uint32_t g = 0; g < index_->row_groups(); ++g) {
    int64_t min_t = INT64_MAX, max_t = INT64_MIN;
    std::optional<double> min_d, max_d;
    for (size_t r = size_t{g} * kRowsPerGroup;
         r < std::min(events_.size(), size_t{g + 1} * kRowsPerGroup); ++r) {
      min_t = std::min(min_t, events_[r].time_ms);
      max_t = std::max(max_t, events_[r].time_ms);
      if (const std::optional<double>& d = events_[r].context.duration_ms) {
        min_d = min_d ? std::min(*min_d, *d) : *d;
        max_d = max_d ? std::max(*max_d, *d) : *d;
      }
    }
    const GroupRange range = index_->group_range(g);
    EXPECT_EQ(range.min_time, min_t) << g;
    EXPECT_EQ(range.max_time, max_t) << g;
    EXPECT_EQ(range.has_durations(), min_d.has_value()) << g;
    if (min_d) {
      some_with = true;
      EXPECT_EQ(range.min_duration, *min_d) << g;
      EXPECT_EQ(range.max_duration, *max_d) << g;
    }
  }
  EXPECT_TRUE(some_with);
  // A group of events without durations, as its own index.
  std::vector<Event> plain(3, events_.front());
  for (Event& e : plain) e.context.duration_ms.reset();
  SegmentIndexBuilder b(kRowsPerGroup);
  for (const Event& e : plain) b.Add(e);
  Result<SegmentIndex> ix = SegmentIndex::Parse(b.Finish());
  ASSERT_TRUE(ix.ok()) << ix.status().ToString();
  EXPECT_FALSE(ix->group_range(0).has_durations());
}

// Keys of 1 to 129 terms (blocks of kBlockTerms: one partial, one full, a
// full one and one more, …), an empty index, a very long token: every term
// is found, by itself and by prefix, and nothing else.
TEST_F(SegmentIndexTest, BlockBoundariesAndEdgeCases) {
  for (size_t n :
       {size_t{0}, size_t{1}, kBlockTerms - 1, kBlockTerms, kBlockTerms + 1, 2 * kBlockTerms + 1}) {
    SCOPED_TRACE(n);
    SegmentIndexBuilder b(kRowsPerGroup);
    std::vector<std::string> paths;
    for (size_t i = 0; i < n; ++i) {
      Event e = events_.front();
      paths.push_back("/p/" + std::to_string(1000 + i));
      e.context.path = paths.back();
      b.Add(e);
    }
    Result<SegmentIndex> ix = SegmentIndex::Parse(b.Finish());
    ASSERT_TRUE(ix.ok()) << ix.status().ToString();
    ASSERT_EQ(ix->term_count(IndexKey::kPath), n);
    for (size_t i = 0; i < n; ++i) {
      Bitmap one;
      one.add(static_cast<uint32_t>(i));
      EXPECT_EQ(ix->Exact(IndexKey::kPath, paths[i]).rows, one) << paths[i];
    }
    Bitmap all;
    all.addRange(0, n);
    EXPECT_EQ(ix->Prefix(IndexKey::kPath, "/p/").rows, all);
    EXPECT_EQ(ix->Prefix(IndexKey::kPath, "").rows, all);
    EXPECT_TRUE(ix->Exact(IndexKey::kPath, "/p/").rows.isEmpty());
    EXPECT_TRUE(ix->Exact(IndexKey::kPath, "").rows.isEmpty());
    EXPECT_TRUE(ix->Exact(IndexKey::kPath, "/p/9").rows.isEmpty());
    EXPECT_TRUE(ix->Prefix(IndexKey::kPath, "/q").rows.isEmpty());
    size_t seen = 0;
    ix->ForEachTerm(IndexKey::kPath, [&](std::string_view term, const Rows& rows) {
      ASSERT_LT(seen, n);
      EXPECT_EQ(term, paths[seen]);
      EXPECT_EQ(rows.rows.cardinality(), 1u);
      ++seen;
    });
    EXPECT_EQ(seen, n);
  }
  // A token longer than a whole block of ordinary terms, in two rows, beside
  // short ones that share its prefix.
  SegmentIndexBuilder b(kRowsPerGroup);
  const std::string long_token(70'000, 'q');
  for (const std::string& d : {long_token, std::string("q qq"), long_token + "r"}) {
    Event e = events_.front();
    e.description = d;
    b.Add(e);
  }
  Result<SegmentIndex> ix = SegmentIndex::Parse(b.Finish());
  ASSERT_TRUE(ix.ok()) << ix.status().ToString();
  Bitmap first;
  first.add(0);
  EXPECT_EQ(ix->Exact(IndexKey::kText, long_token).rows, first);
  Bitmap long_ones;
  long_ones.add(0);
  long_ones.add(2);
  EXPECT_EQ(ix->Prefix(IndexKey::kText, long_token).rows, long_ones);
  EXPECT_EQ(ix->Prefix(IndexKey::kText, "q").rows.cardinality(), 3u);
}

// A well-formed file with one thing wrong inside, the checksum recomputed:
// the structural checks catch it.
TEST_F(SegmentIndexTest, InconsistentContentIsCorruption) {
  auto fixed64 = [&](size_t at) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = v << 8 | static_cast<uint8_t>(bytes_[at + i]);
    return v;
  };
  auto reseal = [](std::string* b) {
    const size_t at = b->size() - kTrailerSize;
    const uint32_t crc =
        static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(b->data()), at));
    for (int i = 0; i < 4; ++i) (*b)[at + i] = static_cast<char>(crc >> (8 * i));
  };
  auto error_of = [&](std::string bad) {
    reseal(&bad);
    Result<SegmentIndex> r = SegmentIndex::Parse(std::move(bad));
    return r.ok() ? std::string("ok") : r.status().message();
  };
  const size_t text_entry = kHeaderSize + static_cast<size_t>(IndexKey::kText) * kKeyEntrySize;
  const uint64_t section = fixed64(text_entry + 8);
  const size_t blocks = (index_->term_count(IndexKey::kText) + kBlockTerms - 1) / kBlockTerms;
  ASSERT_GE(blocks, 3u);
  const size_t first_block = section + (blocks + 1) * 4;

  std::string bad = bytes_;
  bad[first_block] = 0x7F;  // the first term's length: 127 bytes, past its block's columns
  EXPECT_EQ(error_of(bad), "segment index: text: entry 0 malformed or missing");
  bad = bytes_;
  bad[section + 4] = bad[section + 8];  // block 1 starts where block 2 does
  bad[section + 5] = bad[section + 9];
  bad[section + 6] = bad[section + 10];
  bad[section + 7] = bad[section + 11];
  EXPECT_EQ(error_of(bad),
            "segment index: text: entry 0 malformed or missing");  // block 0 too long
  bad = bytes_;
  bad[section] = 1;  // block 0 does not start at the first byte
  EXPECT_EQ(error_of(bad), "segment index: text: sizes do not add up");
  bad = bytes_;
  std::swap(bad[section + 4], bad[section + 8]);  // offsets out of order (low bytes swapped)
  std::swap(bad[section + 5], bad[section + 9]);
  std::swap(bad[section + 6], bad[section + 10]);
  std::swap(bad[section + 7], bad[section + 11]);
  EXPECT_EQ(error_of(bad), "segment index: text: block 1 misplaced");
  bad = bytes_;
  bad[text_entry + 1] = 7;  // reserved
  EXPECT_EQ(error_of(bad), "segment index: text: reserved bytes not zero");
  bad = bytes_;
  bad[text_entry + 8] = static_cast<char>(bad[text_entry + 8] + 1);  // section moved by a byte
  EXPECT_NE(error_of(bad), "ok");
  bad = bytes_;
  bad[20] = 0;  // rows_per_group 0 (little endian: clear all four bytes)
  bad[21] = bad[22] = bad[23] = 0;
  EXPECT_EQ(error_of(bad), "segment index: row groups of 0 rows");
  bad = bytes_;
  const size_t ranges = kHeaderSize + kIndexKeyCount * kKeyEntrySize;
  for (size_t i = 0; i < 8; ++i) std::swap(bad[ranges + i], bad[ranges + 8 + i]);
  ASSERT_LT(index_->group_range(0).min_time, index_->group_range(0).max_time);
  EXPECT_EQ(error_of(bad), "segment index: row group 0: ranges malformed");  // min > max
  bad = bytes_;
  bad[ranges + 16 + 7] = static_cast<char>(0xC0);  // a negative least duration
  EXPECT_EQ(error_of(bad), "segment index: row group 0: ranges malformed");
  bad = bytes_;
  bad[8] = 1;  // version 1: text tokens folded the old way (ASCII only), so rebuilt
  EXPECT_EQ(error_of(bad), "segment index: format version 1, this build reads version 3");
  bad = bytes_;
  bad[8] = 2;  // version 2: blocks of 16 entries, Roaring postings; rebuilt too
  EXPECT_EQ(error_of(bad), "segment index: format version 2, this build reads version 3");
  EXPECT_EQ(error_of(bytes_), "ok");
}

TEST_F(SegmentIndexTest, DamageIsCorruption) {
  auto error_of = [](std::string bytes) {
    Result<SegmentIndex> r = SegmentIndex::Parse(std::move(bytes));
    EXPECT_FALSE(r.ok());
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
    }
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_EQ(error_of(""), "segment index: file of 0 bytes is too short");
  EXPECT_EQ(error_of(bytes_.substr(0, bytes_.size() - 1)),
            "segment index: bad magic (not a segment index, or truncated)");
  for (size_t at : {size_t{9}, kHeaderSize + 5, bytes_.size() / 2, bytes_.size() - 13}) {
    std::string bad = bytes_;
    bad[at] ^= 0x10;
    EXPECT_EQ(error_of(bad), "segment index: checksum mismatch") << at;
  }
}

}  // namespace
}  // namespace vigil::index
