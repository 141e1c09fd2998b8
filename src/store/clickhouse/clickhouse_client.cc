#include "store/clickhouse/clickhouse_client.h"

#include <fmt/format.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cstdlib>
#include <utility>

namespace vigil::clickhouse {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kChunkBytes = 64 << 10;
constexpr size_t kErrorBodyBytes = 4096;  // of an error response kept for the message

std::string Encode(std::string_view s) {
  return boost::urls::encode(s, boost::urls::unreserved_chars);
}

}  // namespace

// A keep-alive connection. Every operation runs asynchronously on the
// connection's own io_context under beast's per-operation deadline, so a
// stuck server ends in a timeout instead of a hang.
class ClickHouseClient::Connection {
 public:
  explicit Connection(std::chrono::milliseconds timeout) : timeout_(timeout) {}

  beast::error_code Connect(const std::string& host, uint16_t port) {
    beast::error_code result;
    tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(host, std::to_string(port), result);
    if (result) return result;
    stream_.expires_after(timeout_);
    stream_.async_connect(endpoints,
                          [&](beast::error_code ec, const tcp::endpoint&) { result = ec; });
    Run();
    if (!result) stream_.socket().set_option(tcp::no_delay(true), result);
    return result;
  }

  beast::error_code Write(http::request<http::string_body>& req) {
    beast::error_code result;
    stream_.expires_after(timeout_);
    http::async_write(stream_, req, [&](beast::error_code ec, size_t) { result = ec; });
    Run();
    return result;
  }

  // Reads the response; its body goes to `chunk` (status 200) or into
  // *error_body (other statuses, up to kErrorBodyBytes).
  beast::error_code Read(unsigned* status, bool* keep_alive, std::string* error_body,
                         const std::function<Status(std::string_view)>& chunk, Status* stopped) {
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(boost::none);
    beast::error_code result;
    stream_.expires_after(timeout_);
    http::async_read_header(stream_, buffer_, parser,
                            [&](beast::error_code ec, size_t) { result = ec; });
    Run();
    if (result) return result;
    *status = parser.get().result_int();
    std::array<char, kChunkBytes> buf;
    while (!parser.is_done()) {
      parser.get().body().data = buf.data();
      parser.get().body().size = buf.size();
      stream_.expires_after(timeout_);
      http::async_read(stream_, buffer_, parser,
                       [&](beast::error_code ec, size_t) { result = ec; });
      Run();
      if (result == http::error::need_buffer) result = {};
      if (result) return result;
      const std::string_view got(buf.data(), buf.size() - parser.get().body().size);
      if (got.empty()) continue;
      if (*status != 200) {
        error_body->append(
            got.substr(0, kErrorBodyBytes - std::min(kErrorBodyBytes, error_body->size())));
      } else if (stopped->ok()) {
        *stopped = chunk(got);
        if (!stopped->ok()) {
          // The rest of the body is not wanted: the connection cannot be reused.
          *keep_alive = false;
          return {};
        }
      }
    }
    *keep_alive = parser.get().keep_alive();
    return {};
  }

  // Whether the server may have closed this idle connection by now
  // (keep_alive_timeout is 3 s by default): such a one is not reused.
  bool Stale() const { return std::chrono::steady_clock::now() - last_used_ > kMaxIdle; }
  void Touch() { last_used_ = std::chrono::steady_clock::now(); }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  void Run() {
    io_.restart();
    io_.run();
  }

  static constexpr std::chrono::milliseconds kMaxIdle{2000};
  const std::chrono::milliseconds timeout_;
  std::chrono::steady_clock::time_point last_used_;
  asio::io_context io_;
  beast::tcp_stream stream_{io_};
  beast::flat_buffer buffer_;
};

bool UnavailableCode(int code) {
  switch (code) {
    case 159:  // TIMEOUT_EXCEEDED
    case 202:  // TOO_MANY_SIMULTANEOUS_QUERIES
    case 209:  // SOCKET_TIMEOUT
    case 210:  // NETWORK_ERROR (e.g. a shard refused the connection)
    case 252:  // TOO_MANY_PARTS: inserts faster than merges
    case 279:  // ALL_CONNECTION_TRIES_FAILED: no replica of a shard answers
      return true;
    default:
      return false;
  }
}

Result<ClientOptions> ClientOptionsFromUrl(std::string_view url) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument(
        fmt::format("clickhouse_url: {} in '{}'; expected http://HOST:PORT", why, url));
  };
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return bad("not an http:// URL");
  std::string_view rest = url.substr(kScheme.size());
  if (rest.ends_with('/')) rest.remove_suffix(1);
  ClientOptions o;
  std::string_view port;
  if (rest.starts_with('[')) {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return bad("unclosed '['");
    o.host = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
    if (rest.starts_with(':'))
      port = rest.substr(1);
    else if (!rest.empty())
      return bad("unexpected text after the host");
  } else {
    const size_t colon = rest.find(':');
    o.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) port = rest.substr(colon + 1);
  }
  if (o.host.empty() || o.host.find_first_of("/?#@") != std::string::npos) return bad("no host");
  if (!port.empty()) {
    unsigned long p = 0;
    for (char c : port) {
      if (c < '0' || c > '9' || p > 65535) return bad("a bad port");
      p = p * 10 + static_cast<unsigned long>(c - '0');
    }
    if (p == 0 || p > 65535) return bad("a bad port");
    o.port = static_cast<uint16_t>(p);
  }
  return o;
}

