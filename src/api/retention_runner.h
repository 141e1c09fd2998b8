// RetentionRunner: runs Store::RunRetention every interval on a background
// thread, and on demand for POST /v1/admin/retention/runs, recording each
// run that moved or deleted anything as an `audit.retention` event in the
// operator tenant `_system` (by the server, or by the admin who asked).
// With a delete-after policy, a run then deletes the segments past it: it
// first appends, durably, an `audit.retention` event of operation `delete`
// naming their seqs (DeletionAnnouncement), then calls
// Store::DeleteSegments with that event's seq. One run at a time; the
// policy is fixed for the runner's life.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "api/self_audit.h"
#include "core/clock.h"
#include "core/json_writer.h"
#include "store/retention_policy.h"
#include "store/store.h"

namespace vigil::api {

// Writes "segments_archived","events_archived","bytes_before","bytes_after",
// "segments_deleted","events_deleted","bytes_deleted" into the object w is
// writing (the API's answer and the audit metadata).
void WriteRetentionResultMembers(const RetentionResult& result, JsonWriter* w);

// The record of a run: action audit.retention in _system, metadata
// {"online_ms","segments_archived","events_archived","bytes_before","bytes_after"}
// (online_ms: the default window; tenants may have their own).
AuditRecord RetentionRecord(const RetentionPolicy& policy, const RetentionResult& result);
// The announcement of a deletion: action audit.retention, operation delete,
// in _system; metadata {"delete_after_ms","deleted_seqs":[[first,last],…],
// "events"} (`vigil verify` reads deleted_seqs).
AuditRecord DeletionAnnouncement(const RetentionPolicy& policy, const std::vector<SeqRange>& due);

class RetentionRunner {
 public:
  // store, audit and clock must outlive this object. interval 0: no
  // background runs (RunNow only).
  RetentionRunner(Store* store, SelfAudit* audit, const Clock* clock, RetentionPolicy policy,
                  std::chrono::milliseconds interval);
  ~RetentionRunner();
  RetentionRunner(const RetentionRunner&) = delete;
  RetentionRunner& operator=(const RetentionRunner&) = delete;

  // Starts the background thread (its first run is one interval from now).
  void Start();
  // Runs now on the calling thread (waiting for a background run to end
  // first) and records it as made by caller when it changed something.
  Result<RetentionResult> RunNow(const AuditCaller& caller);
  // Ends the background thread; a run in progress (background or RunNow)
  // stops after the segment it is moving.
  void Stop();

  const RetentionPolicy& policy() const { return policy_; }
  std::chrono::milliseconds interval() const { return interval_; }

 private:
  void Loop();
  // One run: archive, then delete; run_mu_ held. caller null: the server.
  Result<RetentionResult> RunOnce(const AuditCaller* caller);
  void Record(const AuditCaller* caller, const RetentionResult& result);
  Status Stopped(const Status& s, const AuditCaller* caller, const RetentionResult& archived);

  Store* store_;
  SelfAudit* audit_;
  const Clock* clock_;
  const RetentionPolicy policy_;
  const std::chrono::milliseconds interval_;
  std::mutex run_mu_;  // one run at a time
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;            // guarded by mu_
  std::atomic<bool> cancel_{false};  // set by Stop: runs end between segments
  std::thread thread_;
};

}  // namespace vigil::api
