#include "api/self_audit.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/event_json.h"
#include "core/event_parser.h"
#include "ledger/seal.h"

namespace vigil::api {
namespace {

// An audit event must hash the same once re-read from its stored form (WAL
// replay): its metadata is canonical whatever order the record listed it in.
TEST(MakeAuditEventTest, MetadataIsCanonicalSoTheLeafSurvivesRereading) {
  ManualClock clock(1'700'000'000'000);
  UlidGenerator ids(&clock, 7);
  Event e = MakeAuditEvent({.tenant = "acme",
                            .action = "audit.view",
                            .operation = "view",
                            .description = "Viewed",
                            .metadata_json = R"({"rows":3,"query":"a b","filters":{"z":1,"a":2}})"},
                           clock, ids);
  EXPECT_EQ(e.metadata_json, R"({"filters":{"a":2,"z":1},"query":"a b","rows":3})");
  EventParser parser;
  ParseOptions stored;
  stored.stored_form = true;
  Result<Event> back = parser.Parse(CanonicalEvent(e), stored);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(CanonicalEvent(*back), CanonicalEvent(e));
  EXPECT_EQ(*ledger::EventLeafHash(*back), *ledger::EventLeafHash(e));
}

TEST(MakeAuditEventTest, InvalidMetadataIsReplacedNotStored) {
  ManualClock clock(1'700'000'000'000);
  UlidGenerator ids(&clock, 7);
  Event e = MakeAuditEvent({.tenant = "acme", .action = "audit.view", .metadata_json = "{oops"},
                           clock, ids);
  EXPECT_EQ(e.metadata_json,
            R"({"metadata_error":"the server wrote invalid metadata for this record"})");
  EXPECT_TRUE(
      MakeAuditEvent({.tenant = "acme", .action = "audit.view"}, clock, ids).metadata_json.empty());
}

}  // namespace
}  // namespace vigil::api
