#include "api/http/api_error.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(ApiErrorTest, BodyHasStatusCodeAndMessage) {
  ApiError e(ApiErrorCode::kPayloadTooLarge, "body is larger than 16777216 bytes");
  EXPECT_EQ(e.http_status(), 413);
  EXPECT_EQ(e.ToJson(), R"({"error":{"status":413,"code":"payload_too_large",)"
                        R"("message":"body is larger than 16777216 bytes"}})");
}

TEST(ApiErrorTest, DetailsListPerEventErrors) {
  ApiError e(ApiErrorCode::kUnprocessableEntity, "2 of 5 events are invalid; nothing was stored");
  e.AddDetail(1, "events[1].action: missing").AddDetail(3, "events[3].actor.email: \"quoted\"");
  EXPECT_EQ(e.ToJson(), R"({"error":{"status":422,"code":"unprocessable_entity",)"
                        R"("message":"2 of 5 events are invalid; nothing was stored","details":[)"
                        R"({"index":1,"message":"events[1].action: missing"},)"
                        R"({"index":3,"message":"events[3].actor.email: \"quoted\""}]}})");
}

TEST(ApiErrorTest, EveryCodeHasItsStatusAndName) {
  struct Case {
    ApiErrorCode code;
    int status;
    std::string_view name;
  };
  const Case cases[] = {
      {ApiErrorCode::kBadRequest, 400, "bad_request"},
      {ApiErrorCode::kUnauthenticated, 401, "unauthenticated"},
      {ApiErrorCode::kForbidden, 403, "forbidden"},
      {ApiErrorCode::kNotFound, 404, "not_found"},
      {ApiErrorCode::kConflict, 409, "conflict"},
      {ApiErrorCode::kPayloadTooLarge, 413, "payload_too_large"},
      {ApiErrorCode::kUnsupportedMediaType, 415, "unsupported_media_type"},
      {ApiErrorCode::kUnprocessableEntity, 422, "unprocessable_entity"},
      {ApiErrorCode::kRateLimited, 429, "rate_limited"},
      {ApiErrorCode::kInternal, 500, "internal"},
      {ApiErrorCode::kUnavailable, 503, "unavailable"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(HttpStatusOf(c.code), c.status) << c.name;
    EXPECT_EQ(ApiErrorCodeName(c.code), c.name);
  }
}

TEST(ApiErrorTest, StatusMapsToHttpInOnePlace) {
  EXPECT_EQ(ApiError::FromStatus(Status::InvalidArgument("q: bad")).http_status(), 400);
  EXPECT_EQ(ApiError::FromStatus(Status::NotFound("evt_1")).http_status(), 404);
  EXPECT_EQ(ApiError::FromStatus(Status::Unauthenticated("no key")).http_status(), 401);
  EXPECT_EQ(ApiError::FromStatus(Status::PermissionDenied("scope")).http_status(), 403);
  EXPECT_EQ(ApiError::FromStatus(Status::FailedPrecondition("exists")).http_status(), 409);
  EXPECT_EQ(ApiError::FromStatus(Status::Unavailable("busy")).http_status(), 503);
  EXPECT_EQ(ApiError::FromStatus(Status::ResourceExhausted("queue full")).http_status(), 503);
  EXPECT_EQ(ApiError::FromStatus(Status::IOError("disk full")).http_status(), 503);
  EXPECT_EQ(ApiError::FromStatus(Status::Corruption("wal")).http_status(), 500);
  EXPECT_EQ(ApiError::FromStatus(Status::Internal("bug")).http_status(), 500);
  ApiError e = ApiError::FromStatus(Status::NotFound("event evt_1 not found"));
  EXPECT_EQ(e.message(), "event evt_1 not found");
}

TEST(ApiErrorTest, MessageIsEscaped) {
  ApiError e(ApiErrorCode::kBadRequest, "line 2: bad\nbyte \x01 and \\");
  EXPECT_EQ(e.ToJson(), R"({"error":{"status":400,"code":"bad_request",)"
                        R"("message":"line 2: bad\nbyte \u0001 and \\"}})");
}

}  // namespace
}  // namespace vigil::api
