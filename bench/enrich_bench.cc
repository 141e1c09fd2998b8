// vigil-enrich-bench: the cost of each part of enrichment (issue 5), with
// Google Benchmark, on one thread (one benchmark also on two):
//   - UserAgentParser::Parse, uncached, over every agent `vigil gen` draws
//     (src/gen/user_agents.h) and over the real agents of
//     tests/enrich/user_agents.tsv, each cycled in turn;
//   - CachedUserAgentParser::Parse on one agent repeated (a hit every time),
//     alone and from two threads sharing the cache, and over `vigil gen`'s agents in the order its
//     events carry them (all fit in the cache: hits after the first pass);
//   - GeoLocator::Locate on the public IPv4 and IPv6 addresses of generated
//     events, and on the private ones (labeled without a lookup);
//   - DiffChanges on the `changes` of generated events;
//   - EventEnricher::Enrich on whole generated events (ua cache warm), as
//     `vigil serve` runs it (ua, geo, diff and the default catalog) and
//     without the catalog, and EventParser::Parse of the same events for
//     scale.
//
//   vigil-enrich-bench [--events=N] [--ua-tsv=FILE] [Google Benchmark flags]
//
// --events (default 20000) is how many events are generated (`vigil gen`
// defaults, seed 1) to draw agents, addresses, changes and whole events
// from; --ua-tsv defaults to the source tree's tests/enrich/user_agents.tsv.
// The regexes and databases are the build's defaults (node_modules). Each
// benchmark reports time per call; results are recorded in
// docs/benchmarks.md ("Enrichment").
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/event.h"
#include "core/event_parser.h"
#include "core/ulid.h"
#include "enrich/catalog_registry.h"
#include "enrich/geo_locator.h"
#include "enrich/json_diff.h"
#include "enrich/user_agent_cache.h"
#include "enrich/user_agent_parser.h"
#include "gen/parsed_events.h"
#include "gen/user_agents.h"
#include "ingest/event_enricher.h"

namespace {

using namespace vigil;

// Inputs drawn once from generated events, shared by every benchmark.
struct Inputs {
  std::vector<std::string> event_json;    // one JSON object per event
  std::vector<Event> events;              // the same, parsed
  std::vector<std::string> gen_agents;    // every agent gen::UserAgents() lists
  std::vector<std::string> event_agents;  // context.user_agent of each event that has one
  std::vector<std::string> real_agents;   // tests/enrich/user_agents.tsv
  std::vector<std::string> public_ipv4;   // context.ip, public
  std::vector<std::string> public_ipv6;
  std::vector<std::string> private_ips;  // context.ip, not public (labeled only)
  std::vector<std::string> changes;      // changes_json of each event that has changes
  std::shared_ptr<const enrich::UserAgentParser> ua_parser;
  std::unique_ptr<enrich::GeoLocator> geo;
  std::unique_ptr<EventEnricher> enricher;             // as `vigil serve`: ua, geo, diff, catalog
  std::unique_ptr<EventEnricher> enricher_no_catalog;  // ua, geo, diff
};

Inputs* g_inputs = nullptr;

[[noreturn]] void Die(const std::string& message) {
  fmt::print(stderr, "vigil-enrich-bench: {}\n", message);
  std::exit(1);
}

std::vector<std::string> ReadTsvAgents(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die(fmt::format("{}: cannot open (pass --ua-tsv=FILE)", path));
  std::vector<std::string> agents;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    // class<TAB>engine<TAB>webview<TAB>agent
    size_t start = 0;
    for (int column = 0; column < 3; ++column) {
      const size_t tab = line.find('\t', start);
      if (tab == std::string::npos) Die(fmt::format("{}: malformed line: {}", path, line));
      start = tab + 1;
    }
    agents.push_back(line.substr(start));
  }
  if (agents.empty()) Die(fmt::format("{}: no agents", path));
  return agents;
}

