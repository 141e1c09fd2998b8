// Another node's ledger read from ClickHouse (Store::OtherLedger), against a
// real clickhouse-server on loopback: node a serves node b's roots and proofs
// up to b's latest checkpoint, from b's tile roots or, where b stored none,
// from its leaves.
#include <gtest/gtest.h>

#include <span>
#include <thread>

#include "ledger/merkle.h"
#include "store/clickhouse/clickhouse_store_fixture.h"
#include "store/engine/engine_test_util.h"

namespace vigil::clickhouse {
namespace {

class NodeLedgerTest : public ClickHouseStoreTest {
 protected:
  // Appends events [first, first + n) of tenant acme to store; their leaf
  // hashes go to *leaves.
  void AppendTo(ClickHouseStore* store, int first, int n, std::vector<ledger::Hash>* leaves) {
    PreparedBatch batch = PreparedBatch::From(test::Batch("acme", first, n));
    leaves->insert(leaves->end(), batch.leaf_hashes.begin(), batch.leaf_hashes.end());
    ASSERT_TRUE(store->Append(std::move(batch)).ok());
  }
  // Checks that ledger gives b's root and valid proofs at size.
  static void ExpectSameLog(NodeLedger& ledger, const std::vector<ledger::Hash>& leaves,
                            uint64_t size) {
    const ledger::Hash want =
        ledger::HashLeaves(std::span<const ledger::Hash>(leaves.data(), size));
    auto root = ledger.Root(size);
    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(*root, want) << size;
    for (uint64_t seq : {uint64_t{0}, size / 2, size - 1}) {
      auto proof = ledger.InclusionProof(seq, size);
      ASSERT_TRUE(proof.ok()) << proof.status().ToString();
      EXPECT_TRUE(ledger::VerifyInclusion(leaves[seq], seq, size, *proof, want).valid()) << seq;
    }
  }
};

TEST_F(NodeLedgerTest, ANodeServesAnotherNodesLogUpToItsLatestCheckpoint) {
  auto a = OpenOrDie(1, "node-a");
  auto b = OpenOrDie(2, "node-b");
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->HoldsOtherLedgers());
  EXPECT_EQ(a->LedgerNode(), 1);
  std::vector<ledger::Hash> leaves;
  AppendTo(b.get(), 0, 37, &leaves);  // two complete tiles and 5 leaves

  auto other = a->OtherLedger(2);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  NodeLedger& ledger = **other;
  EXPECT_EQ(ledger.node(), 2);
  // Nothing signed yet: no key, no checkpoint, no size to prove against.
  EXPECT_TRUE(ledger.VerifierKey().status().IsNotFound());
  EXPECT_FALSE(ledger.LatestCheckpoint()->has_value());
  EXPECT_FALSE(ledger.Root(1).ok());

  ASSERT_TRUE(b->SaveVerifierKey("node-b+01234567+key-one").ok());
  ASSERT_TRUE(b->SaveVerifierKey("node-b+01234567+key-one").ok());  // kept once
  ASSERT_TRUE(b->SaveCheckpoint(20, "note of 20").ok());
  EXPECT_EQ(*ledger.VerifierKey(), "node-b+01234567+key-one");
  auto latest = ledger.LatestCheckpoint();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->size, 20u);
  EXPECT_EQ((*latest)->note, "note of 20");
  ExpectSameLog(ledger, leaves, 20);
  ExpectSameLog(ledger, leaves, 7);
  // Past the checkpoint: refused, although b's rows are there.
  auto past = ledger.Root(21);
  ASSERT_FALSE(past.ok());
  EXPECT_NE(past.status().message().find("signed checkpoints up to size 20"), std::string::npos)
      << past.status().ToString();

  // b grows and signs again; a's tree follows, and proofs between the two
  // checkpoints hold.
  AppendTo(b.get(), 37, 60, &leaves);
  ASSERT_TRUE(b->SaveCheckpoint(97, "note of 97").ok());
  ExpectSameLog(ledger, leaves, 97);
  auto consistency = ledger.ConsistencyProof(20, 97);
  ASSERT_TRUE(consistency.ok()) << consistency.status().ToString();
  EXPECT_EQ(*consistency, *b->ConsistencyProof(20, 97));
  EXPECT_EQ(*ledger.InclusionProof(50, 97), *b->InclusionProof(50, 97));

  // A new key replaces the old one; the same object comes back per node.
  ASSERT_TRUE(b->SaveVerifierKey("node-b+89abcdef+key-two").ok());
  EXPECT_EQ(*ledger.VerifierKey(), "node-b+89abcdef+key-two");
  EXPECT_EQ(a->OtherLedger(2)->get(), &ledger);

  // Events read through a name the node that stored them.
  auto e = a->Get("acme", "e40");
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->node, 2);
  EXPECT_EQ((*e)->seq, 40u);
  ScanRequest only_a;
  only_a.node = 1;
  size_t seen = 0;
  ASSERT_TRUE(a->Scan(only_a, [&](const Event&) {
                 ++seen;
                 return Status::Ok();
               }).ok());
  EXPECT_EQ(seen, 0u);  // a stored nothing

  // Neither a node no one registered, nor a's own log through this door.
  EXPECT_TRUE(a->OtherLedger(9).status().IsNotFound());
  EXPECT_FALSE(a->OtherLedger(1).ok());
}

TEST_F(NodeLedgerTest, TilesWithoutStoredRootsAreRebuiltFromLeaves) {
  auto b = OpenOrDie(2, "node-b");
  ASSERT_NE(b, nullptr);
  std::vector<ledger::Hash> leaves;
  AppendTo(b.get(), 0, 70, &leaves);
  ASSERT_TRUE(b->SaveCheckpoint(70, "note of 70").ok());
  // A node that stored no tile roots (its inserts of them failed).
  ClickHouseClient client(server_->Client(database_));
  ASSERT_TRUE(
      client.Query("ALTER TABLE ledger_tiles DELETE WHERE node = 2 AND tile IN (1, 3)").ok());
  for (int i = 0; i < 200; ++i) {
    auto pending = client.Query("SELECT count() FROM system.mutations WHERE is_done = 0");
    ASSERT_TRUE(pending.ok());
    if (*pending == "0\n") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(*client.Query("SELECT arraySort(groupArray(tile)) FROM ledger_tiles WHERE node = 2"),
            "[0,2]\n");
  auto a = OpenOrDie(1, "node-a");
  ASSERT_NE(a, nullptr);
  auto other = a->OtherLedger(2);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  ExpectSameLog(**other, leaves, 70);
  ExpectSameLog(**other, leaves, 33);
}

}  // namespace
}  // namespace vigil::clickhouse
