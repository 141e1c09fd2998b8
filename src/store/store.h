// Store: where events live. Two backends implement it: the embedded engine
// (store/engine, the default) and ClickHouse (store/clickhouse, scale-out).
//
// Every method is thread-safe. Reads see every event whose Append has
// returned (read-your-writes) and never an event that is not yet durable.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/status.h"
#include "ledger/merkle.h"
#include "store/filter.h"
#include "store/node_ledger.h"
#include "store/prepared_batch.h"
#include "store/retention_policy.h"

namespace vigil {

// What Append says about one event of the batch, in batch order.
struct AppendAck {
  std::string id;
  uint64_t seq = 0;        // ledger position of the stored event
  bool duplicate = false;  // the (tenant, id) was already stored; seq is the original's
};

enum class Order : uint8_t { kNewestFirst, kOldestFirst };

// Common to every read: which tenant, which events.
struct ReadScope {
  // Only this tenant's events; empty means every tenant (operator access).
  std::string tenant;
  Filter filter;
  TimeRange range;  // further bounds time, [from, to)
  // Events older than this are left out: set to RetentionPolicy::OnlineFrom
  // for a read of the online tier only (the API's default). Unlike
  // range.from_ms it bounds without asking for a range: a histogram with an
  // open start still starts at the first matching event.
  int64_t online_from_ms = std::numeric_limits<int64_t>::min();

  // The times the read asks for: range and the filter's time terms.
  TimeRange Asked() const { return range.Intersect(TimeBoundsOf(filter)); }
  // The times a read can match: Asked() and the online bound together.
  TimeRange Bounds() const {
    TimeRange r = Asked();
    r.from_ms = std::max(r.from_ms, online_from_ms);
    return r;
  }
};

struct SearchRequest {
  ReadScope scope;
  Order order = Order::kNewestFirst;  // by (time, seq)
  size_t limit = 100;                 // 1..kMaxSearchLimit
  // Opaque, from a previous SearchPage::next_cursor of the same query; empty
  // for the first page. Pages never repeat or skip an event that existed when
  // the first page was read, whatever is ingested in between.
  std::string cursor;
};

inline constexpr size_t kMaxSearchLimit = 10'000;

struct SearchPage {
  std::vector<Event> events;
  std::string next_cursor;  // empty when this is the last page
};

struct HistogramRequest {
  ReadScope scope;
  // Bucket width; 0 picks one that gives at most kMaxAutoBuckets buckets
  // over the range (or over the data's extent when the range is open).
  int64_t interval_ms = 0;
};

inline constexpr size_t kMaxAutoBuckets = 120;
inline constexpr size_t kMaxBuckets = 10'000;

struct HistogramBucket {
  int64_t start_ms = 0;  // aligned to the interval (UTC)
  uint64_t count = 0;
  uint64_t errors = 0;  // of which status = error
};

struct Histogram {
  int64_t interval_ms = 0;
  std::vector<HistogramBucket> buckets;  // every bucket of the range, in time order, zeros included
};

// Fields that facets can count, by the query language's name.
struct FacetRequest {
  ReadScope scope;
  std::vector<std::string> fields;  // e.g. "action", "actor.email", "status"
  size_t top = 10;                  // values per field
};

struct FacetValue {
  std::string value;
  uint64_t count = 0;
};

struct FacetResult {
  std::string field;
  std::vector<FacetValue> values;  // by count descending, then value ascending
  uint64_t other = 0;              // events with a value outside the top
  uint64_t missing = 0;            // events without the field
};

struct StoreStats {
  uint64_t events = 0;  // stored: next_seq less the deleted ones
  uint64_t next_seq = 0;
  uint64_t deleted_events = 0;    // deleted by the delete-after policy
  uint64_t segments = 0;          // of both tiers
  uint64_t archive_segments = 0;  // of which in the archive tier
  uint64_t memtable_events = 0;
  uint64_t bytes_on_disk = 0;  // segments (both tiers) + WAL
  uint64_t archive_bytes = 0;  // of which archive segments
  uint64_t wal_bytes = 0;
  uint64_t tenants = 0;
  int64_t min_time_ms = 0;  // 0 when empty
  int64_t max_time_ms = 0;
};

// What a redaction did (Store::RedactActor).
struct RedactionResult {
  uint64_t events = 0;    // events whose personal values this call erased
  uint64_t segments = 0;  // segment files rewritten
};

// One shared setting (Store::PutSetting): the body of (kind, id), written
// by some node at written_ms.
struct SettingRecord {
  std::string kind;  // "api_key", "catalog"
  std::string id;    // the key's id, the tenant
  std::string body;
  int64_t written_ms = 0;
};

// Export scan: events in ledger (seq) order, streamed one at a time.
struct ScanRequest {
  ReadScope scope;
  uint64_t from_seq = 0;
  // Only the events of this node's ledger (Event::node); nullopt: every
  // node's, one log after another.
  std::optional<uint16_t> node;
};

class Store {
 public:
  virtual ~Store() = default;

