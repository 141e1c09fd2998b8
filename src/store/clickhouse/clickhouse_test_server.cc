#include "store/clickhouse/clickhouse_test_server.h"

#include <fmt/format.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

namespace vigil::clickhouse {
namespace {

namespace fs = std::filesystem;

// A loopback port free right now (the kernel's choice for port 0).
uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

constexpr const char* kConfig = R"(<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>{dir}/log/server.log</log><errorlog>{dir}/log/error.log</errorlog>
    <size>10M</size><count>1</count></logger>
  <http_port>{http}</http_port>
  <tcp_port>{tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>{dir}/data/</path>
  <tmp_path>{dir}/tmp/</tmp_path>
  <user_files_path>{dir}/user_files/</user_files_path>
  <format_schema_path>{dir}/format_schemas/</format_schema_path>
  <users_config>{dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>0</uncompressed_cache_size>
  {remote_servers}
</yandex>
)";

constexpr const char* kUsers = R"(<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
)";

}  // namespace

Result<std::unique_ptr<ClickHouseTestServer>> ClickHouseTestServer::Start(const std::string& dir) {
  ASSIGN_OR_RETURN(std::vector<std::unique_ptr<ClickHouseTestServer>> one,
                   StartCluster(dir, 1, ""));
  return std::move(one.front());
}

Result<std::vector<std::unique_ptr<ClickHouseTestServer>>> ClickHouseTestServer::StartCluster(
    const std::string& dir, int shards, const std::string& cluster) {
  std::vector<std::unique_ptr<ClickHouseTestServer>> servers;
  std::set<uint16_t> ports;
  for (int i = 0; i < shards; ++i) {
    std::unique_ptr<ClickHouseTestServer> s(new ClickHouseTestServer());
    s->dir_ = fs::absolute(shards == 1 ? dir : fmt::format("{}/shard{}", dir, i + 1)).string();
    s->http_port_ = FreePort();
    s->tcp_port_ = FreePort();
    if (s->http_port_ == 0 || s->tcp_port_ == 0 || !ports.insert(s->http_port_).second ||
        !ports.insert(s->tcp_port_).second) {
      return Status::Unavailable("no free loopback port for clickhouse-server");
    }
    servers.push_back(std::move(s));
  }
  std::string remote;
  if (!cluster.empty()) {
    remote = "<remote_servers><" + cluster + ">";
    for (const auto& s : servers) {
      remote += fmt::format(
          "<shard><replica><host>127.0.0.1</host><port>{}</port></replica></shard>", s->tcp_port_);
    }
    remote += "</" + cluster + "></remote_servers>";
  }
  if (shards > 1) fs::remove_all(dir);
  for (auto& s : servers) {
    fs::remove_all(s->dir_);
    for (const char* sub : {"log", "data", "tmp", "user_files", "format_schemas"}) {
      fs::create_directories(fs::path(s->dir_) / sub);
    }
    std::ofstream(fs::path(s->dir_) / "config.xml") << fmt::format(
        fmt::runtime(kConfig), fmt::arg("dir", s->dir_), fmt::arg("http", s->http_port_),
        fmt::arg("tcp", s->tcp_port_), fmt::arg("remote_servers", remote));
    std::ofstream(fs::path(s->dir_) / "users.xml") << kUsers;
  }
  for (auto& s : servers) RETURN_IF_ERROR(s->Launch());
  return servers;
}

Status ClickHouseTestServer::Launch() {
  const std::string config = "--config-file=" + dir_ + "/config.xml";
  const std::string out = dir_ + "/log/stdout";
  pid_ = ::fork();
  if (pid_ < 0) return Status::IOError("fork failed");
  if (pid_ == 0) {
    FILE* f = std::freopen(out.c_str(), "a", stdout);
    (void)f;
    ::dup2(::fileno(stdout), 2);
    ::execlp("clickhouse-server", "clickhouse-server", config.c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  ClickHouseClient client(Client("system"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    if (client.Query("SELECT 1").ok()) return Status::Ok();
    int st = 0;
    if (::waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      return Status::Unavailable(fmt::format(
          "clickhouse-server exited during start (status {}); see {}/log (is the Debian package "
          "clickhouse-server installed? ./dev.sh installs it)",
          st, dir_));
    }
    if (std::chrono::steady_clock::now() > deadline) {
      Stop(SIGKILL);
      return Status::Unavailable("clickhouse-server did not answer within 60 s; see " + dir_ +
                                 "/log");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

ClientOptions ClickHouseTestServer::Client(const std::string& database) const {
  ClientOptions o;
  o.host = "127.0.0.1";
  o.port = http_port_;
  o.database = database;
  return o;
}

void ClickHouseTestServer::Stop(int signal) {
  if (pid_ <= 0) return;
  ::kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int st = 0;
  while (::waitpid(pid_, &st, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &st, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
}

void ClickHouseTestServer::Kill() { Stop(SIGKILL); }

Status ClickHouseTestServer::Restart() {
  Stop(SIGTERM);
  return Launch();
}

ClickHouseTestServer::~ClickHouseTestServer() {
  Stop(SIGTERM);
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

}  // namespace vigil::clickhouse
