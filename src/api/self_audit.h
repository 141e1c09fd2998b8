// SelfAudit: records what the API itself does as audit events — reads and
// exports in the affected tenant's own log (audit.view, audit.export, …),
// server lifecycle and configuration changes in the operator tenant `_system`.
//
// Recording never blocks or fails the request being audited: events are
// queued and appended by a background thread in batches (every
// kFlushInterval or kFlushBatch events). Records still queued when the
// process is killed are lost (they are not acknowledged to anyone); Close()
// appends everything queued. If the queue is full (storage stalled), new
// records are dropped and counted in dropped().
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "api/request_context.h"
#include "core/clock.h"
#include "core/ulid.h"
#include "store/store.h"

namespace vigil::api {

inline constexpr std::string_view kSystemTenant = "_system";

// Who made a request, copied out of it (a value: streamed responses record
// after the handler has returned).
struct AuditCaller {
  Principal principal;
  std::string request_id;
  std::string ip;
  std::string user_agent;
  std::string method;
  std::string path;

  static AuditCaller From(const RequestContext& ctx);
};

// One thing to record. Fields left empty are omitted from the event.
struct AuditRecord {
  std::string tenant;         // whose log; kSystemTenant for server events
  std::string action;         // e.g. "audit.view", "audit.export", "audit.key.create"
  std::string operation;      // view, export, create, revoke, start, stop, …
  std::string description;    // a sentence for people
  std::string metadata_json;  // a JSON object or empty (made canonical by MakeAuditEvent)
  bool error = false;
  std::string target_type;
  std::string target_id;
};

// The event of a record, without actor or context: a new ULID id, the
// clock's time, environment "production", category "Audit log". Thread-safe
// as ids is.
Event MakeAuditEvent(AuditRecord record, const Clock& clock, UlidGenerator& ids);

// The record of a redaction (Store::RedactActor) in `tenant`: action
// audit.redact, target the actor, metadata {"actor_id","events"}. It names
// the actor by id only, never an erased value.
AuditRecord RedactionRecord(std::string tenant, std::string_view actor_id, uint64_t events);

class SelfAudit {
 public:
  static constexpr std::chrono::milliseconds kFlushInterval{200};
  static constexpr size_t kFlushBatch = 1000;
  static constexpr size_t kMaxQueued = 100'000;

  // store and clock must outlive this object. With enabled = false nothing is recorded.
  SelfAudit(Store* store, const Clock* clock, bool enabled);
  ~SelfAudit();
  SelfAudit(const SelfAudit&) = delete;
  SelfAudit& operator=(const SelfAudit&) = delete;

  // Queues a record made by the request's caller (actor = the key or viewer
  // token; context = the request's IP, user agent, method, path, request id).
  void Record(const AuditCaller& caller, AuditRecord record);
  void Record(const RequestContext& ctx, AuditRecord record) {
    Record(AuditCaller::From(ctx), std::move(record));
  }
  // Queues a record made by the server itself (actor type system).
  void RecordSystem(AuditRecord record);
  // Appends a record the ledger depends on (a deletion's announcement,
  // store.h DeleteSegments) now, durably, even when self-audit is off: made
  // by caller, or by the server when null. Returns its seq; fails when the
  // store does.
  Result<uint64_t> AppendNow(const AuditCaller* caller, AuditRecord record);

  // Appends everything queued and stops the background thread. Idempotent.
  void Close();

  uint64_t recorded() const { return recorded_.load(); }
  uint64_t dropped() const { return dropped_.load(); }

 private:
  Event CallerEvent(const AuditCaller& caller, AuditRecord record);
  Event SystemEvent(AuditRecord record);
  void Enqueue(Event e);
  void Run();

  Store* store_;
  const Clock* clock_;
  const bool enabled_;
  UlidGenerator ids_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Event> queue_;  // guarded by mu_
  bool closing_ = false;     // guarded by mu_
  std::thread thread_;
  std::atomic<uint64_t> recorded_{0};
  std::atomic<uint64_t> dropped_{0};
};

}  // namespace vigil::api
