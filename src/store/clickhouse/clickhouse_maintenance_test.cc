// ClickHouseStore's redaction and retention against a real clickhouse-server:
// an actor's personal values are erased from every node's rows while every
// leaf, root and proof stays the same; delete-after deletes only this
// node's events past their tenant's age and the ledger still proves the rest.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/event_json.h"
#include "ledger/merkle.h"
#include "ledger/seal.h"
#include "query/query_parser.h"
#include "store/clickhouse/clickhouse_store_fixture.h"
#include "store/engine/engine_test_util.h"

namespace vigil::clickhouse {
namespace {

constexpr int64_t kDay = 24 * 3600 * 1000;

// Actor u1 (Ada: email, name, IP, user agent) for every third event, u2
// (Bob) for the others; sealed, as ingest seals them.
std::vector<Event> People(const std::string& tenant, int first, int count) {
  std::vector<Event> out = test::Batch(tenant, first, count);
  for (size_t i = 0; i < out.size(); ++i) {
    Event& e = out[i];
    if ((first + static_cast<int>(i)) % 3 == 0) {
      e.actor.name = "Ada Lovelace";
      e.context.ip = "10.9.8.7";
      e.context.user_agent = "AdaBrowser/1.0";
    } else {
      e.actor.id = "u2";
      e.actor.email = "bob@example.com";
      e.actor.name = "Bob Stone";
    }
    ledger::SealEvent(&e);
  }
  return out;
}

class ClickHouseMaintenanceTest : public ClickHouseStoreTest {
 protected:
  // The ids of tenant's events matching q (query language), every page.
  std::vector<std::string> Matching(Store* store, const std::string& tenant, const std::string& q) {
    SearchRequest req;
    req.scope.tenant = tenant;
    auto filter = ParseQuery(q, 0);
    EXPECT_TRUE(filter.ok()) << q;
    if (filter.ok()) req.scope.filter = *filter;
    req.limit = 1000;
    return Ids(store, req);
  }
  uint64_t RawCount(const std::string& where) {
    ClickHouseClient client(server_->Client(database_));
    auto n = client.Query("SELECT count() FROM events WHERE " + where);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? std::stoull(*n) : 0;
  }
};

TEST_F(ClickHouseMaintenanceTest, RedactionErasesOneActorsValuesOnEveryNodeAndKeepsEveryProof) {
  auto a = OpenOrDie(1, "node-a");
  auto b = OpenOrDie(2, "node-b");
  ASSERT_TRUE(a && b);
  std::vector<Event> on_a = People("acme", 0, 30), on_b = People("acme", 30, 15);
  std::vector<Event> other = People("other", 100, 9);  // the same actor id, another tenant
  AppendOrDie(a.get(), on_a);
  AppendOrDie(a.get(), other);
  AppendOrDie(b.get(), on_b);
  std::map<std::string, ledger::Hash> leaf;  // id → leaf hash before
  for (const auto* batch : {&on_a, &on_b, &other}) {
    for (const Event& e : *batch) leaf[e.tenant + "/" + e.id] = *ledger::EventLeafHash(e);
  }
  const uint64_t size_a = a->EndSeq();
  const ledger::Hash root_a = *a->LedgerRoot(size_a), root_b = *b->LedgerRoot(b->EndSeq());
  ASSERT_EQ(Matching(b.get(), "acme", "actor:ada@example.com").size(), 15u);
  ASSERT_EQ(Matching(b.get(), "acme", "ip:10.9.8.7").size(), 15u);
  ASSERT_EQ(Matching(b.get(), "acme", "Lovelace").size(), 15u);

  auto done = b->RedactActor("acme", "u1");  // b erases a's events too
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->events, 15u);  // 10 stored by a, 5 by b

  // No read finds the values any more, in any field or the full text.
  for (Store* s : {a.get(), b.get()}) {
    EXPECT_TRUE(Matching(s, "acme", "actor:ada@example.com").empty());
    EXPECT_TRUE(Matching(s, "acme", "ip:10.9.8.7").empty());
    EXPECT_TRUE(Matching(s, "acme", "Lovelace").empty());
    EXPECT_EQ(Matching(s, "acme", "actor:u1").size(), 15u);  // the events stay
    EXPECT_EQ(Matching(s, "acme", "Bob").size(), 30u);
    EXPECT_EQ(Matching(s, "other", "actor:ada@example.com").size(), 3u);
  }
  FacetRequest facets;
  facets.scope.tenant = "acme";
  facets.fields = {"actor.email"};
  auto counted = a->ComputeFacets(facets);
  ASSERT_TRUE(counted.ok());
  ASSERT_EQ(counted->at(0).values.size(), 1u);
  EXPECT_EQ(counted->at(0).values[0].value, "bob@example.com");
  EXPECT_EQ(counted->at(0).missing, 15u);
  // Not in any column of any row either.
  EXPECT_EQ(RawCount("tenant = 'acme' AND (position(canonical, 'ada@') > 0 OR "
                     "position(canonical, 'Lovelace') > 0 OR position(canonical, "
                     "'AdaBrowser') > 0 OR position(text_tokens, 'lovelace') > 0 OR ip_family != "
                     "0 OR context_user_agent != '' OR actor_email = 'ada@example.com')"),
            0u);

