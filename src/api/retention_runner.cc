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
}

AuditRecord RetentionRecord(const RetentionPolicy& policy, const RetentionResult& result) {
  std::string metadata;
  JsonWriter w(&metadata);
  w.BeginObject();
  w.Key("online_ms");
  w.Int(policy.online_ms);
  WriteRetentionResultMembers(result, &w);
  w.EndObject();
  return {.tenant = std::string(kSystemTenant),
          .action = "audit.retention",
          .operation = "archive",
          .description = fmt::format(
              "Moved {} events ({} segments) past the online window to the archive tier",
              result.events_archived, result.segments_archived),
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
  ASSIGN_OR_RETURN(RetentionResult result,
                   store_->RunRetention(policy_, clock_->NowMs(), &cancel_));
  if (result.changed()) audit_->Record(caller, RetentionRecord(policy_, result));
  return result;
}

void RetentionRunner::Loop() {
  pthread_setname_np(pthread_self(), "vigil-retention");
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, interval_, [&] { return stopping_; })) {
    lock.unlock();
    Result<RetentionResult> result = [&] {
      std::lock_guard run(run_mu_);
      return store_->RunRetention(policy_, clock_->NowMs(), &cancel_);
    }();
    if (!result.ok()) {
      std::fprintf(stderr, "vigil: warning: retention run failed: %s\n",
                   result.status().ToString().c_str());
    } else if (result->changed()) {
      audit_->RecordSystem(RetentionRecord(policy_, *result));
    }
    lock.lock();
  }
}

}  // namespace vigil::api