void Prepare(Inputs* in, uint64_t count, const std::string& ua_tsv) {
  GeneratorOptions gen;
  gen.end_ms = 1'790'000'000'000;
  gen.count = count;
  UlidGenerator ids(SystemClock::Get());
  ParsedEvents generated(gen, &ids);
  for (uint64_t i = 0; i < count; ++i) {
    Result<Event> e = generated.Get(i);
    if (!e.ok()) Die(e.status().ToString());
    const RequestContext& c = e->context;
    if (!c.user_agent.empty()) in->event_agents.push_back(c.user_agent);
    if (!c.ip.empty()) {
      const GeoLocation label = enrich::LabelAddress(c.ip);
      if (!label.label.empty()) {
        in->private_ips.push_back(c.ip);
      } else if (c.ip.find(':') != std::string::npos) {
        in->public_ipv6.push_back(c.ip);
      } else {
        in->public_ipv4.push_back(c.ip);
      }
    }
    if (!e->changes_json.empty()) in->changes.push_back(e->changes_json);
    in->event_json.push_back(generated.json());
    in->events.push_back(std::move(e).value());
  }
  for (const gen::UserAgent& a : gen::UserAgents()) in->gen_agents.emplace_back(a.text);
  in->real_agents = ReadTsvAgents(ua_tsv);

  Result<std::unique_ptr<enrich::UserAgentParser>> ua =
      enrich::UserAgentParser::Load(VIGIL_DEFAULT_UA_REGEXES);
  if (!ua.ok()) Die(ua.status().ToString());
  in->ua_parser = std::move(ua).value();
  Result<std::unique_ptr<enrich::GeoLocator>> geo =
      enrich::GeoLocator::Open(enrich::DefaultGeoDatabases());
  if (!geo.ok()) Die(geo.status().ToString());
  in->geo = std::move(geo).value();
  Result<EnricherOptions> settings = EnricherOptions::FromSettings("", "");
  if (!settings.ok()) Die(settings.status().ToString());
  EnricherOptions options = std::move(settings).value();
  Result<std::unique_ptr<EventEnricher>> enricher = EventEnricher::Create(options);
  if (!enricher.ok()) Die(enricher.status().ToString());
  in->enricher_no_catalog = std::move(enricher).value();
  Result<std::unique_ptr<enrich::CatalogRegistry>> catalogs =
      enrich::CatalogRegistry::InMemory("default");  // what a new data directory starts with
  if (!catalogs.ok()) Die(catalogs.status().ToString());
  options.catalog = std::move(catalogs).value();
  enricher = EventEnricher::Create(options);
  if (!enricher.ok()) Die(enricher.status().ToString());
  in->enricher = std::move(enricher).value();

  const auto share = [count](size_t n) { return 100.0 * double(n) / double(count); };
  fmt::print(stderr,
             "{} generated events: {:.1f}% with a user agent, {:.1f}% public IPv4, {:.1f}% public "
             "IPv6, {:.1f}% private IP, {:.1f}% with changes; {} agents in vigil gen's list, {} "
             "real agents; {} user-agent rules\n",
             count, share(in->event_agents.size()), share(in->public_ipv4.size()),
             share(in->public_ipv6.size()), share(in->private_ips.size()),
             share(in->changes.size()), in->gen_agents.size(), in->real_agents.size(),
             in->ua_parser->rule_count());
}

