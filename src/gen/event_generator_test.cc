#include "gen/event_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/event_parser.h"
#include "core/timestamp.h"
#include "core/ulid.h"

namespace vigil {
namespace {

constexpr int64_t kEnd = 1767225600000;  // 2026-01-01T00:00:00Z

GeneratorOptions Options(uint64_t count, uint64_t seed = 1) {
  GeneratorOptions o;
  o.seed = seed;
  o.end_ms = kEnd;
  o.count = count;
  return o;
}

std::vector<std::string> Generate(const GeneratorOptions& options) {
  EventGenerator g(options);
  std::vector<std::string> lines(options.count);
  for (std::string& line : lines) g.Next(&line);
  return lines;
}

// A 20k-event run parsed with EventParser's default options, shared by the
// distribution tests.
class GeneratedRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    run_ = new Run;
    run_->lines = Generate(Options(20'000));
    ManualClock clock(kEnd + kMsPerMinute);
    UlidGenerator ids(&clock, 42);
    ParseOptions po;
    po.receive_time_ms = kEnd + kMsPerMinute;
    po.ids = &ids;
    EventParser parser;
    for (size_t i = 0; i < run_->lines.size(); ++i) {
      Result<Event> e = parser.Parse(run_->lines[i], po, "event " + std::to_string(i));
      if (!e.ok()) {
        run_->errors.push_back(e.status().ToString() + "\n  " + run_->lines[i]);
        continue;
      }
      run_->events.push_back(std::move(*e));
    }
  }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
  }

  struct Run {
    std::vector<std::string> lines;
    std::vector<Event> events;
    std::vector<std::string> errors;
  };
  static Run* run_;
};

GeneratedRun::Run* GeneratedRun::run_ = nullptr;

TEST(EventGeneratorTest, SameOptionsGiveIdenticalBytes) {
  const GeneratorOptions o = Options(3000, 7);
  EXPECT_EQ(Generate(o), Generate(o));
}

TEST(EventGeneratorTest, DifferentSeedsGiveDifferentEvents) {
  const std::vector<std::string> a = Generate(Options(500, 1));
  const std::vector<std::string> b = Generate(Options(500, 2));
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  EXPECT_EQ(same, 0u);
}

TEST(EventGeneratorTest, EventDependsOnlyOnItsIndex) {
  const GeneratorOptions o = Options(2000, 3);
  const std::vector<std::string> sequential = Generate(o);
  EventGenerator g(o);
  for (uint64_t i : {1999u, 0u, 1000u, 17u, 18u, 1u, 1234u}) {
    std::string line;
    g.Generate(i, &line);
    EXPECT_EQ(line, sequential[i]) << "index " << i;
  }
}

TEST(EventGeneratorTest, NextAppendsWithoutNewline) {
  EventGenerator g(Options(10));
  std::string out = "prefix";
  g.Next(&out);
  EXPECT_EQ(out.rfind("prefix{", 0), 0u);
  EXPECT_EQ(out.back(), '}');
  EXPECT_EQ(out.find('\n'), std::string::npos);
}

// FNV-1a: a hash with a fixed definition, unlike std::hash.
uint64_t Fnv1a(const std::vector<std::string>& lines) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (const std::string& line : lines) {
    for (unsigned char c : line) h = (h ^ c) * 0x100000001B3ULL;
    h = (h ^ '\n') * 0x100000001B3ULL;
  }
  return h;
}

TEST(EventGeneratorTest, GoldenChecksum) {
  // Pins the bytes of a small run, so that every machine and compiler makes
  // the same data set and a change to it is deliberate. Update the constant
  // (and say so in the change) when the generator's output changes on purpose.
  EXPECT_EQ(Fnv1a(Generate(Options(1000))), 0x9D6097D9D7033966ULL);
}