  // Stores the events atomically: all of them or none. Events must be parsed
  // and validated; seq is assigned here. A (tenant, id) already stored, or
  // repeated within the batch, is not stored again: its ack has the first
  // copy's seq and duplicate = true. Returns after the batch is durable (fsync).
  // Batches appended one after another get increasing seqs in that order.
  virtual Result<std::vector<AppendAck>> Append(PreparedBatch batch) = 0;
  // The same, preparing the batch on the calling thread.
  Result<std::vector<AppendAck>> Append(std::vector<Event> events) {
    return Append(PreparedBatch::From(std::move(events)));
  }

  virtual Result<SearchPage> Search(const SearchRequest& request) = 0;

  // The event with this id in this tenant (any tenant when tenant is empty).
  virtual Result<std::optional<Event>> Get(std::string_view tenant, std::string_view id) = 0;

  virtual Result<Histogram> ComputeHistogram(const HistogramRequest& request) = 0;
  virtual Result<std::vector<FacetResult>> ComputeFacets(const FacetRequest& request) = 0;

  // Calls visit for every matching event in seq order until it returns a
  // non-OK status (which Scan then returns). Memory stays bounded whatever the
  // number of events.
  virtual Status Scan(const ScanRequest& request,
                      const std::function<Status(const Event&)>& visit) = 0;

  virtual Result<StoreStats> Stats() = 0;

  // The ledger: the Merkle tree over every stored event in seq order
  // (docs/format/ledger.md). Sizes count events: the tree of size n holds
  // seqs 0 … n-1; any size up to EndSeq() can be asked for.
  // MTH of the first `size` events.
  virtual Result<ledger::Hash> LedgerRoot(uint64_t size) = 0;
  // The audit path of the event at seq in the tree of `size` events.
  virtual Result<std::vector<ledger::Hash>> InclusionProof(uint64_t seq, uint64_t size) = 0;
  // The proof that the tree of size1 is a prefix of the tree of size2.
  virtual Result<std::vector<ledger::Hash>> ConsistencyProof(uint64_t size1, uint64_t size2) = 0;

  // Erases the personal values and seal keys (ledger::Redact) of every stored
  // event of `tenant` whose actor.id is actor_id, keeping their commitments:
  // every leaf hash, root, proof and checkpoint stays valid. Events without
  // personal values or already redacted are left as they are and not
  // counted, so a second call returns 0 events. Covers every event
  // acknowledged before the call; appends wait while it runs. Returns after
  // the rewritten data is durable (fsync) and no file of the store holds the
  // erased values any more (docs/format/data-dir.md "Redaction"); reads that
  // started before it returned may still see them until they end. On error,
  // part of the events may be redacted; calling again completes it.
  // InvalidArgument when tenant or actor_id is empty.
  virtual Result<RedactionResult> RedactActor(std::string_view tenant,
                                              std::string_view actor_id) = 0;

  // Moves to the archive tier every stored segment whose events are all
  // older than their tenant's online window at now_ms (RetentionPolicy),
  // recompressed; reads return the same events before and after. Segments
  // already archived stay there (a wider window later does not bring them
  // back; reads do not depend on the tier). Appends go on meanwhile; a
  // redaction waits for the segment being moved. Stops early, with what it
  // did so far, when *cancel becomes true (checked between segments) or the
  // store closes. Crash-safe: a segment is in one tier or the other
  // (docs/format/data-dir.md "Retention").
  virtual Result<RetentionResult> RunRetention(const RetentionPolicy& policy, int64_t now_ms,
                                               const std::atomic<bool>* cancel = nullptr) = 0;

