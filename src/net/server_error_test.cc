#include "net/server_error.h"

#include <gtest/gtest.h>

namespace vigil::net {
namespace {

TEST(ServerErrorTest, BodyIsVigilJsonError) {
  EXPECT_EQ(ServerError::PayloadTooLarge(16777216).Body(),
            "{\"error\":{\"status\":413,\"code\":\"payload_too_large\","
            "\"message\":\"request body is larger than 16777216 bytes\"}}");
  EXPECT_EQ(ServerError::BadRequest("a \"quoted\"\nline").Body(),
            "{\"error\":{\"status\":400,\"code\":\"bad_request\","
            "\"message\":\"a \\\"quoted\\\"\\nline\"}}");
}

TEST(ServerErrorTest, ResponseClosesAndUnavailableSaysWhenToRetry) {
  const HttpResponse unavailable = ServerError::Unavailable("busy").ToResponse();
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(unavailable.headers.Find("Content-Type"), "application/json");
  EXPECT_EQ(unavailable.headers.Find("Retry-After"), "1");
  EXPECT_EQ(unavailable.headers.Find("Connection"), "close");
  const HttpResponse too_large = ServerError::HeadersTooLarge(10).ToResponse();
  EXPECT_EQ(too_large.status, 431);
  EXPECT_FALSE(too_large.headers.Find("Retry-After").has_value());
}

TEST(ServerErrorTest, WireFormIsACompleteResponse) {
  const ServerError error = ServerError::Unavailable("busy");
  const std::string body = error.Body();
  EXPECT_EQ(error.ToWire(),
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n\r\n" + body);
}

}  // namespace
}  // namespace vigil::net
