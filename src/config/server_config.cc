#include "config/server_config.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "config/setting_values.h"
#include "core/ascii.h"

namespace vigil::config {
namespace {

Status CheckReadableFile(std::string_view setting, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    int err = errno;
    if (err == ENOENT)
      return Status::InvalidArgument(fmt::format("{}: no such file '{}'", setting, path));
    return Status::InvalidArgument(
        fmt::format("{}: cannot read '{}': {}", setting, path, std::strerror(err)));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::InvalidArgument(fmt::format("{}: '{}' is not a regular file", setting, path));
  }
  if (::access(path.c_str(), R_OK) != 0) {
    return Status::InvalidArgument(
        fmt::format("{}: cannot read '{}': {}", setting, path, std::strerror(errno)));
  }
  return Status::Ok();
}

Status CheckPositive(std::string_view setting, std::chrono::milliseconds d) {
  if (d.count() > 0) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("{}: must be longer than 0 (got {})", setting, FormatDuration(d)));
}

Status CheckNotShorterThanWindow(std::string_view what, std::chrono::milliseconds delete_after,
                                 std::chrono::milliseconds window) {
  if (delete_after >= window) return Status::Ok();
  return Status::InvalidArgument(fmt::format(
      "{}: {} is shorter than the online window ({}); events would be deleted while default "
      "reads still show them",
      what, FormatDuration(delete_after), FormatDuration(window)));
}

Status CheckRate(std::string_view setting, const RateLimitSetting& r) {
  if (std::isfinite(r.per_second) && r.per_second >= 0) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("{}: must be a number >= 0 (got {})", setting, r.per_second));
}

}  // namespace

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

Result<LogLevel> ParseLogLevel(std::string_view text) {
  std::string s(text);
  ToLowerAscii(&s);
  if (s == "debug") return LogLevel::kDebug;
  if (s == "info") return LogLevel::kInfo;
  if (s == "warn" || s == "warning") return LogLevel::kWarn;
  if (s == "error") return LogLevel::kError;
  return Status::InvalidArgument(fmt::format(
      "bad log level '{}' (expected debug, info, warn or error)", EscapeControlBytes(text)));
}

double RateLimitSetting::EffectiveBurst() const {
  if (burst > 0) return static_cast<double>(burst);
  return std::max(1.0, 2 * per_second);
}

namespace {

// retention_delete_after(_tenants): 0 or at least the online window.
Status CheckDeleteAfter(const ServerConfig& c) {
  const auto& retention_online = c.retention_online;
  const auto& retention_delete_after = c.retention_delete_after;
  const auto& retention_delete_after_tenants = c.retention_delete_after_tenants;
  auto window = [&](const std::string& tenant) {
    auto it = c.retention_online_tenants.find(tenant);
    return it == c.retention_online_tenants.end() ? retention_online : it->second;
  };
  if (retention_delete_after.count() < 0) {
    return Status::InvalidArgument("retention_delete_after: must not be negative");
  }
  if (retention_delete_after.count() > 0) {
    RETURN_IF_ERROR(CheckNotShorterThanWindow("retention_delete_after", retention_delete_after,
                                              retention_online));
  }
  for (const auto& [tenant, age] : retention_delete_after_tenants) {
    const std::string what = fmt::format("retention_delete_after_tenants: {}", tenant);
    RETURN_IF_ERROR(CheckPositive(what, age));
    RETURN_IF_ERROR(CheckNotShorterThanWindow(what, age, window(tenant)));
  }
  return Status::Ok();
}

}  // namespace

Status ServerConfig::Validate() const {
  if (data_dir.empty()) return Status::InvalidArgument("data: must not be empty");
  if (tls_cert.empty() != tls_key.empty()) {
    return Status::InvalidArgument(fmt::format(
        "{} is set ('{}') but {} is not: set both for HTTPS, or neither for plain HTTP",
        tls_cert.empty() ? "tls_key" : "tls_cert", tls_cert.empty() ? tls_key : tls_cert,
        tls_cert.empty() ? "tls_cert" : "tls_key"));
  }
  if (!tls_cert.empty()) {
    RETURN_IF_ERROR(CheckReadableFile("tls_cert", tls_cert));
    RETURN_IF_ERROR(CheckReadableFile("tls_key", tls_key));
  }
  if (max_body_bytes == 0)
    return Status::InvalidArgument("max_body: must be larger than 0 (got 0B)");
  if (max_decoded_body_bytes < max_body_bytes) {
    return Status::InvalidArgument(
        fmt::format("max_decoded_body: must be at least max_body ({}) (got {})",
                    FormatByteSize(max_body_bytes), FormatByteSize(max_decoded_body_bytes)));
  }
  if (max_header_bytes < 1024) {
    return Status::InvalidArgument(fmt::format("max_header: must be at least 1KiB (got {})",
                                               FormatByteSize(max_header_bytes)));
  }
  if (max_connections == 0) {
    return Status::InvalidArgument("max_connections: must be at least 1 (got 0)");
  }
  RETURN_IF_ERROR(CheckPositive("header_timeout", header_timeout));
  RETURN_IF_ERROR(CheckPositive("body_timeout", body_timeout));
  RETURN_IF_ERROR(CheckPositive("idle_timeout", idle_timeout));
  RETURN_IF_ERROR(CheckPositive("write_timeout", write_timeout));
  RETURN_IF_ERROR(CheckPositive("checkpoint_interval", checkpoint_interval));
  RETURN_IF_ERROR(CheckPositive("retention_online", retention_online));
  RETURN_IF_ERROR(CheckDeleteAfter(*this));
  RETURN_IF_ERROR(CheckRate("rate_ingest", ingest_rate));
  RETURN_IF_ERROR(CheckRate("rate_read", read_rate));
  return Status::Ok();
}

}  // namespace vigil::config