  // Delete-after (docs/retention.md "Delete-after"), in two steps so the
  // deletion is announced in the ledger before it happens:
  // SegmentsPastDeleteAge lists the seqs of the stored segments whose events
  // are all older than their tenant's delete-after age at now_ms (merged
  // into ranges; none while the policy deletes nothing; the newest segment
  // is never listed). The caller appends an `audit.retention` event naming
  // those ranges, durably, then calls DeleteSegments with them and that
  // event's seq: every segment whose seqs lie within `ranges` is deleted
  // with its index, each after its record (deletion_log.h: the seqs, the
  // announcing seq, the leaf hashes proofs will need) is durable. Proofs of
  // the remaining events, checkpoints and `vigil verify` stay valid. Appends
  // go on meanwhile; redactions, moves and merges wait per segment. Stops
  // early like RunRetention; the result counts only the deletion fields.
  virtual Result<std::vector<SeqRange>> SegmentsPastDeleteAge(const RetentionPolicy& policy,
                                                              int64_t now_ms) = 0;
  virtual Result<RetentionResult> DeleteSegments(const std::vector<SeqRange>& ranges,
                                                 uint64_t authorized_by,
                                                 const std::atomic<bool>* cancel = nullptr) = 0;

  // Signed checkpoints (docs/format/ledger.md "Checkpoints") that the store
  // keeps itself, besides the files of the node's data directory: the
  // ClickHouse backend keeps each node's in its ledger_checkpoints table, so
  // a node whose data directory was lost still knows what it signed.
  // SaveCheckpoint stores the signed note of the checkpoint of `size`
  // events; LatestCheckpoint returns the note of the largest size stored,
  // or nullopt. The default keeps none (the embedded engine: its files are
  // the data directory's).
  virtual Status SaveCheckpoint(uint64_t /*size*/, std::string_view /*note*/) {
    return Status::Ok();
  }
  virtual Result<std::optional<std::string>> LatestCheckpoint() {
    return std::optional<std::string>();
  }
  // Stores the note verifier key of this node's checkpoints, for the other
  // nodes to check them (OtherLedger). The default keeps none.
  virtual Status SaveVerifierKey(std::string_view /*verifier_key*/) { return Status::Ok(); }

  // Nodes (docs/scale-out.md "The ledger, per node"). The ledger methods
  // above answer for LedgerNode()'s log, the one this node appends to; the
  // events of other nodes' logs (Event::node differs) are proved through
  // OtherLedger. The embedded engine holds one log, node 0's.
  virtual uint16_t LedgerNode() const { return 0; }
  // Whether reads may return other nodes' events (and the API names each
  // event's node).
  virtual bool HoldsOtherLedgers() const { return false; }
  // One past the newest seq of every node's log that holds events (this
  // node's always): where a live tail across nodes stands. Every event
  // below these ends is durable and readable. The default: this node's,
  // EndSeq().
  virtual Result<std::map<uint16_t, uint64_t>> LogEnds() {
    return std::map<uint16_t, uint64_t>{{LedgerNode(), EndSeq()}};
  }
  // Another node's ledger; NotFound when this store holds no such node.
  virtual Result<std::shared_ptr<NodeLedger>> OtherLedger(uint16_t node) {
    return Status::NotFound("this store holds one ledger, node 0's; there is no node " +
                            std::to_string(node));
  }

  // Settings every node of a deployment shares (docs/scale-out.md "Shared
  // settings"): API keys and tenants' catalogs, as (kind, id) → body
  // records of which the newest write counts (ties: the larger body). The
  // ClickHouse backend keeps them in its `shared_settings` table; the
  // embedded engine, which no other node writes to, keeps none (the data
  // directory's files are its settings) and SharesSettings() is false.
  virtual bool SharesSettings() const { return false; }
  virtual Status PutSetting(const SettingRecord& /*record*/) { return Status::Ok(); }
  // The newest record of each id of this kind, by id.
  virtual Result<std::vector<SettingRecord>> Settings(std::string_view /*kind*/) {
    return std::vector<SettingRecord>();
  }

  // Bytes of acknowledged batches not yet in the backend's own storage (the
  // ClickHouse backend's local spool); 0 for the embedded engine. Cheap,
  // and answered while the backend is unreachable.
  virtual uint64_t SpoolBytes() const { return 0; }

  // OK while the store accepts writes; otherwise why not (a sticky write
  // failure, closed). Cheap: for health checks.
  virtual Status Health() = 0;

  // One past the seq of the newest durable event (0 when empty).
  virtual uint64_t EndSeq() = 0;
  // Blocks until an event with seq >= after is durable (true), the timeout
  // passes, or the store closes (false). For live tails.
  virtual bool WaitForEvents(uint64_t after, std::chrono::milliseconds timeout) = 0;

  // Flushes and closes; further calls fail with kUnavailable. Idempotent.
  virtual Status Close() = 0;
};

}  // namespace vigil
