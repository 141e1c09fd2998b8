#include "api/http/server_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <array>

namespace vigil::api {
namespace {

const prometheus::Histogram::BucketBoundaries& RequestBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return kBuckets;
}

const prometheus::Histogram::BucketBoundaries& FsyncBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
  return kBuckets;
}

std::string_view NormalizedMethod(std::string_view method) {
  static constexpr std::array<std::string_view, 7> kMethods = {"GET",   "HEAD",   "POST",   "PUT",
                                                               "PATCH", "DELETE", "OPTIONS"};
  for (std::string_view m : kMethods) {
    if (m == method) return m;
  }
  return "OTHER";
}

prometheus::Counter* MakeCounter(prometheus::Registry& registry, const std::string& name,
                                 const std::string& help) {
  return &prometheus::BuildCounter().Name(name).Help(help).Register(registry).Add({});
}

prometheus::Gauge* MakeGauge(prometheus::Registry& registry, const std::string& name,
                             const std::string& help) {
  return &prometheus::BuildGauge().Name(name).Help(help).Register(registry).Add({});
}

}  // namespace

ServerMetrics::ServerMetrics() : registry_(std::make_unique<prometheus::Registry>()) {
  prometheus::Registry& r = *registry_;
  requests_ = &prometheus::BuildCounter()
                   .Name("vigil_http_requests_total")
                   .Help("HTTP requests answered, by route pattern, method and status code.")
                   .Register(r);
  request_duration_ = &prometheus::BuildHistogram()
                           .Name("vigil_http_request_duration_seconds")
                           .Help("Time to answer an HTTP request, by route pattern.")
                           .Register(r);
  events_ingested_ =
      MakeCounter(r, "vigil_events_ingested_total", "Events stored durably (acknowledged).");
  ingest_bytes_ = MakeCounter(r, "vigil_ingest_bytes_total",
                              "Bytes of ingest request bodies, as received (before decoding).");
  events_rejected_ = MakeCounter(r, "vigil_events_rejected_total",
                                 "Events refused because they failed validation.");
  wal_fsync_ = &prometheus::BuildHistogram()
                    .Name("vigil_wal_fsync_seconds")
                    .Help("Time taken by each write-ahead-log fsync.")
                    .Register(r)
                    .Add({}, FsyncBuckets());
  wal_bytes_ = MakeCounter(r, "vigil_wal_bytes_total", "Bytes appended to the write-ahead log.");
  segment_flushes_ =
      MakeCounter(r, "vigil_segment_flushes_total", "Segments written from the memtable.");
  connections_open_ =
      MakeGauge(r, "vigil_http_connections_open", "HTTP connections currently open.");
  store_events_ = MakeGauge(r, "vigil_store_events", "Events in the store.");
  store_segments_ = MakeGauge(r, "vigil_store_segments", "Segment files in the store.");
  store_bytes_ =
      MakeGauge(r, "vigil_store_bytes_on_disk", "Bytes the data directory takes on disk.");
  spool_bytes_ = MakeGauge(r, "vigil_store_spool_bytes",
                           "Bytes of acknowledged batches in the local spool, waiting for "
                           "ClickHouse to take them (0 on the embedded engine).");
}

ServerMetrics::~ServerMetrics() = default;

void ServerMetrics::ObserveRequest(std::string_view route, std::string_view method, int code,
                                   double seconds) {
  method = NormalizedMethod(method);
  prometheus::Histogram* duration = nullptr;
  prometheus::Counter* counter = nullptr;
  {
    std::lock_guard<std::mutex> lock(routes_mu_);
    auto it = routes_.find(route);
    if (it == routes_.end()) {
      if (routes_.size() >= kMaxRoutes) route = "other";
      it = routes_.find(route);
      if (it == routes_.end()) it = routes_.emplace(std::string(route), RouteSeries{}).first;
    }
    RouteSeries& series = it->second;
    for (const RequestSeries& s : series.requests) {
      if (s.code == code && s.method == method) {
        counter = s.counter;
        duration = s.duration;
        break;
      }
    }
    if (counter == nullptr) {
      counter = &requests_->Add({{"route", std::string(route)},
                                 {"method", std::string(method)},
                                 {"code", std::to_string(code)}});
      // Latency by route and status code (issue 3); the same series for
      // every method of a route.
      duration = &request_duration_->Add(
          {{"route", std::string(route)}, {"code", std::to_string(code)}}, RequestBuckets());
      series.requests.push_back(RequestSeries{std::string(method), code, counter, duration});
    }
  }
  counter->Increment();
  duration->Observe(seconds);
}

void ServerMetrics::AddEventsIngested(uint64_t n) {
  events_ingested_->Increment(static_cast<double>(n));
}
void ServerMetrics::AddIngestBytes(uint64_t n) { ingest_bytes_->Increment(static_cast<double>(n)); }
void ServerMetrics::AddEventsRejected(uint64_t n) {
  events_rejected_->Increment(static_cast<double>(n));
}
void ServerMetrics::ObserveWalFsync(double seconds) { wal_fsync_->Observe(seconds); }
void ServerMetrics::AddWalBytes(uint64_t n) { wal_bytes_->Increment(static_cast<double>(n)); }
void ServerMetrics::AddSegmentFlush() { segment_flushes_->Increment(); }
void ServerMetrics::ConnectionOpened() { connections_open_->Increment(); }
void ServerMetrics::ConnectionClosed() { connections_open_->Decrement(); }
void ServerMetrics::SetConnectionsOpen(uint64_t n) {
  connections_open_->Set(static_cast<double>(n));
}

void ServerMetrics::SetStoreGauges(uint64_t events, uint64_t segments, uint64_t bytes_on_disk) {
  store_events_->Set(static_cast<double>(events));
  store_segments_->Set(static_cast<double>(segments));
  store_bytes_->Set(static_cast<double>(bytes_on_disk));
}

void ServerMetrics::SetSpoolBytes(uint64_t bytes) { spool_bytes_->Set(static_cast<double>(bytes)); }

void ServerMetrics::SetRenderHook(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(hook_mu_);
  render_hook_ = std::move(hook);
}

std::string ServerMetrics::Render() const {
  {
    std::lock_guard<std::mutex> lock(hook_mu_);
    if (render_hook_) render_hook_();
  }
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace vigil::api
