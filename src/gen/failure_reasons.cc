#include "gen/failure_reasons.h"

#include <iterator>

namespace vigil::gen {
namespace {

constexpr Failure kLoginFailures[] = {
    {"invalid password", "INVALID_CREDENTIALS", 401},
    {"invalid password", "INVALID_CREDENTIALS", 401},
    {"unknown email address", "INVALID_CREDENTIALS", 401},
    {"two-factor code expired", "MFA_FAILED", 401},
    {"account locked after 5 failed attempts", "ACCOUNT_LOCKED", 423},
    {"SSO assertion rejected: audience mismatch", "SSO_FAILED", 401},
};

constexpr Failure kExecuteFailures[] = {
    {"query timed out after 10000 ms", "QUERY_TIMEOUT", 504},
    {"connection refused by data source", "DATASOURCE_UNAVAILABLE", 502},
    {"syntax error at or near \"FROM\"", "QUERY_FAILED", 400},
    {"relation \"orders_archive\" does not exist", "QUERY_FAILED", 400},
    {"upstream returned 503 Service Unavailable", "UPSTREAM_ERROR", 502},
    {"permission denied", "PERMISSION_DENIED", 403},
};

constexpr Failure kSendFailures[] = {
    {"mailbox does not exist", "BOUNCED", 0},
    {"recipient server rejected the message", "REJECTED", 0},
    {"mailbox full", "DEFERRED", 0},
    {"invalid phone number", "INVALID_RECIPIENT", 0},
};

constexpr Failure kOtherFailures[] = {
    {"permission denied", "PERMISSION_DENIED", 403},
    {"permission denied", "PERMISSION_DENIED", 403},
    {"validation failed: name already in use", "VALIDATION_FAILED", 422},
    {"resource not found", "NOT_FOUND", 404},
    {"conflict: modified by another user", "CONFLICT", 409},
    {"rate limit exceeded", "RATE_LIMITED", 429},
    {"internal server error", "INTERNAL", 500},
    {"request timed out after 30000 ms", "TIMEOUT", 504},
    {"file larger than 50 MB", "PAYLOAD_TOO_LARGE", 413},
};

constexpr Failure kAccountDisabled = {"account disabled", "ACCOUNT_DISABLED", 403};

template <size_t N>
const Failure& Draw(const Failure (&failures)[N], SplitMix64& rng) {
  return failures[rng.Below(N)];
}

}  // namespace

const Failure& DrawFailure(std::string_view operation, SplitMix64& rng) {
  if (operation == "login") return Draw(kLoginFailures, rng);
  if (operation == "execute" || operation == "start") return Draw(kExecuteFailures, rng);
  if (operation == "send") return Draw(kSendFailures, rng);
  return Draw(kOtherFailures, rng);
}

const Failure& AccountDisabledFailure() { return kAccountDisabled; }

}  // namespace vigil::gen
