// EventParserTest: the GoogleTest fixture of the EventParser tests
// (event_parser_test.cc, free_form_json_test.cc): a parser, options with a
// fixed receive time and a seeded id generator, and helpers that parse one
// event and return it or the message of its error. Test-only.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/event_parser.h"
#include "core/ulid.h"

namespace vigil {

// Not in an anonymous namespace: GoogleTest requires one fixture type for the
// suite, whose tests are spread over two files.
class EventParserTest : public ::testing::Test {
 protected:
  static constexpr int64_t kReceiveMs = 1'700'000'000'000;  // 2023-11-14T22:13:20.000Z

  ParseOptions Options() {
    ParseOptions o;
    o.receive_time_ms = kReceiveMs;
    o.ids = &ids_;
    return o;
  }

  ParseOptions StoredOptions() {
    ParseOptions o = Options();
    o.ids = nullptr;
    o.stored_form = true;
    return o;
  }

  Event MustParse(std::string_view json) { return MustParse(json, Options()); }

  Event MustParse(std::string_view json, const ParseOptions& options) {
    Result<Event> r = parser_.Parse(json, options);
    EXPECT_TRUE(r.ok()) << json << "\n  → " << r.status().ToString();
    return r.ok() ? *r : Event{};
  }

  // The message of the error that parsing json must give.
  std::string ErrorOf(std::string_view json) { return ErrorOf(json, Options()); }

  std::string ErrorOf(std::string_view json, const ParseOptions& options,
                      std::string_view where = {}) {
    Result<Event> r = parser_.Parse(json, options, where);
    if (r.ok()) {
      ADD_FAILURE() << "accepted: " << json;
      return "<accepted>";
    }
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
    return r.status().message();
  }

  // A valid event holding `members` besides a tenant and an action.
  static std::string With(std::string_view members) {
    std::string json = R"({"tenant":"acme","action":"app.create")";
    if (!members.empty()) {
      json += ',';
      json += members;
    }
    json += '}';
    return json;
  }

  ManualClock clock_{kReceiveMs};
  UlidGenerator ids_{&clock_, 42};
  EventParser parser_;
};

}  // namespace vigil
