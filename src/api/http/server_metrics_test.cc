#include "api/http/server_metrics.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace vigil::api {
namespace {

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

bool IsNameChar(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
         (!first && c >= '0' && c <= '9');
}

// Reads [a-zA-Z_:][a-zA-Z0-9_:]* from the front of *s.
bool ReadName(std::string_view* s) {
  size_t n = 0;
  while (n < s->size() && IsNameChar((*s)[n], n == 0)) ++n;
  s->remove_prefix(n);
  return n > 0;
}

// `name{label="value",...} number`, the value escaped with backslashes.
bool IsSampleLine(std::string_view s) {
  if (!ReadName(&s)) return false;
  if (!s.empty() && s.front() == '{') {
    s.remove_prefix(1);
    while (!s.empty() && s.front() != '}') {
      if (!ReadName(&s) || s.substr(0, 2) != "=\"") return false;
      s.remove_prefix(2);
      while (!s.empty() && s.front() != '"') s.remove_prefix(s.front() == '\\' ? 2 : 1);
      if (s.empty()) return false;
      s.remove_prefix(1);  // the closing quote
      if (!s.empty() && s.front() == ',') s.remove_prefix(1);
    }
    if (s.empty()) return false;
    s.remove_prefix(1);  // '}'
  }
  if (s.empty() || s.front() != ' ') return false;
  s.remove_prefix(1);
  if (s == "+Inf" || s == "-Inf" || s == "NaN") return true;
  std::string value(s);
  char* end = nullptr;
  std::strtod(value.c_str(), &end);
  return !value.empty() && end == value.c_str() + value.size();
}

// An independent reading of the text format: every line is a HELP or TYPE
// comment, or a sample.
void ExpectWellFormed(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  int samples = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::string_view rest(line);
      bool comment = rest.substr(0, 7) == "# HELP " || rest.substr(0, 7) == "# TYPE ";
      rest.remove_prefix(comment ? 7 : 0);
      EXPECT_TRUE(comment && ReadName(&rest) && !rest.empty() && rest.front() == ' ') << line;
    } else {
      EXPECT_TRUE(IsSampleLine(line)) << line;
      ++samples;
    }
  }
  EXPECT_GT(samples, 0);
}

TEST(ServerMetricsTest, TheWellFormedCheckCanFail) {
  EXPECT_TRUE(IsSampleLine(R"(a_b{x="1",y="q\"z"} 2.5)"));
  EXPECT_TRUE(IsSampleLine("up 1"));
  EXPECT_FALSE(IsSampleLine("up"));
  EXPECT_FALSE(IsSampleLine("up one"));
  EXPECT_FALSE(IsSampleLine(R"(up{x=1} 1)"));
  EXPECT_FALSE(IsSampleLine(R"(up{x="1" 1)"));
  EXPECT_FALSE(IsSampleLine("9up 1"));
}

TEST(ServerMetricsTest, RendersEveryMetricWithHelpAndType) {
  ServerMetrics m;
  std::string text = m.Render();
  for (std::string_view name :
       {"vigil_events_ingested_total", "vigil_ingest_bytes_total", "vigil_events_rejected_total",
        "vigil_wal_bytes_total", "vigil_segment_flushes_total"}) {
    EXPECT_TRUE(Contains(text, "# HELP " + std::string(name) + " ")) << name;
    EXPECT_TRUE(Contains(text, "# TYPE " + std::string(name) + " counter")) << name;
  }
  for (std::string_view name : {"vigil_http_connections_open", "vigil_store_events",
                                "vigil_store_segments", "vigil_store_bytes_on_disk"}) {
    EXPECT_TRUE(Contains(text, "# TYPE " + std::string(name) + " gauge")) << name;
  }
  EXPECT_TRUE(Contains(text, "# TYPE vigil_wal_fsync_seconds histogram"));
  // Families with labels appear with their first observation.
  EXPECT_FALSE(Contains(text, "vigil_http_requests_total"));
  ExpectWellFormed(text);
}