TEST(EventGeneratorTest, WithIdsAddsUniqueUlids) {
  GeneratorOptions o = Options(2000);
  o.with_ids = true;
  ManualClock clock(kEnd);
  UlidGenerator ids(&clock, 1);
  ParseOptions po;
  po.receive_time_ms = kEnd;
  po.ids = &ids;
  EventParser parser;
  EventGenerator g(o);
  std::set<std::string> seen;
  std::string previous;
  size_t ordered = 0;
  for (uint64_t i = 0; i < o.count; ++i) {
    std::string line;
    g.Next(&line);
    ASSERT_EQ(line.rfind("{\"id\":\"", 0), 0u) << line;
    Result<Event> e = parser.Parse(line, po);
    ASSERT_TRUE(e.ok()) << e.status().ToString() << "\n" << line;
    EXPECT_EQ(e->id.size(), 26u);
    EXPECT_TRUE(seen.insert(e->id).second) << e->id;
    ordered += previous <= e->id;
    previous = e->id;
  }
  EXPECT_GT(ordered, o.count * 95 / 100);  // ULIDs follow the times
}

TEST(EventGeneratorTest, ValidatesOptions) {
  EXPECT_TRUE(Options(10).Validate().ok());
  GeneratorOptions o = Options(10);
  o.tenants = 0;
  EXPECT_TRUE(o.Validate().IsInvalidArgument());
  EXPECT_NE(o.Validate().message().find("tenants"), std::string::npos);
  o = Options(0);
  EXPECT_TRUE(o.Validate().IsInvalidArgument());
  o = Options(10);
  o.end_ms = -1;
  EXPECT_TRUE(o.Validate().IsInvalidArgument());
  o = Options(10);
  o.span_ms = 0;
  EXPECT_TRUE(o.Validate().IsInvalidArgument());
  o = Options(10);
  o.error_per_mille = 1001;
  EXPECT_TRUE(o.Validate().IsInvalidArgument());
}

TEST(EventGeneratorTest, SpanReachingBefore1970IsClamped) {
  GeneratorOptions o = Options(200);
  o.end_ms = 10 * kMsPerDay;
  o.span_ms = 90 * kMsPerDay;
  EventGenerator g(o);
  EventParser parser;
  ManualClock clock(o.end_ms);
  UlidGenerator ids(&clock, 1);
  ParseOptions po;
  po.ids = &ids;
  for (uint64_t i = 0; i < o.count + 5; ++i) {  // a few past count too
    std::string line;
    g.Next(&line);
    Result<Event> e = parser.Parse(line, po);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    EXPECT_GE(e->time_ms, 0);
    EXPECT_LE(e->time_ms, o.end_ms);
  }
}

TEST_F(GeneratedRun, EveryEventParses) {
  for (size_t i = 0; i < std::min<size_t>(run_->errors.size(), 5); ++i) {
    ADD_FAILURE() << run_->errors[i];
  }
  EXPECT_EQ(run_->events.size(), run_->lines.size());
}

TEST_F(GeneratedRun, AverageSizeIsRealistic) {
  size_t bytes = 0;
  for (const std::string& line : run_->lines) bytes += line.size();
  const size_t average = bytes / run_->lines.size();
  EXPECT_GE(average, 500u);
  EXPECT_LE(average, 1000u);
  for (const std::string& line : run_->lines) {
    EXPECT_LT(line.size(), 4096u);
  }
}

TEST_F(GeneratedRun, ManyTenantsWithZipfActivity) {
  std::map<std::string, size_t> per_tenant;
  for (const Event& e : run_->events) {
    ++per_tenant[e.tenant];
    EXPECT_EQ(e.tenant.rfind("org_", 0), 0u) << e.tenant;
  }
  EXPECT_EQ(per_tenant.size(), 20u);
  std::vector<size_t> counts;
  for (const auto& [tenant, n] : per_tenant) counts.push_back(n);
  std::sort(counts.rbegin(), counts.rend());
  EXPECT_GT(counts[0], 5 * counts.back());
}