// Runs f on the items of `items` in turn, one per iteration.
template <typename F>
void Cycle(benchmark::State& state, const std::vector<std::string>& items, F f) {
  if (items.empty()) {
    state.SkipWithError("no inputs of this kind in the generated events");
    return;
  }
  size_t i = 0;
  for (auto _ : state) {
    f(items[i]);
    if (++i == items.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_UaParseUncached_GenAgents(benchmark::State& state) {
  Cycle(state, g_inputs->gen_agents,
        [](const std::string& a) { benchmark::DoNotOptimize(g_inputs->ua_parser->Parse(a)); });
}

void BM_UaParseUncached_RealAgents(benchmark::State& state) {
  Cycle(state, g_inputs->real_agents,
        [](const std::string& a) { benchmark::DoNotOptimize(g_inputs->ua_parser->Parse(a)); });
}

void BM_UaCachedHit_RepeatedAgent(benchmark::State& state) {
  enrich::CachedUserAgentParser cached(g_inputs->ua_parser);
  const std::string& agent = g_inputs->gen_agents.front();
  benchmark::DoNotOptimize(cached.Parse(agent));
  for (auto _ : state) benchmark::DoNotOptimize(cached.Parse(agent));
  state.SetItemsProcessed(state.iterations());
}

// The same with every benchmark thread sharing one cache: the server's
// connection threads on one agent contend for the same shard's mutex.
std::unique_ptr<enrich::CachedUserAgentParser> g_shared_cache;

void MakeSharedCache(const benchmark::State&) {
  g_shared_cache = std::make_unique<enrich::CachedUserAgentParser>(g_inputs->ua_parser);
  benchmark::DoNotOptimize(g_shared_cache->Parse(g_inputs->gen_agents.front()));
}

void DropSharedCache(const benchmark::State&) { g_shared_cache.reset(); }

void BM_UaCachedHit_RepeatedAgentShared(benchmark::State& state) {
  const std::string& agent = g_inputs->gen_agents.front();
  for (auto _ : state) benchmark::DoNotOptimize(g_shared_cache->Parse(agent));
  state.SetItemsProcessed(state.iterations());
}

void BM_UaCached_GenEventAgents(benchmark::State& state) {
  enrich::CachedUserAgentParser cached(g_inputs->ua_parser);
  Cycle(state, g_inputs->event_agents,
        [&cached](const std::string& a) { benchmark::DoNotOptimize(cached.Parse(a)); });
  const enrich::CachedUserAgentParser::Stats s = cached.stats();
  state.counters["hit%"] = 100.0 * double(s.hits) / double(s.hits + s.misses);
}

void BM_GeoLocate_PublicIpv4(benchmark::State& state) {
  Cycle(state, g_inputs->public_ipv4,
        [](const std::string& ip) { benchmark::DoNotOptimize(g_inputs->geo->Locate(ip)); });
}

void BM_GeoLocate_PublicIpv6(benchmark::State& state) {
  Cycle(state, g_inputs->public_ipv6,
        [](const std::string& ip) { benchmark::DoNotOptimize(g_inputs->geo->Locate(ip)); });
}

void BM_GeoLocate_PrivateIp(benchmark::State& state) {
  Cycle(state, g_inputs->private_ips,
        [](const std::string& ip) { benchmark::DoNotOptimize(g_inputs->geo->Locate(ip)); });
}

void BM_DiffChanges(benchmark::State& state) {
  size_t bytes = 0;
  for (const std::string& c : g_inputs->changes) bytes += c.size();
  Cycle(state, g_inputs->changes, [](const std::string& c) {
    Result<std::string> diff = enrich::DiffChanges(c);
    benchmark::DoNotOptimize(diff);
  });
  if (!g_inputs->changes.empty()) {
    state.counters["in_bytes"] = double(bytes) / double(g_inputs->changes.size());
  }
}

// Enrich over copies of the generated events, as the ingest path sees them
// (server fields empty); the copies are refreshed, untimed, after each pass.
void EnrichEvents(benchmark::State& state, const EventEnricher& enricher) {
  const std::vector<Event>& pristine = g_inputs->events;
  std::vector<Event> events = pristine;
  for (Event& e : events) {  // warm the ua cache: steady state of a running server
    if (!enricher.Enrich(&e).ok()) Die("Enrich failed");
  }
  events = pristine;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(enricher.Enrich(&events[i]));
    if (++i == events.size()) {
      state.PauseTiming();
      events = pristine;
      i = 0;
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_EnrichEvent(benchmark::State& state) { EnrichEvents(state, *g_inputs->enricher); }

void BM_EnrichEvent_NoCatalog(benchmark::State& state) {
  EnrichEvents(state, *g_inputs->enricher_no_catalog);
}

// For scale: what parsing and validating the same events costs.
void BM_ParseEvent(benchmark::State& state) {
  UlidGenerator ids(SystemClock::Get());
  EventParser parser;
  ParseOptions opts;
  opts.ids = &ids;
  opts.receive_time_ms = 1'790'000'000'000;
  Cycle(state, g_inputs->event_json, [&](const std::string& json) {
    Result<Event> e = parser.Parse(json, opts);
    benchmark::DoNotOptimize(e);
  });
}

BENCHMARK(BM_UaParseUncached_GenAgents);
BENCHMARK(BM_UaParseUncached_RealAgents);
BENCHMARK(BM_UaCachedHit_RepeatedAgent);
BENCHMARK(BM_UaCachedHit_RepeatedAgentShared)
    ->Setup(MakeSharedCache)
    ->Teardown(DropSharedCache)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(BM_UaCached_GenEventAgents);
BENCHMARK(BM_GeoLocate_PublicIpv4);
BENCHMARK(BM_GeoLocate_PublicIpv6);
BENCHMARK(BM_GeoLocate_PrivateIp);
BENCHMARK(BM_DiffChanges);
BENCHMARK(BM_EnrichEvent);
BENCHMARK(BM_EnrichEvent_NoCatalog);
BENCHMARK(BM_ParseEvent);

}  // namespace

int main(int argc, char** argv) {
  uint64_t events = 20000;
  std::string ua_tsv = VIGIL_SOURCE_DIR "/tests/enrich/user_agents.tsv";
  // Our flags first; the rest go to Google Benchmark.
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--events=")) {
      events = std::strtoull(argv[i] + 9, nullptr, 10);
      if (events == 0) Die("--events: expected a positive number");
    } else if (arg.starts_with("--ua-tsv=")) {
      ua_tsv = std::string(arg.substr(9));
    } else {
      rest.push_back(argv[i]);
    }
  }
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_argc, rest.data())) return 2;
  Inputs inputs;
  Prepare(&inputs, events, ua_tsv);
  g_inputs = &inputs;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  g_inputs = nullptr;
  return 0;
}
