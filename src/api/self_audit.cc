#include "api/self_audit.h"

#include <fmt/format.h>
#include <pthread.h>
#include <simdjson.h>

#include <vector>

#include "core/free_form_json.h"
#include "core/json_writer.h"

namespace vigil::api {

SelfAudit::SelfAudit(Store* store, const Clock* clock, bool enabled)
    : store_(store), clock_(clock), enabled_(enabled), ids_(clock) {
  if (enabled_) thread_ = std::thread([this] { Run(); });
}

SelfAudit::~SelfAudit() { Close(); }

namespace {

// metadata_json in canonical form. Records are written in code, where keys
// may come in any order; the stored form sorts them, and the ledger hashes
// the stored form, so an unsorted record would hash differently once re-read
// (after WAL replay). Invalid JSON (a bug in the caller) is dropped, and
// said so in the event's metadata.
std::string CanonicalMetadata(const std::string& json) {
  if (json.empty()) return json;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string out;
  FieldError error;
  if (parser.parse(json).get(doc) != simdjson::SUCCESS ||
      !CanonicalizeMetadata(doc, &out, &error)) {
    return R"({"metadata_error":"the server wrote invalid metadata for this record"})";
  }
  return out;
}

}  // namespace

Event MakeAuditEvent(AuditRecord r, const Clock& clock, UlidGenerator& ids) {
  Event e;
  e.id = ids.Next();
  e.time_ms = clock.NowMs();
  e.received_at_ms = e.time_ms;
  e.tenant = std::move(r.tenant);
  e.environment = "production";
  e.action = std::move(r.action);
  e.category = "Audit log";
  e.operation = std::move(r.operation);
  e.status = r.error ? EventStatus::kError : EventStatus::kSuccess;
  e.description = std::move(r.description);
  e.metadata_json = CanonicalMetadata(r.metadata_json);
  e.target.type = std::move(r.target_type);
  e.target.id = std::move(r.target_id);
  return e;
}

AuditRecord RedactionRecord(std::string tenant, std::string_view actor_id, uint64_t events) {
  std::string metadata;
  JsonWriter w(&metadata);
  w.BeginObject();
  w.Key("actor_id");
  w.String(actor_id);
  w.Key("events");
  w.Uint(events);
  w.EndObject();
  return {.tenant = std::move(tenant),
          .action = "audit.redact",
          .operation = "redact",
          .description =
              fmt::format("Erased the personal values of {} events of actor {}", events, actor_id),
          .metadata_json = std::move(metadata),
          .target_type = "actor",
          .target_id = std::string(actor_id)};
}

AuditCaller AuditCaller::From(const RequestContext& ctx) {
  AuditCaller c;
  c.principal = ctx.principal;
  c.request_id = ctx.request_id;
  c.ip = ctx.http.remote_address;
  if (auto ua = ctx.http.headers.Find("User-Agent"))
    c.user_agent = std::string(ua->substr(0, 4096));
  c.method = ctx.http.method;
  c.path = ctx.http.path;
  return c;
}

Event SelfAudit::CallerEvent(const AuditCaller& caller, AuditRecord record) {
  Event e = MakeAuditEvent(std::move(record), *clock_, ids_);
  const Principal& p = caller.principal;
  e.actor.type = "api_key";
  e.actor.id = p.key_id;
  e.actor.name = p.kind == Principal::Kind::kViewerToken
                     ? "viewer token " + p.token_id + " of " + (p.name.empty() ? p.key_id : p.name)
                     : p.name;
  e.context.method = caller.method;
  e.context.path = caller.path.substr(0, 4096);
  e.context.request_id = caller.request_id;
  e.context.ip = caller.ip;
  e.context.user_agent = caller.user_agent;
  return e;
}

Event SelfAudit::SystemEvent(AuditRecord record) {
  Event e = MakeAuditEvent(std::move(record), *clock_, ids_);
  e.actor.type = "system";
  e.actor.id = "vigil";
  e.actor.name = "Vigil server";
  return e;
}

void SelfAudit::Record(const AuditCaller& caller, AuditRecord record) {
  if (enabled_) Enqueue(CallerEvent(caller, std::move(record)));
}

void SelfAudit::RecordSystem(AuditRecord record) {
  if (enabled_) Enqueue(SystemEvent(std::move(record)));
}

Result<uint64_t> SelfAudit::AppendNow(const AuditCaller* caller, AuditRecord record) {
  Event e =
      caller != nullptr ? CallerEvent(*caller, std::move(record)) : SystemEvent(std::move(record));
  ASSIGN_OR_RETURN(std::vector<AppendAck> acks, store_->Append({std::move(e)}));
  recorded_ += 1;
  return acks.at(0).seq;
}

void SelfAudit::Enqueue(Event e) {
  std::lock_guard lock(mu_);
  if (closing_ || queue_.size() >= kMaxQueued) {
    ++dropped_;
    return;
  }
  queue_.push_back(std::move(e));
  if (queue_.size() >= kFlushBatch) cv_.notify_one();
}

void SelfAudit::Run() {
  pthread_setname_np(pthread_self(), "vigil-audit");
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait_for(lock, kFlushInterval, [&] { return closing_ || queue_.size() >= kFlushBatch; });
    while (!queue_.empty()) {
      std::vector<Event> batch;
      while (!queue_.empty() && batch.size() < kFlushBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      const size_t n = batch.size();
      lock.unlock();
      Result<std::vector<AppendAck>> acks = store_->Append(std::move(batch));
      lock.lock();
      if (acks.ok()) {
        recorded_ += n;
      } else {
        dropped_ += n;  // storage refused (failed or closed); nothing else to do here
      }
    }
    if (closing_) return;
  }
}

void SelfAudit::Close() {
  {
    std::lock_guard lock(mu_);
    if (closing_) return;
    closing_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

}  // namespace vigil::api
