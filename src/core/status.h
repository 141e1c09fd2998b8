// Status and Result<T>: how core, ingest and storage report failure.
//
// Codes are chosen so callers can tell apart what went wrong and what to do:
//   kInvalidArgument    the caller's input is bad (fix the input)
//   kNotFound           the thing asked for does not exist
//   kCorruption         stored bytes fail a checksum or a format rule (data is damaged)
//   kIOError            the operating system refused a read, write or sync
//   kResourceExhausted  a limit was hit (size, count, queue); retrying later may help
//   kFailedPrecondition the operation is not valid in the current state
//   kUnavailable        the component is shutting down, not yet open, or
//                       overloaded; retrying later may help
//   kUnauthenticated    no valid credentials were presented
//   kPermissionDenied   the credentials do not allow this
//   kInternal           a bug: an invariant did not hold
// Translation to HTTP codes and CLI exit codes happens in one place each
// (api/, cli/exit_code.h), never here.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace vigil {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kCorruption,
  kIOError,
  kResourceExhausted,
  kFailedPrecondition,
  kUnavailable,
  kUnauthenticated,
  kPermissionDenied,
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {StatusCode::kInvalidArgument, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status IOError(std::string msg) { return {StatusCode::kIOError, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) {
    return {StatusCode::kResourceExhausted, std::move(msg)};
  }
  static Status FailedPrecondition(std::string msg) {
    return {StatusCode::kFailedPrecondition, std::move(msg)};
  }
  static Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
  static Status Unauthenticated(std::string msg) {
    return {StatusCode::kUnauthenticated, std::move(msg)};
  }
  static Status PermissionDenied(std::string msg) {
    return {StatusCode::kPermissionDenied, std::move(msg)};
  }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  bool IsInvalidArgument() const { return code_ == StatusCode::kInvalidArgument; }
  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsCorruption() const { return code_ == StatusCode::kCorruption; }
  bool IsIOError() const { return code_ == StatusCode::kIOError; }

  // "Corruption: wal/000001.wal: bad checksum at offset 4096"; "OK" when ok.
  std::string ToString() const;

  // The same status with "prefix: " put before the message (no-op when ok).
  Status WithPrefix(std::string_view prefix) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a value or a non-OK Status (like absl::StatusOr).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok()) {
      v_ = Status::Internal("Result constructed from an OK status without a value");
    }
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(v_);
  }

  // Precondition: ok().
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<Status, T> v_;
};

}  // namespace vigil

#define VIGIL_STATUS_CONCAT_INNER(a, b) a##b
#define VIGIL_STATUS_CONCAT(a, b) VIGIL_STATUS_CONCAT_INNER(a, b)

// Evaluates expr (a Status); returns it from the enclosing function when not ok.
// (A unique name per expansion, so uses nested in lambdas do not shadow.)
#define RETURN_IF_ERROR(expr) \
  RETURN_IF_ERROR_IMPL(VIGIL_STATUS_CONCAT(vigil_status_, __COUNTER__), expr)
// `status`, `result` and `lhs` name variables or declarations, which
// parentheses would break.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define RETURN_IF_ERROR_IMPL(status, expr) \
  do {                                     \
    ::vigil::Status status = (expr);       \
    if (!status.ok()) return status;       \
  } while (0)

// ASSIGN_OR_RETURN(auto x, F()); evaluates F() (a Result<T>); on error returns
// its status, otherwise moves the value into the declaration.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(VIGIL_STATUS_CONCAT(vigil_result_, __COUNTER__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                          \
  if (!result.ok()) return result.status();      \
  lhs = std::move(result).value()
// NOLINTEND(bugprone-macro-parentheses)
