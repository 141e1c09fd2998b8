// vigil-http-load: the HTTP bulk-ingest load generator of bench/http_ingest.sh.
//
// Before any timing it generates N events with EventGenerator (client ids
// included, so a retried batch is idempotent) into NDJSON batches held in
// memory (optionally gzip-compressed up front). Then C keep-alive connections
// POST the batches to /v1/events as fast as the server answers (a shared
// counter hands out the next batch), retrying a batch after Retry-After on 503
// or 429 and after a reconnect on a broken connection. With --queries a
// separate thread runs the reference query mix of DESIGN.md §6 in a loop
// while the ingest runs, then --idle-rounds more rounds once it has finished,
// and reports p50/p99 per query for both phases.
//
// Output: human-readable tables on stdout, plus `key=value` lines starting
// with "RESULT" for the script to parse.
#include <fmt/format.h>
#include <simdjson.h>
#include <unistd.h>
#include <zlib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/timestamp.h"
#include "gen/event_generator.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string key;
  uint64_t events = 1'000'000;
  size_t batch = 1000;
  size_t connections = 4;
  uint64_t seed = 1;
  std::string end;  // RFC 3339 or YYYY-MM-DD; default: now
  int64_t days = 90;
  bool gzip = false;
  int gzip_level = 6;
  bool queries = false;
  size_t idle_rounds = 20;
  std::string dump;  // write the NDJSON here too (the CLI baseline reads it)
  bool generate_only = false;
  bool queries_only = false;
  size_t page_threads = 1;
  size_t gen_threads = 0;
  int server_pid = 0;  // > 0: report this process's CPU time during the ingest
};

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// Nearest-rank percentile of unsorted samples (copied and sorted).
double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// utime + stime of a process in seconds (/proc/PID/stat), or -1.
double ProcessCpuSeconds(int pid) {
  std::ifstream f(fmt::format("/proc/{}/stat", pid));
  std::string stat((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  size_t p = stat.rfind(')');  // the command name may hold spaces
  if (pid <= 0 || p == std::string::npos) return -1;
  std::istringstream in(stat.substr(p + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && in >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// CPU seconds the whole machine spent busy (all cores; /proc/stat: everything
// but idle and iowait), or -1.
double MachineBusySeconds() {
  std::ifstream f("/proc/stat");
  std::string cpu;
  f >> cpu;
  if (cpu != "cpu") return -1;
  double busy = 0;
  double v = 0;
  for (int i = 0; i < 8 && f >> v; ++i) {
    if (i != 3 && i != 4) busy += v;  // user nice system [idle iowait] irq softirq steal
  }
  return busy / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string PercentEncode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string Gzip(std::string_view in, int level) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, in.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// One keep-alive HTTP/1.1 connection with blocking I/O. Requests are written
// as a pre-built head plus the body buffer (no copy of the batch); responses
// are parsed by Beast.
class Connection {
 public:
  Connection(const Options& o) : o_(o) {}

  struct Reply {
    int status = 0;
    std::string body;
    int retry_after_s = 1;
  };

  // Throws beast::system_error on a transport failure (the caller reconnects).
  Reply Send(std::string_view method, std::string_view target, std::string_view extra_headers,
             std::string_view body, uint64_t* bytes_sent) {
    if (!socket_.is_open()) Connect();
    head_.clear();
    fmt::format_to(std::back_inserter(head_),
                   "{} {} HTTP/1.1\r\nHost: {}:{}\r\nAuthorization: Bearer {}\r\n"
                   "User-Agent: vigil-http-load\r\n{}",
                   method, target, o_.host, o_.port, o_.key, extra_headers);
    if (method == "POST")
      fmt::format_to(std::back_inserter(head_), "Content-Length: {}\r\n", body.size());
    head_ += "\r\n";
    std::array<asio::const_buffer, 2> bufs{asio::buffer(head_),
                                           asio::buffer(body.data(), body.size())};
    asio::write(socket_, bufs);
    *bytes_sent += head_.size() + body.size();
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u << 20);
    http::read(socket_, buffer_, parser);
    http::response<http::string_body> res = parser.release();
    Reply r;
    r.status = static_cast<int>(res.result_int());
    if (auto it = res.find(http::field::retry_after); it != res.end()) {
      r.retry_after_s = std::max(0, std::atoi(std::string(it->value()).c_str()));
    }
    if (!res.keep_alive()) Close();
    r.body = std::move(res.body());
    return r;
  }

  void Close() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    buffer_.clear();
  }

  uint64_t connects() const { return connects_; }

 private:
  void Connect() {
    tcp::resolver resolver(io_);
    asio::connect(socket_, resolver.resolve(o_.host, std::to_string(o_.port)));
    socket_.set_option(tcp::no_delay(true));
    ++connects_;
  }

  const Options& o_;
  asio::io_context io_;
  tcp::socket socket_{io_};
  beast::flat_buffer buffer_;
  std::string head_;
  uint64_t connects_ = 0;
};

// A batch ready to send.
struct Batch {
  std::string ndjson;
  std::string gz;
  size_t events = 0;
};

// Values picked from the generated events so the reference queries hit.
struct QueryTargets {
  std::string tenant;       // the busiest tenant
  std::string user_email;   // an active member of it (the user page)
  std::string other_email;  // a member of another tenant (email lookup, no tenant)
  std::string ip;           // a frequent client IP
};

QueryTargets PickTargets(const std::vector<Batch>& batches) {
  // Sample every 7th event.
  std::unordered_map<std::string, uint64_t> tenants;
  std::map<std::string, std::unordered_map<std::string, uint64_t>> emails;  // tenant → email → n
  std::unordered_map<std::string, uint64_t> ips;
  simdjson::ondemand::parser parser;
  uint64_t i = 0;
  for (const Batch& b : batches) {
    std::string_view rest = b.ndjson;
    while (!rest.empty()) {
      size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      if (i++ % 7 != 0) continue;
      simdjson::padded_string padded(line);
      simdjson::ondemand::document doc = parser.iterate(padded);
      std::string tenant;
      std::string email;
      std::string ip;
      for (auto field : doc.get_object()) {
        std::string_view key = field.unescaped_key().value();
        if (key == "tenant") {
          tenant = std::string(field.value().get_string().value());
        } else if (key == "actor") {
          for (auto af : field.value().get_object()) {
            if (af.unescaped_key().value() == "email") {
              email = std::string(af.value().get_string().value());
            }
          }
        } else if (key == "context") {
          for (auto cf : field.value().get_object()) {
            if (cf.unescaped_key().value() == "ip")
              ip = std::string(cf.value().get_string().value());
          }
        }
      }
      ++tenants[tenant];
      if (!email.empty()) ++emails[tenant][email];
      if (!ip.empty()) ++ips[ip];
    }
  }
  auto ranked = [](const auto& counts) {
    std::vector<std::pair<uint64_t, std::string>> v;
    for (const auto& [k, n] : counts) v.emplace_back(n, k);
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    return v;
  };
  QueryTargets t;
  auto tr = ranked(tenants);
  t.tenant = tr.front().second;
  // The user page: the 5th most active member of the busiest tenant (a
  // regular user, not the single busiest one).
  auto er = ranked(emails[t.tenant]);
  t.user_email = er[std::min<size_t>(4, er.size() - 1)].second;
  // Email lookup: a median member of the third busiest tenant.
  auto er3 = ranked(emails[tr[std::min<size_t>(2, tr.size() - 1)].second]);
  t.other_email = er3[er3.size() / 2].second;
  auto ir = ranked(ips);
  t.ip = ir.front().second;
  return t;
}

struct Query {
  std::string name;
  std::string target;
};

std::vector<Query> ReferenceMix(const QueryTargets& t, int64_t end_ms, int64_t days) {
  const std::string tenant = PercentEncode(t.tenant);
  return {
      {"1 tenant+user page", fmt::format("/v1/events?q={}&tenant={}&limit=50",
                                         PercentEncode("actor:" + t.user_email), tenant)},
      {"2 type+status+30d",
       fmt::format("/v1/events?q={}&limit=50",
                   PercentEncode("action:user.login* status:error time:last-30d"))},
      {"3 keyword+tenant",
       fmt::format("/v1/events?q={}&tenant={}&limit=50", PercentEncode("\"renamed\""), tenant)},
      {"4 daily histogram",
       fmt::format("/v1/histogram?interval=1d&from={}&to={}",
                   PercentEncode(vigil::FormatRfc3339(end_ms - days * vigil::kMsPerDay)),
                   PercentEncode(vigil::FormatRfc3339(end_ms + 1)))},
      {"5 top actions", "/v1/facets?fields=action&top=10"},
      {"6 email lookup",
       fmt::format("/v1/events?q={}&limit=50", PercentEncode("actor:" + t.other_email))},
      {"7 IP count", fmt::format("/v1/histogram?q={}&interval=1d", PercentEncode("ip:" + t.ip))},
  };
}

// Hits in a response: events on a page, or a histogram's total.
int64_t Hits(std::string_view body) {
  if (auto p = body.rfind("\"total\":"); p != std::string_view::npos) {
    return std::atoll(std::string(body.substr(p + 8, 20)).c_str());
  }
  if (body.starts_with("{\"events\":")) {
    int64_t n = 0;
    for (size_t p = body.find("\"seq\":"); p != std::string_view::npos;
         p = body.find("\"seq\":", p + 1)) {
      ++n;
    }
    return n;
  }
  return -1;
}

struct QueryStats {
  std::vector<double> during_ms;
  std::vector<double> idle_ms;
  int64_t hits = -1;
  uint64_t errors = 0;
  std::string last_error;
};

struct IngestResult {
  std::vector<double> latency_ms;
  uint64_t bytes_sent = 0;
  uint64_t retries_503 = 0;
  uint64_t retries_429 = 0;
  uint64_t reconnects = 0;
  uint64_t stored = 0;
  uint64_t duplicates = 0;
  uint64_t failures = 0;
  std::string last_error;
};

uint64_t JsonUint(std::string_view body, std::string_view key) {
  size_t p = body.rfind(key);
  if (p == std::string_view::npos) return 0;
  return std::strtoull(std::string(body.substr(p + key.size(), 20)).c_str(), nullptr, 10);
}

// The server's Prometheus metrics (unlabelled samples and histogram
// _sum/_count), by name; empty on failure.
std::map<std::string, double> ScrapeMetrics(const Options& o) {
  std::map<std::string, double> m;
  try {
    Connection conn(o);
    uint64_t bytes = 0;
    Connection::Reply r = conn.Send("GET", "/metrics", "", "", &bytes);
    if (r.status != 200) return m;
    std::istringstream in(r.body);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      size_t sp = line.rfind(' ');
      if (sp == std::string::npos) continue;
      m[line.substr(0, sp)] = std::strtod(line.c_str() + sp + 1, nullptr);
    }
  } catch (const std::exception&) {
  }
  return m;
}

int Run(const Options& o) {
  vigil::GeneratorOptions g;
  g.seed = o.seed;
  g.span_ms = o.days * vigil::kMsPerDay;
  g.count = o.events;
  g.with_ids = true;
  if (o.end.empty()) {
    g.end_ms = vigil::SystemClock::Get()->NowMs();
  } else {
    vigil::Result<int64_t> end =
        o.end.size() == 10 ? vigil::ParseDate(o.end) : vigil::ParseRfc3339(o.end);
    if (!end.ok()) {
      std::fprintf(stderr, "--end: %s\n", end.status().ToString().c_str());
      return 2;
    }
    g.end_ms = *end;
  }
  if (auto s = g.Validate(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 2;
  }

  // 1. Generate (and compress) every batch before anything is timed.
  const size_t n_batches = (o.events + o.batch - 1) / o.batch;
  std::vector<Batch> batches(n_batches);
  const auto gen_start = Clock::now();
  {
    std::atomic<size_t> next{0};
    const size_t threads =
        o.gen_threads > 0 ? o.gen_threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        vigil::EventGenerator gen(g);
        for (size_t b; (b = next.fetch_add(1)) < n_batches;) {
          Batch& batch = batches[b];
          const uint64_t first = b * o.batch;
          const uint64_t last = std::min<uint64_t>(o.events, first + o.batch);
          batch.ndjson.reserve((last - first) * 900);
          for (uint64_t i = first; i < last; ++i) {
            gen.Generate(i, &batch.ndjson);
            batch.ndjson.push_back('\n');
          }
          batch.events = last - first;
          if (o.gzip) batch.gz = Gzip(batch.ndjson, o.gzip_level);
        }
      });
    }
    for (auto& t : pool) t.join();
  }
  uint64_t ndjson_bytes = 0;
  uint64_t gz_bytes = 0;
  for (const Batch& b : batches) {
    ndjson_bytes += b.ndjson.size();
    gz_bytes += b.gz.size();
  }
  std::printf("generated %llu events in %zu batches of %zu: %.1f MB NDJSON (%.0f B/event)",
              static_cast<unsigned long long>(o.events), n_batches, o.batch, ndjson_bytes / 1e6,
              static_cast<double>(ndjson_bytes) / static_cast<double>(o.events));
  if (o.gzip)
    std::printf(", %.1f MB gzip level %d (%.1fx)", gz_bytes / 1e6, o.gzip_level,
                static_cast<double>(ndjson_bytes) / static_cast<double>(gz_bytes));
  std::printf(" in %.1f s (not timed)\n",
              std::chrono::duration<double>(Clock::now() - gen_start).count());
  if (!o.dump.empty()) {
    std::ofstream f(o.dump, std::ios::binary);
    for (const Batch& b : batches)
      f.write(b.ndjson.data(), static_cast<std::streamsize>(b.ndjson.size()));
    if (!f) {
      std::fprintf(stderr, "cannot write %s\n", o.dump.c_str());
      return 1;
    }
  }
  if (o.generate_only) return 0;

  const QueryTargets targets = PickTargets(batches);
  const std::vector<Query> mix = ReferenceMix(targets, g.end_ms, o.days);

  // 2. Open the ingest connections (not timed), then go.
  std::vector<std::unique_ptr<Connection>> conns;
  for (size_t c = 0; c < o.connections; ++c) {
    conns.push_back(std::make_unique<Connection>(o));
    uint64_t ignored = 0;
    Connection::Reply r = conns.back()->Send("GET", "/healthz", "", "", &ignored);
    if (r.status != 200) {
      std::fprintf(stderr, "GET /healthz: %d %s\n", r.status, r.body.c_str());
      return 1;
    }
  }

  // --queries-only: the events are generated (to pick the query targets) but not sent.
  const size_t send_batches = o.queries_only ? 0 : n_batches;
  std::atomic<size_t> next_batch{0};
  std::atomic<bool> ingesting{true};
  std::atomic<int64_t> first_send{INT64_MAX};
  std::atomic<int64_t> last_ok{0};
  std::vector<IngestResult> results(o.connections);
  const std::string post_headers =
      o.gzip ? "Content-Type: application/x-ndjson\r\nContent-Encoding: gzip\r\n"
             : "Content-Type: application/x-ndjson\r\n";

  // Query threads: thread 0 runs the whole mix in a loop during ingest, then
  // --idle-rounds rounds; threads 1..--page-threads loop the page queries
  // (1, 2, 3, 6: GET /v1/events) during ingest only, so that their p99 rests
  // on more samples than the slow aggregates leave the mix thread.
  const std::vector<size_t> page_queries = {0, 1, 2, 5};
  const size_t query_threads = o.queries ? 1 + o.page_threads : 0;
  std::vector<std::vector<QueryStats>> qstats_by_thread(query_threads,
                                                        std::vector<QueryStats>(mix.size()));
  std::vector<std::thread> query_pool;
  uint64_t query_rounds_during = 0;
  for (size_t t = 0; t < query_threads; ++t) {
    query_pool.emplace_back([&, t] {
      std::vector<QueryStats>& qstats = qstats_by_thread[t];
      Connection conn(o);
      uint64_t bytes = 0;
      auto run_one = [&](size_t qi, bool during) {
        const int64_t t0 = NowNs();
        try {
          Connection::Reply r = conn.Send("GET", mix[qi].target, "", "", &bytes);
          const double ms = static_cast<double>(NowNs() - t0) / 1e6;
          if (r.status != 200) {
            ++qstats[qi].errors;
            qstats[qi].last_error = fmt::format("{} {}", r.status, r.body.substr(0, 200));
            return;
          }
          (during ? qstats[qi].during_ms : qstats[qi].idle_ms).push_back(ms);
          qstats[qi].hits = Hits(r.body);
        } catch (const std::exception& e) {
          ++qstats[qi].errors;
          qstats[qi].last_error = e.what();
          conn.Close();
        }
      };
      // Start once the first batch is acknowledged (not against an empty store).
      while (last_ok.load() == 0 && ingesting.load()) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      if (t > 0) {
        // Staggered start so the page threads do not move in lockstep.
        for (size_t i = t % page_queries.size(); ingesting.load(); ++i) {
          run_one(page_queries[i % page_queries.size()], true);
        }
        return;
      }
      while (ingesting.load()) {
        for (size_t qi = 0; qi < mix.size() && ingesting.load(); ++qi) run_one(qi, true);
        ++query_rounds_during;
      }
      for (size_t round = 0; round < o.idle_rounds; ++round) {
        for (size_t qi = 0; qi < mix.size(); ++qi) run_one(qi, false);
      }
    });
  }

  const std::map<std::string, double> metrics_before = ScrapeMetrics(o);
  const double cpu_before = ProcessCpuSeconds(o.server_pid);
  const double self_cpu_before = ProcessCpuSeconds(getpid());
  const double machine_before = MachineBusySeconds();
  double cpu_after = -1;
  std::vector<std::thread> workers;
  for (size_t c = 0; c < o.connections; ++c) {
    workers.emplace_back([&, c] {
      Connection& conn = *conns[c];
      IngestResult& res = results[c];
      res.latency_ms.reserve(n_batches / o.connections + 16);
      for (size_t b; (b = next_batch.fetch_add(1)) < send_batches;) {
        const std::string& body = o.gzip ? batches[b].gz : batches[b].ndjson;
        for (int attempt = 0;; ++attempt) {
          if (attempt > 1000) {
            ++res.failures;
            break;
          }
          int64_t t0 = NowNs();
          int64_t expected = INT64_MAX;
          while (t0 < expected && !first_send.compare_exchange_weak(expected, t0)) {
          }
          try {
            Connection::Reply r =
                conn.Send("POST", "/v1/events", post_headers, body, &res.bytes_sent);
            const int64_t t1 = NowNs();
            if (r.status == 200) {
              res.latency_ms.push_back(static_cast<double>(t1 - t0) / 1e6);
              res.stored += JsonUint(r.body, "\"stored\":");
              res.duplicates += JsonUint(r.body, "\"duplicates\":");
              int64_t seen = last_ok.load();
              while (t1 > seen && !last_ok.compare_exchange_weak(seen, t1)) {
              }
              break;
            }
            if (r.status == 503 || r.status == 429) {
              ++(r.status == 503 ? res.retries_503 : res.retries_429);
              std::this_thread::sleep_for(std::chrono::seconds(r.retry_after_s));
              continue;
            }
            ++res.failures;
            res.last_error = fmt::format("{} {}", r.status, r.body.substr(0, 300));
            break;
          } catch (const std::exception& e) {
            ++res.reconnects;
            res.last_error = e.what();
            conn.Close();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
          }
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  cpu_after = ProcessCpuSeconds(o.server_pid);
  const double self_cpu = ProcessCpuSeconds(getpid()) - self_cpu_before;
  const double machine_busy = MachineBusySeconds() - machine_before;
  const std::map<std::string, double> metrics_after = ScrapeMetrics(o);
  auto delta = [&](const std::string& name) {
    auto a = metrics_after.find(name);
    auto b = metrics_before.find(name);
    return (a == metrics_after.end() ? 0 : a->second) - (b == metrics_before.end() ? 0 : b->second);
  };
  ingesting.store(false);
  for (auto& t : query_pool) t.join();
  std::vector<QueryStats> qstats(mix.size());
  for (const auto& per_thread : qstats_by_thread) {
    for (size_t qi = 0; qi < mix.size(); ++qi) {
      const QueryStats& from = per_thread[qi];
      QueryStats& to = qstats[qi];
      to.during_ms.insert(to.during_ms.end(), from.during_ms.begin(), from.during_ms.end());
      to.idle_ms.insert(to.idle_ms.end(), from.idle_ms.begin(), from.idle_ms.end());
      if (from.hits >= 0) to.hits = from.hits;
      to.errors += from.errors;
      if (!from.last_error.empty()) to.last_error = from.last_error;
    }
  }

  // 3. Report.
  IngestResult all;
  for (IngestResult& r : results) {
    all.latency_ms.insert(all.latency_ms.end(), r.latency_ms.begin(), r.latency_ms.end());
    all.bytes_sent += r.bytes_sent;
    all.retries_503 += r.retries_503;
    all.retries_429 += r.retries_429;
    all.reconnects += r.reconnects;
    all.stored += r.stored;
    all.duplicates += r.duplicates;
    all.failures += r.failures;
    if (!r.last_error.empty()) all.last_error = r.last_error;
  }
  const double wall =
      o.queries_only ? 0 : static_cast<double>(last_ok.load() - first_send.load()) / 1e9;
  const uint64_t acked = all.stored + all.duplicates;
  const double eps = wall > 0 ? static_cast<double>(acked) / wall : 0;
  if (!o.queries_only) {
    std::printf(
        "\ningest: %zu connections, batches of %zu%s\n"
        "  events acked %llu (stored %llu, duplicates %llu), failed batches %llu, "
        "retries 503 %llu / 429 %llu, reconnects %llu\n"
        "  wall %.3f s, %.0f events/s, %.1f MB/s sent (%.1f MB), request latency p50 %.1f ms, "
        "p99 %.1f ms, max %.1f ms\n",
        o.connections, o.batch, o.gzip ? ", gzip" : "", static_cast<unsigned long long>(acked),
        static_cast<unsigned long long>(all.stored),
        static_cast<unsigned long long>(all.duplicates),
        static_cast<unsigned long long>(all.failures),
        static_cast<unsigned long long>(all.retries_503),
        static_cast<unsigned long long>(all.retries_429),
        static_cast<unsigned long long>(all.reconnects), wall, eps,
        static_cast<double>(all.bytes_sent) / 1e6 / wall, static_cast<double>(all.bytes_sent) / 1e6,
        Percentile(all.latency_ms, 0.50), Percentile(all.latency_ms, 0.99),
        Percentile(all.latency_ms, 1.0));
    const double server_cpu = cpu_before >= 0 && cpu_after >= 0 ? cpu_after - cpu_before : -1;
    if (server_cpu >= 0) {
      std::printf("  server CPU during ingest %.2f s (%.2f µs/event, %.2f cores)\n", server_cpu,
                  server_cpu * 1e6 / static_cast<double>(acked), server_cpu / wall);
    }
    const double fsyncs = delta("vigil_wal_fsync_seconds_count");
    if (fsyncs > 0) {
      const double fsync_s = delta("vigil_wal_fsync_seconds_sum");
      std::printf(
          "  server: %.0f WAL fsyncs (group commits; %.0f events, %.2f MB of WAL each), fsync mean "
          "%.2f ms, %.0f%% of the wall time in fsync; %.0f segment flushes\n",
          fsyncs, static_cast<double>(acked) / fsyncs,
          delta("vigil_wal_bytes_total") / fsyncs / 1e6, fsync_s / fsyncs * 1e3,
          fsync_s / wall * 100, delta("vigil_segment_flushes_total"));
    }
    std::printf("  load generator CPU during ingest %.2f s (%.2f cores)\n", self_cpu,
                self_cpu / wall);
    const double other = server_cpu >= 0 ? machine_busy - server_cpu - self_cpu : -1;
    std::printf(
        "  machine: %.2f CPU s busy of %.2f available (%u cores); other processes %.2f s (%.2f "
        "cores)\n",
        machine_busy, wall * std::thread::hardware_concurrency(),
        std::thread::hardware_concurrency(), other, other / wall);
    if (!all.last_error.empty()) std::printf("  last error: %s\n", all.last_error.c_str());
    std::printf(
        "RESULT events=%llu wall_s=%.3f events_per_s=%.0f mb_sent=%.1f lat_p50_ms=%.1f "
        "lat_p99_ms=%.1f retries=%llu failures=%llu server_cpu_s=%.2f client_cpu_s=%.2f "
        "fsyncs=%.0f fsync_s=%.3f other_cpu_s=%.2f\n",
        static_cast<unsigned long long>(acked), wall, eps,
        static_cast<double>(all.bytes_sent) / 1e6, Percentile(all.latency_ms, 0.50),
        Percentile(all.latency_ms, 0.99),
        static_cast<unsigned long long>(all.retries_503 + all.retries_429),
        static_cast<unsigned long long>(all.failures), server_cpu, self_cpu,
        delta("vigil_wal_fsync_seconds_count"), delta("vigil_wal_fsync_seconds_sum"),
        server_cpu >= 0 ? machine_busy - server_cpu - self_cpu : -1);
  }

  if (o.queries) {
    std::printf(
        "\nqueries: tenant %s, user %s, email %s, ip %s; %llu rounds of the mix during ingest "
        "(+ %zu threads looping queries 1, 2, 3, 6), %zu rounds after\n",
        targets.tenant.c_str(), targets.user_email.c_str(), targets.other_email.c_str(),
        targets.ip.c_str(), static_cast<unsigned long long>(query_rounds_during), o.page_threads,
        o.idle_rounds);
    std::printf("%-20s %6s %10s %10s %10s | %10s %10s %8s %6s\n", "query", "n", "p50 ms", "p99 ms",
                "max ms", "idle p50", "idle p99", "hits", "errors");
    for (size_t qi = 0; qi < mix.size(); ++qi) {
      const QueryStats& s = qstats[qi];
      std::printf("%-20s %6zu %10.1f %10.1f %10.1f | %10.1f %10.1f %8lld %6llu\n",
                  mix[qi].name.c_str(), s.during_ms.size(), Percentile(s.during_ms, 0.5),
                  Percentile(s.during_ms, 0.99), Percentile(s.during_ms, 1.0),
                  Percentile(s.idle_ms, 0.5), Percentile(s.idle_ms, 0.99),
                  static_cast<long long>(s.hits), static_cast<unsigned long long>(s.errors));
      if (!s.last_error.empty()) std::printf("    last error: %s\n", s.last_error.c_str());
      std::printf(
          "RESULTQ q=%zu n=%zu p50_ms=%.1f p99_ms=%.1f max_ms=%.1f idle_p50_ms=%.1f "
          "idle_p99_ms=%.1f hits=%lld errors=%llu\n",
          qi + 1, s.during_ms.size(), Percentile(s.during_ms, 0.5), Percentile(s.during_ms, 0.99),
          Percentile(s.during_ms, 1.0), Percentile(s.idle_ms, 0.5), Percentile(s.idle_ms, 0.99),
          static_cast<long long>(s.hits), static_cast<unsigned long long>(s.errors));
    }
    std::printf("targets:\n");
    for (const Query& q : mix) std::printf("  %-20s %s\n", q.name.c_str(), q.target.c_str());
  }
  if (o.queries_only) return 0;
  return all.failures > 0 || acked != o.events ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"vigil-http-load: HTTP bulk ingest load generator (bench/http_ingest.sh)"};
  app.add_option("--host", o.host)->capture_default_str();
  app.add_option("--port", o.port, "server port")->required();
  app.add_option("--key", o.key, "API key (ingest and read scopes); also VIGIL_BENCH_KEY")
      ->envname("VIGIL_BENCH_KEY");
  app.add_option("-n,--events", o.events)->capture_default_str();
  app.add_option("--batch", o.batch, "events per request")->capture_default_str();
  app.add_option("-c,--connections", o.connections)->capture_default_str();
  app.add_option("--seed", o.seed)->capture_default_str();
  app.add_option("--end", o.end, "time of the newest event (RFC 3339 or date; default now)");
  app.add_option("--days", o.days, "days the events span")->capture_default_str();
  app.add_flag("--gzip", o.gzip, "gzip every batch up front; send with Content-Encoding: gzip");
  app.add_option("--gzip-level", o.gzip_level)->capture_default_str();
  app.add_flag("--queries", o.queries, "run the reference query mix during ingest");
  app.add_option(
         "--page-threads", o.page_threads,
         "with --queries: extra threads looping the page queries (1, 2, 3, 6) during ingest")
      ->capture_default_str();
  app.add_option("--idle-rounds", o.idle_rounds, "query-mix rounds after ingest (with --queries)")
      ->capture_default_str();
  app.add_option("--dump", o.dump, "also write the generated NDJSON to this file");
  app.add_flag("--queries-only", o.queries_only,
               "send no events: only --idle-rounds rounds of the query mix (implies --queries)");
  app.add_flag("--generate-only", o.generate_only, "generate (and --dump), send nothing");
  app.add_option("--server-pid", o.server_pid,
                 "report this process's CPU time (from /proc) during the ingest");
  app.add_option("--gen-threads", o.gen_threads, "generator threads (default: all cores)");
  // --port is required only when sending.
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--generate-only") {
      app.get_option("--port")->required(false);
    }
  }
  CLI11_PARSE(app, argc, argv);
  if (o.queries_only) o.queries = true;
  if (!o.generate_only && o.key.empty()) {
    std::fprintf(stderr, "--key (or VIGIL_BENCH_KEY) is required\n");
    return 2;
  }
  if (o.batch == 0 || o.connections == 0 || o.events == 0) {
    std::fprintf(stderr, "--batch, --connections and --events must be positive\n");
    return 2;
  }
  try {
    return Run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vigil-http-load: %s\n", e.what());
    return 1;
  }
}
