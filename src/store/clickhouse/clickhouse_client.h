// ClickHouseClient: statements over ClickHouse's HTTP interface
// (https://clickhouse.com/docs/en/interfaces/http), with keep-alive
// connections reused across calls.
//
// Statements are text the caller built from escaped literals (sql_text.h);
// inserts send their rows in the request body (RowBinary) with the INSERT
// statement in the URL. Works with Debian's clickhouse-server 18.16 and
// current releases.
//
// Thread-safe: each call takes an idle connection (or opens one) and gives it
// back when the response was read whole.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace vigil::clickhouse {

struct ClientOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8123;
  std::string user = "default";
  std::string password;
  std::string database = "default";  // the database statements run in
  // Connecting, sending and waiting for the response each; a statement
  // running longer fails with kUnavailable.
  std::chrono::milliseconds timeout{30'000};
  size_t max_idle_connections = 8;
  // Settings sent with every statement (URL parameters), e.g.
  // {"insert_distributed_sync", "1"}.
  std::vector<std::pair<std::string, std::string>> settings;
};

// host and port of "http://HOST:PORT" (port 8123 when absent; an IPv6 host
// in brackets). InvalidArgument naming clickhouse_url otherwise (https is
// not supported yet: use a TLS-terminating proxy on loopback).
Result<ClientOptions> ClientOptionsFromUrl(std::string_view url);

// Whether ClickHouse's error code (the "Code: N" of its error text) means
// "cannot be served now, retry later" rather than "this statement is wrong".
bool UnavailableCode(int code);

class ClickHouseClient {
 public:
  explicit ClickHouseClient(ClientOptions options);
  ~ClickHouseClient();
  ClickHouseClient(const ClickHouseClient&) = delete;
  ClickHouseClient& operator=(const ClickHouseClient&) = delete;

  const ClientOptions& options() const { return options_; }

  // Runs a statement and returns the whole response body (its result in the
  // FORMAT the statement names). kUnavailable when the server cannot be
  // reached or a timeout passes, or when ClickHouse answers with an error
  // that says so: another server (a shard) unreachable, a timeout, too many
  // queries or parts (UnavailableCode); kInternal with ClickHouse's own
  // message ("ClickHouse: Code: 62, … Syntax error …") when it refused the
  // statement.
  Result<std::string> Query(std::string_view sql);

  // INSERT … FORMAT X with `data` as the rows in format X. Returns after
  // ClickHouse answered 200 (the rows are in its parts). Errors as Query.
  Status Insert(std::string_view insert_sql, std::string_view data);

  // Runs a statement and hands its response body to `chunk` piece by piece
  // as it arrives (constant memory); stops early when chunk returns an error,
  // which is returned. A server error after the first bytes arrives as text
  // at the end of the body (ClickHouse's HTTP protocol); the caller's decoder
  // reports it.
  Status QueryStream(std::string_view sql, const std::function<Status(std::string_view)>& chunk);

 private:
  class Connection;
  // One request/response exchange, retried once on a fresh connection when a
  // reused idle one turned out to be closed by the server.
  Status Exchange(std::string_view target, std::string_view body,
                  const std::function<Status(std::string_view)>& chunk);
  std::string Target(std::string_view query_in_url) const;
  std::unique_ptr<Connection> TakeConnection();
  void GiveBack(std::unique_ptr<Connection> c);

  const ClientOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace vigil::clickhouse
