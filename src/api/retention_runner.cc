#include "api/retention_runner.h"

#include <fmt/format.h>
#include <pthread.h>

#include <cstdio>

namespace vigil::api {

void WriteRetentionResultMembers(const RetentionResult& result, JsonWriter* w) {
  w->Key("segments_archived");
  w->Uint(result.segments_archived);
  w->Key("events_archived");
  w->Uint(result.events_archived);
  w->Key("bytes_before");
  w->Uint(result.bytes_before);
  w->Key("bytes_after");
  w->Uint(result.bytes_after);
  w->Key("segments_deleted");
  w->Uint(result.segments_deleted);
  w->Key("events_deleted");
  w->Uint(result.events_deleted);
  w->Key("bytes_deleted");
  w->Uint(result.bytes_deleted);
}

AuditRecord RetentionRecord(const RetentionPolicy& policy, const RetentionResult& result) {
  std::string metadata;
  JsonWriter w(&metadata);
  w.BeginObject();
  w.Key("online_ms");
  w.Int(policy.online_ms);
  WriteRetentionResultMembers(result, &w);
  w.EndObject();
  std::string description =
      fmt::format("Moved {} events ({} segments) past the online window to the archive tier",
                  result.events_archived, result.segments_archived);
  if (result.segments_deleted > 0) {
    description += fmt::format("; deleted {} events ({} segments) past their delete-after age",
                               result.events_deleted, result.segments_deleted);
  }
  return {.tenant = std::string(kSystemTenant),
          .action = "audit.retention",
          .operation = "archive",
          .description = std::move(description),
          .metadata_json = std::move(metadata)};
}

AuditRecord DeletionAnnouncement(const RetentionPolicy& policy, const std::vector<SeqRange>& due) {
  uint64_t events = 0;
  std::string metadata;
  JsonWriter w(&metadata);
  w.BeginObject();
  w.Key("delete_after_ms");
  w.Int(policy.delete_after_ms);
  w.Key("deleted_seqs");
  w.BeginArray();
  for (const SeqRange& r : due) {
    w.BeginArray();
    w.Uint(r.first);
    w.Uint(r.last);
    w.EndArray();
    events += r.count();
  }
  w.EndArray();
  w.Key("events");
  w.Uint(events);
  w.EndObject();
  return {.tenant = std::string(kSystemTenant),
          .action = "audit.retention",
          .operation = "delete",
          .description =
              fmt::format("Deleting {} events past their tenants' delete-after age ({} seq ranges)",
                          events, due.size()),
          .metadata_json = std::move(metadata)};
}

RetentionRunner::RetentionRunner(Store* store, SelfAudit* audit, const Clock* clock,
                                 RetentionPolicy policy, std::chrono::milliseconds interval)
    : store_(store),
      audit_(audit),
      clock_(clock),
      policy_(std::move(policy)),
      interval_(interval) {}

RetentionRunner::~RetentionRunner() { Stop(); }

void RetentionRunner::Start() {
  if (interval_.count() <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void RetentionRunner::Stop() {
  cancel_.store(true);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<RetentionResult> RetentionRunner::RunNow(const AuditCaller& caller) {
  std::lock_guard run(run_mu_);
  return RunOnce(&caller);
}

Result<RetentionResult> RetentionRunner::RunOnce(const AuditCaller* caller) {
  const int64_t now = clock_->NowMs();
  ASSIGN_OR_RETURN(RetentionResult result, store_->RunRetention(policy_, now, &cancel_));
  if (policy_.deletes() && !cancel_.load()) {
    Result<std::vector<SeqRange>> due = store_->SegmentsPastDeleteAge(policy_, now);
    if (!due.ok()) return Stopped(due.status(), caller, result);
    if (!due->empty()) {
      // Announced in the ledger first (vigil verify checks each deletion
      // against its announcement), then deleted.
      Result<uint64_t> seq = audit_->AppendNow(caller, DeletionAnnouncement(policy_, *due));
      if (!seq.ok()) return Stopped(seq.status(), caller, result);
      Result<RetentionResult> deleted = store_->DeleteSegments(*due, *seq, &cancel_);
      if (!deleted.ok()) return Stopped(deleted.status(), caller, result);
      result.segments_deleted = deleted->segments_deleted;
      result.events_deleted = deleted->events_deleted;
      result.bytes_deleted = deleted->bytes_deleted;
    }
  }
  Record(caller, result);
  return result;
}

void RetentionRunner::Record(const AuditCaller* caller, const RetentionResult& result) {
  if (!result.changed()) return;
  if (caller != nullptr) {
    audit_->Record(*caller, RetentionRecord(policy_, result));
  } else {
    audit_->RecordSystem(RetentionRecord(policy_, result));
  }
}

Status RetentionRunner::Stopped(const Status& s, const AuditCaller* caller,
                                const RetentionResult& archived) {
  Record(caller, archived);  // what was archived before the failure still counts
  return s;
}

void RetentionRunner::Loop() {
  pthread_setname_np(pthread_self(), "vigil-retention");
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, interval_, [&] { return stopping_; })) {
    lock.unlock();
    Result<RetentionResult> result = [&] {
      std::lock_guard run(run_mu_);
      return RunOnce(nullptr);
    }();
    if (!result.ok()) {
      std::fprintf(stderr, "vigil: warning: retention run failed: %s\n",
                   result.status().ToString().c_str());
    }
    lock.lock();
  }
}

}  // namespace vigil::api
