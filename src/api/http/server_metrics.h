// ServerMetrics: the server's Prometheus metrics and their text exposition
// (GET /metrics).
//
//   vigil_http_requests_total{route,method,code}   counter
//   vigil_http_request_duration_seconds{route}     histogram, 0.5 ms … 10 s
//   vigil_events_ingested_total                    counter
//   vigil_ingest_bytes_total                       counter (request bodies as received)
//   vigil_events_rejected_total                    counter
//   vigil_wal_fsync_seconds                        histogram, 0.1 ms … 1 s
//   vigil_wal_bytes_total                          counter
//   vigil_segment_flushes_total                    counter
//   vigil_http_connections_open                    gauge
//   vigil_store_events, vigil_store_segments, vigil_store_bytes_on_disk   gauges
//   vigil_store_spool_bytes                        gauge (ClickHouse backend's local spool)
//
// Cardinality is bounded: `route` must be the router's pattern
// ("/v1/events/{id}"), never a raw path; past kMaxRoutes distinct routes,
// further ones are counted as route="other". Methods outside the standard
// set are counted as method="OTHER".
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
class Registry;
template <typename T>
class Family;
}  // namespace prometheus

namespace vigil::api {

// Thread-safe: every method may be called from any thread at any time.
class ServerMetrics {
 public:
  static constexpr size_t kMaxRoutes = 128;

  ServerMetrics();
  ~ServerMetrics();
  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;

  // One finished request: its route pattern, method, status code and the
  // seconds from the first byte read to the last byte written.
  void ObserveRequest(std::string_view route, std::string_view method, int code, double seconds);

  void AddEventsIngested(uint64_t n);
  void AddIngestBytes(uint64_t n);
  void AddEventsRejected(uint64_t n);

  // Fed by the storage engine: one WAL fsync and how long it took; bytes
  // appended to the WAL; one segment flushed.
  void ObserveWalFsync(double seconds);
  void AddWalBytes(uint64_t n);
  void AddSegmentFlush();

  // Either count connections here, or set the gauge from the server's own
  // count (e.g. net::ServerStats::open_connections in the render hook).
  void ConnectionOpened();
  void ConnectionClosed();
  void SetConnectionsOpen(uint64_t n);

  void SetStoreGauges(uint64_t events, uint64_t segments, uint64_t bytes_on_disk);
  void SetSpoolBytes(uint64_t bytes);
  // Called at the start of every Render (e.g. to refresh the store gauges
  // only when scraped). It may call this object's methods except Render and
  // SetRenderHook. Replaces any earlier hook; empty to clear.
  void SetRenderHook(std::function<void()> hook);

  // The Prometheus text exposition format (version 0.0.4): HELP and TYPE
  // lines, then one line per sample. Serve as
  // "text/plain; version=0.0.4; charset=utf-8".
  std::string Render() const;

 private:
  struct RequestSeries {
    std::string method;
    int code;
    prometheus::Counter* counter;
    prometheus::Histogram* duration;  // shared by the methods of a (route, code)
  };
  struct RouteSeries {
    std::vector<RequestSeries> requests;
  };
  struct RouteHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  std::unique_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Histogram>* request_duration_;
  prometheus::Counter* events_ingested_;
  prometheus::Counter* ingest_bytes_;
  prometheus::Counter* events_rejected_;
  prometheus::Histogram* wal_fsync_;
  prometheus::Counter* wal_bytes_;
  prometheus::Counter* segment_flushes_;
  prometheus::Gauge* connections_open_;
  prometheus::Gauge* store_events_;
  prometheus::Gauge* store_segments_;
  prometheus::Gauge* store_bytes_;
  prometheus::Gauge* spool_bytes_;

  std::mutex routes_mu_;
  // GUARDED_BY(routes_mu_). The series per route seen so far.
  std::unordered_map<std::string, RouteSeries, RouteHash, std::equal_to<>> routes_;

  mutable std::mutex hook_mu_;
  std::function<void()> render_hook_;  // GUARDED_BY(hook_mu_)
};

}  // namespace vigil::api