ClickHouseClient::ClickHouseClient(ClientOptions options) : options_(std::move(options)) {}
ClickHouseClient::~ClickHouseClient() = default;

std::string ClickHouseClient::Target(std::string_view query_in_url) const {
  std::string t = "/?database=" + Encode(options_.database);
  for (const auto& [name, value] : options_.settings) t += "&" + name + "=" + Encode(value);
  if (!query_in_url.empty()) t += "&query=" + Encode(query_in_url);
  return t;
}

std::unique_ptr<ClickHouseClient::Connection> ClickHouseClient::TakeConnection() {
  std::lock_guard lock(mu_);
  while (!idle_.empty()) {
    std::unique_ptr<Connection> c = std::move(idle_.back());
    idle_.pop_back();
    if (!c->Stale()) return c;
    c->Close();
  }
  return nullptr;
}

void ClickHouseClient::GiveBack(std::unique_ptr<Connection> c) {
  c->Touch();
  std::lock_guard lock(mu_);
  if (idle_.size() < options_.max_idle_connections) idle_.push_back(std::move(c));
}

Status ClickHouseClient::Exchange(std::string_view target, std::string_view body,
                                  const std::function<Status(std::string_view)>& chunk) {
  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::host, fmt::format("{}:{}", options_.host, options_.port));
  req.set(http::field::user_agent, "vigil");
  req.set("X-ClickHouse-User", options_.user);
  if (!options_.password.empty()) req.set("X-ClickHouse-Key", options_.password);
  req.keep_alive(true);
  req.body().assign(body.data(), body.size());
  req.prepare_payload();
  const std::string where = fmt::format("ClickHouse at {}:{}", options_.host, options_.port);

  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<Connection> conn = attempt == 0 ? TakeConnection() : nullptr;
    const bool reused = conn != nullptr;
    if (!reused) {
      conn = std::make_unique<Connection>(options_.timeout);
      if (beast::error_code ec = conn->Connect(options_.host, options_.port)) {
        return Status::Unavailable(fmt::format("{} is unreachable: {}", where, ec.message()));
      }
    }
    unsigned status = 0;
    bool keep_alive = false;
    std::string error_body;
    Status stopped;
    beast::error_code ec = conn->Write(req);
    bool sent = !ec;
    if (!ec) ec = conn->Read(&status, &keep_alive, &error_body, chunk, &stopped);
    if (ec) {
      conn->Close();
      // A reused connection the server had closed fails before any response:
      // send once more on a new one. Nothing was executed in that case.
      if (reused && status == 0 &&
          (!sent || ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
           ec == asio::error::eof)) {
        continue;
      }
      return Status::Unavailable(fmt::format("{}: {}", where, ec.message()));
    }
    if (keep_alive) {
      GiveBack(std::move(conn));
    } else {
      conn->Close();
    }
    if (!stopped.ok()) return stopped;
    if (status != 200) {
      while (!error_body.empty() && (error_body.back() == '\n' || error_body.back() == ' ')) {
        error_body.pop_back();
      }
      std::string message = fmt::format("ClickHouse ({}): {}", status, error_body);
      int code = 0;
      if (size_t at = error_body.find("Code: "); at != std::string::npos) {
        code = std::atoi(error_body.c_str() + at + 6);
      }
      // Code 32 (ATTEMPT_TO_READ_AFTER_EOF) "while receiving packet from" a
      // shard: that server's connection broke mid-statement.
      if (UnavailableCode(code) ||
          (code == 32 && error_body.find("while receiving packet from") != std::string::npos)) {
        return Status::Unavailable(std::move(message));
      }
      return Status::Internal(std::move(message));
    }
    return Status::Ok();
  }
}

Result<std::string> ClickHouseClient::Query(std::string_view sql) {
  std::string out;
  RETURN_IF_ERROR(Exchange(Target({}), sql, [&](std::string_view piece) {
    out.append(piece);
    return Status::Ok();
  }));
  return out;
}

Status ClickHouseClient::Insert(std::string_view insert_sql, std::string_view data) {
  return Exchange(Target(insert_sql), data, [](std::string_view) { return Status::Ok(); });
}

Status ClickHouseClient::QueryStream(std::string_view sql,
                                     const std::function<Status(std::string_view)>& chunk) {
  return Exchange(Target({}), sql, chunk);
}

}  // namespace vigil::clickhouse
