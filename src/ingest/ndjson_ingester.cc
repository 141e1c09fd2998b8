#include "ingest/ndjson_ingester.h"

#include <fmt/format.h>
#include <pthread.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "core/event_parser.h"
#include "core/limits.h"
#include "ingest/event_enricher.h"
#include "ingest/ndjson_reader.h"

namespace vigil {
namespace {

struct Rejection {
  uint64_t line;
  std::string reason;
};

struct ParsedBatch {
  std::vector<Event> events;  // moved into `prepared` before the batch is queued
  PreparedBatch prepared;
  std::vector<Rejection> rejections;
  uint64_t lines = 0;
  uint64_t bytes_read = 0;
};

// A bounded single-producer single-consumer queue of batches.
class BatchQueue {
 public:
  explicit BatchQueue(size_t capacity) : capacity_(capacity) {}

  // False when the consumer has stopped.
  bool Push(ParsedBatch batch) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return q_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    q_.push_back(std::move(batch));
    cv_.notify_all();
    return true;
  }
  // False at the end (producer finished and queue drained).
  bool Pop(ParsedBatch* out) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !q_.empty() || finished_; });
    if (q_.empty()) return false;
    *out = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return true;
  }
  void Finish(Status status) {
    std::lock_guard lock(mu_);
    finished_ = true;
    status_ = std::move(status);
    cv_.notify_all();
  }
  void Stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    cv_.notify_all();
  }
  Status status() {
    std::lock_guard lock(mu_);
    return status_;
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<ParsedBatch> q_;  // guarded by mu_
  bool finished_ = false;      // guarded by mu_
  bool stopped_ = false;       // guarded by mu_
  Status status_;              // guarded by mu_
};

std::string LineWhere(uint64_t line) { return fmt::format("line {}", line); }

Status ParseAll(int fd, const IngestOptions& options, BatchQueue* queue) {
  NdjsonReader reader(fd, kMaxEventBytes);
  EventParser parser;
  const Clock* clock = options.clock != nullptr ? options.clock : SystemClock::Get();
  ParseOptions popts;
  popts.ids = options.ids;
  popts.default_tenant = options.default_tenant;
  popts.default_environment = options.default_environment;
  const size_t batch_events = std::min(options.batch_events, kMaxBatchEvents);
  ParsedBatch batch;
  batch.events.reserve(batch_events);
  NdjsonLine line;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&line));
    if (more) {
      ++batch.lines;
      if (line.too_long > 0) {
        batch.rejections.push_back(
            {line.number, fmt::format("line {}: event is {} bytes; the limit is {}", line.number,
                                      line.too_long, kMaxEventBytes)});
      } else if (line.text.find_first_not_of(" \t\r") == std::string_view::npos) {
        batch.rejections.push_back(
            {line.number, fmt::format("line {}: empty line; expected a JSON object", line.number)});
      } else {
        popts.receive_time_ms = clock->NowMs();
        Event& slot = batch.events.emplace_back();
        Status parsed = parser.ParseInto(line.text, popts, LineWhere(line.number), &slot);
        if (parsed.ok() && options.enricher != nullptr) {
          parsed = options.enricher->Enrich(&slot);
          if (!parsed.ok()) parsed = parsed.WithPrefix(LineWhere(line.number));
        }
        if (!parsed.ok()) {
          batch.events.pop_back();
          batch.rejections.push_back({line.number, parsed.message()});
        }
      }
    }
    if (!more || batch.events.size() >= batch_events || batch.rejections.size() >= 1000) {
      batch.bytes_read = reader.bytes_read();
      // Serialize here, on the parse thread, so the appending thread only
      // does the ordered part of the append.
      batch.prepared = PreparedBatch::From(std::move(batch.events));
      if (!queue->Push(std::move(batch))) return Status::Ok();
      batch = ParsedBatch();
      batch.events.reserve(batch_events);
    }
    if (!more) return Status::Ok();
  }
}

}  // namespace

Result<IngestSummary> IngestNdjson(int fd, Store* store, const IngestOptions& options) {
  if (options.ids == nullptr)
    return Status::InvalidArgument("IngestNdjson: options.ids is required");
  BatchQueue queue(4);
  std::thread parser([&] {
    pthread_setname_np(pthread_self(), "vigil-parse");
    queue.Finish(ParseAll(fd, options, &queue));
  });
  IngestSummary sum;
  Status failure;
  ParsedBatch batch;
  while (queue.Pop(&batch)) {
    sum.lines += batch.lines;
    sum.bytes = batch.bytes_read;
    for (const Rejection& r : batch.rejections) {
      ++sum.rejected;
      if (options.on_reject) options.on_reject(r.line, r.reason);
    }
    if (batch.prepared.events.empty()) continue;
    Result<std::vector<AppendAck>> acks = store->Append(std::move(batch.prepared));
    if (!acks.ok()) {
      failure = acks.status();
      break;
    }
    for (const AppendAck& a : *acks) {
      if (a.duplicate) {
        ++sum.duplicates;
      } else {
        ++sum.stored;
      }
    }
    if (options.on_progress) options.on_progress(sum.stored + sum.duplicates, sum.bytes);
  }
  queue.Stop();
  parser.join();
  if (!failure.ok()) return failure;
  RETURN_IF_ERROR(queue.status());
  return sum;
}

}  // namespace vigil
