#include "store/filter_matcher.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

namespace vigil {
namespace {

Event Sample() {
  Event e;
  e.id = "01JABC";
  e.tenant = "org_1";
  e.environment = "staging";
  e.workspace = {"ws_1", "Marketing"};
  e.action = "app.page.update";
  e.category = "App management";
  e.operation = "update";
  e.status = EventStatus::kError;
  e.actor = {"u_7", "Ada Lovelace", "Ada@Example.com", "user", "admin", "active"};
  e.target = {"app", "app_9", "Sales dashboard", {"folder", "f_2", "Reports"}};
  e.resources = {{"flow", "flow_3", "Nightly sync"}};
  e.context.ip = "203.0.113.77";
  e.context.method = "PUT";
  e.context.path = "/api/apps/app_9";
  e.context.duration_ms = 1500;
  e.context.request_id = "req-55";
  e.description = "Ada renamed app \"Sales\" to \"Sales dashboard\"";
  e.metadata_json = R"({"plan":"enterprise","seats":25,"tags":["Quarterly Review"]})";
  e.geo.country = "DE";
  e.time_ms = 1000;
  return e;
}

bool Match(const Filter& f, const Event& e = Sample()) {
  FilterMatcher m(f);
  return m.Matches(e);
}

Filter Exact(FilterField field, std::string v) {
  return FilterNode::Term(field, {FilterValue::Exact(std::move(v))});
}

Filter Phrase(std::vector<std::string> tokens, bool prefix = false) {
  FilterValue v;
  v.kind = FilterValue::Kind::kPhrase;
  v.tokens = std::move(tokens);
  v.last_token_is_prefix = prefix;
  return FilterNode::Term(FilterField::kText, {v});
}

TEST(FilterMatcherTest, EveryKeywordField) {
  EXPECT_TRUE(Match(FilterNode::All()));
  EXPECT_TRUE(Match(Exact(FilterField::kId, "01JABC")));
  EXPECT_TRUE(Match(Exact(FilterField::kTenant, "org_1")));
  EXPECT_FALSE(Match(Exact(FilterField::kTenant, "org_2")));
  EXPECT_TRUE(Match(Exact(FilterField::kEnvironment, "staging")));
  EXPECT_TRUE(Match(Exact(FilterField::kWorkspace, "ws_1")));
  EXPECT_TRUE(Match(Exact(FilterField::kWorkspace, "Marketing")));
  EXPECT_TRUE(Match(Exact(FilterField::kAction, "app.page.update")));
  EXPECT_FALSE(Match(Exact(FilterField::kAction, "app.page")));
  EXPECT_TRUE(Match(FilterNode::Term(FilterField::kAction, {FilterValue::Prefix("app.")})));
  EXPECT_TRUE(Match(Exact(FilterField::kCategory, "App management")));
  EXPECT_TRUE(Match(Exact(FilterField::kOperation, "update")));
  EXPECT_TRUE(Match(Exact(FilterField::kStatus, "error")));
  EXPECT_FALSE(Match(Exact(FilterField::kStatus, "success")));
  EXPECT_TRUE(Match(Exact(FilterField::kActor, "u_7")));
  EXPECT_TRUE(Match(Exact(FilterField::kActor, "ada@example.com")));  // email: any case
  EXPECT_TRUE(Match(Exact(FilterField::kActor, "Ada Lovelace")));
  EXPECT_FALSE(Match(Exact(FilterField::kActor, "ada lovelace")));  // names: exact
  EXPECT_TRUE(Match(Exact(FilterField::kActorRole, "admin")));
  EXPECT_TRUE(Match(Exact(FilterField::kActorType, "user")));
  EXPECT_TRUE(Match(Exact(FilterField::kActorStatus, "active")));
  EXPECT_FALSE(Match(Exact(FilterField::kActorStatus, "disabled")));
  EXPECT_FALSE(Match(Exact(FilterField::kActorStatus, "Active")));  // as stored
  EXPECT_TRUE(Match(Exact(FilterField::kTarget, "app_9")));
  EXPECT_FALSE(Match(Exact(FilterField::kTarget, "f_2")));
  EXPECT_TRUE(Match(Exact(FilterField::kTargetType, "app")));
  EXPECT_TRUE(Match(Exact(FilterField::kResource, "app_9")));
  EXPECT_TRUE(Match(Exact(FilterField::kResource, "f_2")));
  EXPECT_TRUE(Match(Exact(FilterField::kResource, "flow_3")));
  EXPECT_TRUE(Match(Exact(FilterField::kMethod, "PUT")));
  EXPECT_TRUE(Match(FilterNode::Term(FilterField::kPath, {FilterValue::Prefix("/api/apps/")})));
  EXPECT_TRUE(Match(Exact(FilterField::kIp, "203.0.113.77")));
  EXPECT_TRUE(Match(Exact(FilterField::kCountry, "DE")));
}

TEST(FilterMatcherTest, AbsentFieldsNeverMatchAPositiveTerm) {
  Event e = Sample();
  e.actor.role.clear();
  e.actor.status.clear();
  e.context.duration_ms.reset();
  EXPECT_FALSE(Match(FilterNode::Term(FilterField::kActorStatus, {FilterValue::Prefix("")}), e));
  EXPECT_FALSE(Match(FilterNode::Term(FilterField::kActorRole, {FilterValue::Prefix("")}), e));
  EXPECT_FALSE(Match(FilterNode::Term(FilterField::kDuration, {FilterValue::Range(0, 1e12)}), e));
  EXPECT_TRUE(Match(FilterNode::Not(Exact(FilterField::kActorRole, "admin")), e));
}

TEST(FilterMatcherTest, RangesAndCidr) {
  FilterValue gt = FilterValue::Range(1000, std::numeric_limits<double>::infinity());
  gt.lo_inclusive = false;
  EXPECT_TRUE(Match(FilterNode::Term(FilterField::kDuration, {gt})));
  gt.lo = 1500;
  EXPECT_FALSE(Match(FilterNode::Term(FilterField::kDuration, {gt})));
  EXPECT_TRUE(Match(FilterNode::Term(FilterField::kTime, {FilterValue::Range(1000, 1001)})));
  EXPECT_FALSE(Match(FilterNode::Term(FilterField::kTime, {FilterValue::Range(0, 1000)})));

  FilterValue cidr;
  cidr.kind = FilterValue::Kind::kCidr;
  cidr.family = 4;
  ASSERT_EQ(inet_pton(AF_INET, "203.0.113.0", cidr.address.data()), 1);
  cidr.prefix_bits = 24;
  EXPECT_TRUE(Match(FilterNode::Term(FilterField::kIp, {cidr})));
  cidr.prefix_bits = 32;
  EXPECT_FALSE(Match(FilterNode::Term(FilterField::kIp, {cidr})));
  Event v6 = Sample();
  v6.context.ip = "2001:db8::1";
  FilterValue c6;
  c6.kind = FilterValue::Kind::kCidr;
  c6.family = 6;
  ASSERT_EQ(inet_pton(AF_INET6, "2001:db8::", c6.address.data()), 1);
  c6.prefix_bits = 32;
  EXPECT_TRUE(Match(FilterNode::Term(FilterField::kIp, {c6}), v6));
  EXPECT_FALSE(Match(FilterNode::Term(FilterField::kIp, {c6})));  // v4 never in a v6 block
}

TEST(FilterMatcherTest, FullTextWordsPhrasesAndPrefixes) {
  EXPECT_TRUE(Match(Phrase({"renamed"})));
  EXPECT_TRUE(Match(Phrase({"sales", "dashboard"})));
  EXPECT_FALSE(Match(Phrase({"dashboard", "sales"})));
  EXPECT_TRUE(Match(Phrase({"renam"}, true)));
  EXPECT_FALSE(Match(Phrase({"renam"})));
  EXPECT_TRUE(Match(Phrase({"nightly", "sync"})));        // resource name
  EXPECT_TRUE(Match(Phrase({"reports"})));                // target.parent.name
  EXPECT_TRUE(Match(Phrase({"enterprise"})));             // metadata value
  EXPECT_TRUE(Match(Phrase({"quarterly", "review"})));    // metadata array value
  EXPECT_TRUE(Match(Phrase({"25"})));                     // metadata number
  EXPECT_FALSE(Match(Phrase({"plan"})));                  // metadata keys are not text
  EXPECT_TRUE(Match(Phrase({"ada", "example", "com"})));  // email tokens
  EXPECT_TRUE(Match(Phrase({"req", "55"})));
  EXPECT_FALSE(Match(Phrase({"put"})));  // method is not full text
}

TEST(FilterMatcherTest, BooleanStructure) {
  Filter a = Exact(FilterField::kStatus, "error");
  Filter b = Exact(FilterField::kTenant, "org_2");
  EXPECT_FALSE(Match(FilterNode::And({a, b})));
  EXPECT_TRUE(Match(FilterNode::Or({a, b})));
  EXPECT_TRUE(Match(FilterNode::And({a, FilterNode::Not(b)})));
  EXPECT_TRUE(Match(FilterNode::Term(FilterField::kMethod,
                                     {FilterValue::Exact("GET"), FilterValue::Exact("PUT")})));
}

TEST(FilterMatcherTest, TimeBoundsForPruning) {
  Filter t1 = FilterNode::Term(FilterField::kTime, {FilterValue::Range(100, 200)});
  Filter t2 = FilterNode::Term(FilterField::kTime, {FilterValue::Range(150, 300)});
  TimeRange and_r = TimeBoundsOf(FilterNode::And({t1, t2}));
  EXPECT_EQ(and_r.from_ms, 150);
  EXPECT_EQ(and_r.to_ms, 200);
  TimeRange or_r = TimeBoundsOf(FilterNode::Or({t1, t2}));
  EXPECT_EQ(or_r.from_ms, 100);
  EXPECT_EQ(or_r.to_ms, 300);
  EXPECT_EQ(TimeBoundsOf(FilterNode::Not(t1)).from_ms, TimeRange().from_ms);
  EXPECT_EQ(TimeBoundsOf(FilterNode::Or({t1, Exact(FilterField::kTenant, "x")})).to_ms,
            TimeRange().to_ms);
}

}  // namespace
}  // namespace vigil