TEST_F(GeneratedRun, ErrorRateIsBetweenOneAndTenPercent) {
  size_t errors = 0, failed_logins = 0, failed_login_errors = 0;
  for (const Event& e : run_->events) {
    errors += e.status == EventStatus::kError;
    if (e.action.ends_with("login.failed")) {
      ++failed_logins;
      failed_login_errors += e.status == EventStatus::kError;
    }
    if (e.status == EventStatus::kError) {
      EXPECT_FALSE(e.description.empty());
    }
  }
  const size_t n = run_->events.size();
  EXPECT_GT(errors, n / 100);
  EXPECT_LT(errors, n / 10);
  EXPECT_GT(failed_logins, 0u);
  EXPECT_EQ(failed_login_errors, failed_logins);
}

TEST_F(GeneratedRun, FewMembersDoMostOfTheWork) {
  std::map<std::string, size_t> per_user;
  for (const Event& e : run_->events) {
    if (e.actor.type == "user") ++per_user[e.tenant + "/" + e.actor.id];
  }
  std::vector<size_t> counts;
  for (const auto& [user, n] : per_user) counts.push_back(n);
  std::sort(counts.rbegin(), counts.rend());
  ASSERT_GT(counts.size(), 100u);
  EXPECT_GT(counts[0], 10 * counts[counts.size() / 2]);
}

TEST_F(GeneratedRun, ActorsOfEveryKind) {
  std::map<std::string, size_t> types;
  std::set<std::string> roles, statuses;
  size_t anonymous = 0;
  for (const Event& e : run_->events) {
    if (e.actor.empty()) {
      ++anonymous;
      continue;
    }
    ++types[e.actor.type];
    if (!e.actor.role.empty()) roles.insert(e.actor.role);
    if (!e.actor.status.empty()) statuses.insert(e.actor.status);
    if (e.actor.type == "user") {
      EXPECT_NE(e.actor.email.find('@'), std::string::npos);
      EXPECT_FALSE(e.actor.name.empty());
    }
  }
  EXPECT_GT(types["user"], run_->events.size() * 8 / 10);
  EXPECT_GT(types["api_key"], 0u);
  EXPECT_GT(types["service"], 0u);
  EXPECT_GT(anonymous, 0u);
  EXPECT_TRUE(roles.contains("owner"));
  EXPECT_TRUE(roles.contains("admin"));
  EXPECT_TRUE(statuses.contains("active"));
  EXPECT_TRUE(statuses.contains("disabled"));
}