  // Each event reads back redacted with its leaf hash unchanged; the others
  // are untouched.
  for (const auto* batch : {&on_a, &on_b, &other}) {
    for (const Event& want : *batch) {
      auto got = a->Get(want.tenant, want.id);
      ASSERT_TRUE(got.ok() && got->has_value()) << want.id;
      const Event& e = **got;
      EXPECT_EQ(*ledger::EventLeafHash(e), leaf[e.tenant + "/" + e.id]) << e.id;
      if (want.tenant == "acme" && want.actor.id == "u1") {
        EXPECT_TRUE(e.actor.email.empty() && e.actor.name.empty() && e.context.ip.empty() &&
                    e.context.user_agent.empty() && e.seal.key.empty())
            << e.id;
        EXPECT_FALSE(e.seal.redacted_json.empty()) << e.id;
        EXPECT_EQ(e.description, want.description);
      } else {
        Event expected = want;
        expected.seq = e.seq;
        expected.node = e.node;
        EXPECT_EQ(e, expected) << e.id;
      }
    }
  }
  // The ledgers are as they were: roots, and proofs to them.
  EXPECT_EQ(*a->LedgerRoot(size_a), root_a);
  EXPECT_EQ(*b->LedgerRoot(b->EndSeq()), root_b);
  auto proof = a->InclusionProof(3, size_a);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(ledger::VerifyInclusion(leaf["acme/e3"], 3, size_a, *proof, root_a).valid());

  // Done already: nothing more to erase. Arguments are checked.
  auto again = a->RedactActor("acme", "u1");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->events, 0u);
  EXPECT_TRUE(a->RedactActor("", "u1").status().IsInvalidArgument());
  EXPECT_TRUE(a->RedactActor("acme", "").status().IsInvalidArgument());
  // Appends go on after it, and a node that starts again reads the same.
  AppendOrDie(a.get(), People("acme", 200, 3));
  a.reset();
  a = OpenOrDie(1, "node-a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(*a->LedgerRoot(size_a), root_a);
  // Only the new event of u1 (e201) has the values.
  EXPECT_EQ(Matching(a.get(), "acme", "actor:ada@example.com"), std::vector<std::string>{"e201"});
}

TEST_F(ClickHouseMaintenanceTest, DeleteAfterDeletesThisNodesEventsPastTheirAgeOnly) {
  auto a = OpenOrDie(1, "node-a");
  auto b = OpenOrDie(2, "node-b");
  ASSERT_TRUE(a && b);
  const int64_t now = 30 * kDay;
  const int64_t old_t0 = 1'000'000, recent_t0 = now - kDay / 2;
  // a's seqs: 0-9 old acme, 10-14 recent acme, 15-19 old acme, 20-24 old
  // events of a tenant without an age; b: old acme of its own.
  AppendOrDie(a.get(), test::Batch("acme", 0, 10, old_t0));
  AppendOrDie(a.get(), test::Batch("acme", 10, 5, recent_t0));
  AppendOrDie(a.get(), test::Batch("acme", 15, 5, old_t0 + kDay));
  AppendOrDie(a.get(), test::Batch("keep", 20, 5, old_t0));
  AppendOrDie(b.get(), test::Batch("acme", 50, 5, old_t0));
  const uint64_t size = a->EndSeq();
  const ledger::Hash root = *a->LedgerRoot(size);

  RetentionPolicy policy;
  policy.online_ms = kDay;
  EXPECT_TRUE(a->SegmentsPastDeleteAge(policy, now)->empty());  // deletes nothing
  policy.delete_after_ms_by_tenant["acme"] = 2 * kDay;
  // The archive tier moves nothing here: it is a bound on default reads.
  auto moved = a->RunRetention(policy, now, nullptr);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_FALSE(moved->changed());
  SearchRequest online;
  online.scope.online_from_ms = policy.OnlineFrom("acme", now);
  online.limit = 100;
  EXPECT_EQ(Ids(a.get(), online).size(), 5u);

  auto due = a->SegmentsPastDeleteAge(policy, now);
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  EXPECT_EQ(*due, (std::vector<SeqRange>{{0, 9}, {15, 19}}));
  auto deleted = a->DeleteSegments(*due, size, nullptr);
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(deleted->events_deleted, 15u);
  EXPECT_EQ(deleted->segments_deleted, 2u);
  EXPECT_TRUE(deleted->changed());

  SearchRequest all;
  all.limit = 100;
  all.scope.tenant = "acme";
  std::vector<std::string> left = Ids(b.get(), all);
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"e10", "e11", "e12", "e13", "e14", "e50", "e51", "e52",
                                            "e53", "e54"}));
  all.scope.tenant = "keep";
  EXPECT_EQ(Ids(a.get(), all).size(), 5u);
  EXPECT_FALSE(a->Get("acme", "e3")->has_value());
  EXPECT_EQ(RawCount("node = 1 AND tenant = 'acme' AND time_ms < 100000000"), 0u);
  // The ledger still proves the events left, against the same root.
  EXPECT_EQ(*a->LedgerRoot(size), root);
  auto e12 = a->Get("acme", "e12");
  ASSERT_TRUE(e12.ok() && e12->has_value());
  auto proof = a->InclusionProof(12, size);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(
      ledger::VerifyInclusion(*ledger::EventLeafHash(**e12), 12, size, *proof, root).valid());
  EXPECT_TRUE(a->SegmentsPastDeleteAge(policy, now)->empty());  // done
  // A node that starts again loads the whole log (its leaves were kept).
  a.reset();
  a = OpenOrDie(1, "node-a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->EndSeq(), size);
}

}  // namespace
}  // namespace vigil::clickhouse