TEST(ServerMetricsTest, ObservationsShowUpWithTheirLabels) {
  ServerMetrics m;
  m.ObserveRequest("/v1/events", "POST", 200, 0.003);
  m.ObserveRequest("/v1/events", "POST", 200, 0.004);
  m.ObserveRequest("/v1/events", "POST", 413, 0.0001);
  m.ObserveRequest("/v1/events/{id}", "GET", 404, 0.0007);
  m.AddEventsIngested(1500);
  m.AddIngestBytes(1'048'576);
  m.AddEventsRejected(3);
  m.ObserveWalFsync(0.002);
  m.AddWalBytes(4096);
  m.AddSegmentFlush();
  m.ConnectionOpened();
  m.ConnectionOpened();
  m.ConnectionClosed();
  m.SetStoreGauges(10'000'000, 42, 987'654'321);
  std::string text = m.Render();

  EXPECT_TRUE(Contains(text, "# HELP vigil_http_requests_total "));
  EXPECT_TRUE(Contains(text, "# TYPE vigil_http_requests_total counter"));
  EXPECT_TRUE(Contains(text, "# HELP vigil_http_request_duration_seconds "));
  EXPECT_TRUE(Contains(text, "# TYPE vigil_http_request_duration_seconds histogram"));
  EXPECT_TRUE(
      Contains(text, R"(vigil_http_requests_total{code="200",method="POST",route="/v1/events"} 2)"))
      << text;
  EXPECT_TRUE(Contains(
      text, R"(vigil_http_requests_total{code="413",method="POST",route="/v1/events"} 1)"));
  EXPECT_TRUE(Contains(
      text, R"(vigil_http_requests_total{code="404",method="GET",route="/v1/events/{id}"} 1)"));
  // Latency by route and code: the two 200s (3 ms, 4 ms) and the 413 (0.1 ms).
  EXPECT_TRUE(Contains(
      text, R"(vigil_http_request_duration_seconds_count{code="200",route="/v1/events"} 2)"))
      << text;
  EXPECT_TRUE(Contains(
      text, R"(vigil_http_request_duration_seconds_count{code="413",route="/v1/events"} 1)"));
  EXPECT_TRUE(Contains(
      text,
      R"(vigil_http_request_duration_seconds_bucket{code="413",route="/v1/events",le="0.0005"} 1)"));
  EXPECT_TRUE(Contains(
      text,
      R"(vigil_http_request_duration_seconds_bucket{code="200",route="/v1/events",le="0.0005"} 0)"));
  EXPECT_TRUE(Contains(
      text,
      R"(vigil_http_request_duration_seconds_bucket{code="200",route="/v1/events",le="0.005"} 2)"));
  EXPECT_TRUE(Contains(
      text,
      R"(vigil_http_request_duration_seconds_bucket{code="200",route="/v1/events",le="+Inf"} 2)"));
  EXPECT_TRUE(Contains(text, "vigil_events_ingested_total 1500\n"));
  EXPECT_TRUE(Contains(text, "vigil_ingest_bytes_total 1048576\n"));
  EXPECT_TRUE(Contains(text, "vigil_events_rejected_total 3\n"));
  EXPECT_TRUE(Contains(text, "vigil_wal_fsync_seconds_count 1\n"));
  EXPECT_TRUE(Contains(text, "vigil_wal_bytes_total 4096\n"));
  EXPECT_TRUE(Contains(text, "vigil_segment_flushes_total 1\n"));
  EXPECT_TRUE(Contains(text, "vigil_http_connections_open 1\n"));
  EXPECT_TRUE(Contains(text, "vigil_store_events 10000000\n"));
  EXPECT_TRUE(Contains(text, "vigil_store_segments 42\n"));
  EXPECT_TRUE(Contains(text, "vigil_store_bytes_on_disk 987654321\n"));
  ExpectWellFormed(text);
}

TEST(ServerMetricsTest, CardinalityIsBounded) {
  ServerMetrics m;
  for (size_t i = 0; i < ServerMetrics::kMaxRoutes + 50; ++i) {
    m.ObserveRequest("/route/" + std::to_string(i), "GET", 200, 0.001);
  }
  m.ObserveRequest("/v1/events", "BREW", 405, 0.001);
  std::string text = m.Render();
  EXPECT_TRUE(Contains(text, R"(route="/route/0")"));
  EXPECT_FALSE(
      Contains(text, "route=\"/route/" + std::to_string(ServerMetrics::kMaxRoutes) + "\""));
  EXPECT_TRUE(Contains(text, R"(vigil_http_requests_total{code="200",method="GET",route="other"})"
                             " 50"));
  EXPECT_TRUE(Contains(text, R"(method="OTHER",route="other")"));
  EXPECT_FALSE(Contains(text, "BREW"));
}

TEST(ServerMetricsTest, RenderHookRefreshesGauges) {
  ServerMetrics m;
  int calls = 0;
  m.SetRenderHook([&] {
    ++calls;
    m.SetStoreGauges(static_cast<uint64_t>(calls), 0, 0);
  });
  EXPECT_TRUE(Contains(m.Render(), "vigil_store_events 1\n"));
  EXPECT_TRUE(Contains(m.Render(), "vigil_store_events 2\n"));
  m.SetRenderHook([&] { m.SetConnectionsOpen(17); });
  EXPECT_TRUE(Contains(m.Render(), "vigil_http_connections_open 17\n"));
  m.SetRenderHook(nullptr);
  EXPECT_TRUE(Contains(m.Render(), "vigil_store_events 2\n"));
}

TEST(ServerMetricsTest, ConcurrentObservationsAreAllCounted) {
  ServerMetrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 2500; ++i) {
        m.ObserveRequest(t % 2 == 0 ? "/v1/events" : "/v1/facets", "GET", 200, 0.001);
        m.AddEventsIngested(1);
        if (i % 100 == 0) (void)m.Render();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::string text = m.Render();
  EXPECT_TRUE(Contains(
      text, R"(vigil_http_requests_total{code="200",method="GET",route="/v1/events"} 5000)"));
  EXPECT_TRUE(Contains(
      text, R"(vigil_http_requests_total{code="200",method="GET",route="/v1/facets"} 5000)"));
  EXPECT_TRUE(Contains(text, "vigil_events_ingested_total 10000\n"));
}

}  // namespace
}  // namespace vigil::api
