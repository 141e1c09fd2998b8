// ClickHouseTestServer: a real clickhouse-server (Debian's package) started
// for a test in a directory of its own, listening on loopback ports nobody
// else uses, and stopped (SIGTERM, then SIGKILL) when the object goes away.
// For tests only.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/clickhouse/clickhouse_client.h"

namespace vigil::clickhouse {

class ClickHouseTestServer {
 public:
  // Starts a server with its data under dir (created; removed by the
  // destructor) and waits until it answers (up to a minute).
  static Result<std::unique_ptr<ClickHouseTestServer>> Start(const std::string& dir);
  // `shards` servers (data under dir/shard1, …) whose configuration names
  // them all, one shard each, as the cluster `cluster` in <remote_servers>.
  static Result<std::vector<std::unique_ptr<ClickHouseTestServer>>> StartCluster(
      const std::string& dir, int shards, const std::string& cluster);
  ~ClickHouseTestServer();

  uint16_t http_port() const { return http_port_; }
  // Client options for this server and `database`.
  ClientOptions Client(const std::string& database) const;

  // Ends the server abruptly (SIGKILL) or stops it (SIGTERM); Restart starts
  // it again on the same ports and data.
  void Kill();
  Status Restart();

 private:
  ClickHouseTestServer() = default;
  Status Launch();
  void Stop(int signal);

  std::string dir_;
  uint16_t http_port_ = 0;
  uint16_t tcp_port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace vigil::clickhouse