TEST(EventGeneratorTest, SystemActorsStartServers) {
  // server.startup is rare: look further than the shared run.
  GeneratorOptions o = Options(200'000);
  o.tenants = 5;  // every flavour, Lowcoder among them
  EventGenerator g(o);
  std::string line;
  bool found = false;
  for (uint64_t i = 0; i < o.count && !found; ++i) {
    line.clear();
    g.Next(&line);
    found = line.find("\"action\":\"server.startup\"") != std::string::npos;
  }
  ASSERT_TRUE(found);
  EXPECT_NE(line.find("\"type\":\"system\""), std::string::npos) << line;
}

TEST_F(GeneratedRun, AddressesOfBothFamilies) {
  size_t v4 = 0, v6 = 0, agents = 0;
  std::set<std::string> distinct_agents;
  for (const Event& e : run_->events) {
    ASSERT_FALSE(e.context.ip.empty());
    if (e.context.ip.find(':') != std::string::npos) {
      ++v6;
    } else {
      ++v4;
    }
    if (!e.context.user_agent.empty()) {
      ++agents;
      distinct_agents.insert(e.context.user_agent);
    }
  }
  EXPECT_GT(v4, run_->events.size() / 2);
  EXPECT_GT(v6, run_->events.size() / 20);
  EXPECT_GT(agents, run_->events.size() / 2);
  EXPECT_GT(distinct_agents.size(), 25u);
}

TEST_F(GeneratedRun, UpdatesCarryChanges) {
  size_t updates = 0, with_changes = 0, nested = 0;
  for (const Event& e : run_->events) {
    if (e.operation != "update") continue;
    ++updates;
    if (!e.changes_json.empty()) {
      ++with_changes;
      EXPECT_EQ(e.changes_json.rfind("{\"before\":{", 0), 0u) << e.changes_json;
      nested += e.changes_json.find(":{", 12) != std::string::npos ||
                e.changes_json.find('[') != std::string::npos;
    }
  }
  ASSERT_GT(updates, 500u);
  EXPECT_GT(with_changes, updates / 2);
  EXPECT_GT(nested, 0u);
}

TEST_F(GeneratedRun, ContextAndMetadataAreFilled) {
  size_t metadata = 0, resources = 0, parents = 0, durations = 0, slow = 0;
  std::set<std::string> environments, methods;
  for (const Event& e : run_->events) {
    metadata += !e.metadata_json.empty();
    resources += !e.resources.empty();
    parents += !e.target.parent.empty();
    environments.insert(e.environment);
    if (!e.context.method.empty()) {
      methods.insert(e.context.method);
      EXPECT_EQ(e.context.path.front(), '/');
    }
    if (e.context.duration_ms) {
      ++durations;
      slow += *e.context.duration_ms > 2000;
    }
  }
  const size_t n = run_->events.size();
  EXPECT_GT(metadata, n / 3);
  EXPECT_GT(resources, n / 20);
  EXPECT_GT(parents, n / 20);
  EXPECT_GT(durations, n / 3);
  EXPECT_GT(slow, 0u);
  EXPECT_LT(slow, durations / 10);
  EXPECT_EQ(environments, (std::set<std::string>{"development", "production", "staging"}));
  EXPECT_EQ(methods, (std::set<std::string>{"DELETE", "GET", "PATCH", "POST", "PUT"}));
}

TEST_F(GeneratedRun, TimesFillTheSpanMostlyInOrder) {
  const int64_t start = kEnd - 90 * kMsPerDay;
  size_t in_order = 0;
  size_t weekday_work = 0, weekend_night = 0;
  for (size_t i = 0; i < run_->events.size(); ++i) {
    const int64_t t = run_->events[i].time_ms;
    ASSERT_GE(t, start);
    ASSERT_LE(t, kEnd);
    if (i > 0) in_order += run_->events[i - 1].time_ms <= t;
    const int64_t day = t / kMsPerDay;
    const int64_t hour = t % kMsPerDay / kMsPerHour;
    const int64_t weekday = (day + 3) % 7;  // Monday 0
    if (weekday < 5 && hour >= 9 && hour < 17) ++weekday_work;
    if (weekday >= 5 && (hour < 6 || hour >= 22)) ++weekend_night;
  }
  EXPECT_GT(in_order, run_->events.size() * 95 / 100);
  // The first and last events sit near the ends of the span.
  EXPECT_LT(run_->events.front().time_ms - start, 2 * kMsPerDay);
  EXPECT_LT(kEnd - run_->events.back().time_ms, 2 * kMsPerDay);
  // 8 of 168 weekly hours are weekend nights, 40 are weekday working hours.
  EXPECT_GT(weekday_work, 20 * weekend_night);
}

TEST_F(GeneratedRun, ActionsOfEveryFlavour) {
  std::set<std::string> actions;
  for (const Event& e : run_->events) actions.insert(e.action);
  for (const char* a :
       {"app.view", "query.execute", "data_query.run", "flow.start", "user.login.failed",
        "app.page.update", "dataSource.entry.create", "app.workflow.run", "document.upload"}) {
    EXPECT_TRUE(actions.contains(a)) << a;
  }
  EXPECT_GT(actions.size(), 100u);
}

}  // namespace
}  // namespace vigil
