#include "net/http_session.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <exception>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

#include "core/ascii.h"
#include "net/chunked_body_writer.h"
#include "net/http_date.h"
#include "net/request_target.h"

namespace vigil::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = ConnectionWatch::Clock;
using ErrorCode = boost::system::error_code;

template <class Stream>
constexpr bool kIsTls = !std::is_same_v<Stream, tcp::socket>;

// The first read of a request; Beast reads the rest in pieces of up to 64 KiB.
constexpr size_t kFirstReadBytes = 16 * 1024;

bool IsImplemented(http::verb method) {
  switch (method) {
    case http::verb::get:
    case http::verb::post:
    case http::verb::put:
    case http::verb::patch:
    case http::verb::delete_:
    case http::verb::head:
    case http::verb::options:
      return true;
    default:
      return false;
  }
}

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A handler header that could not corrupt the response framing.
bool IsSafeHeader(std::string_view name, std::string_view value) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar)) return false;
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool HasCloseToken(std::string_view value) {
  for (http::token_list::value_type token : http::token_list(value)) {
    if (EqualsIgnoreAsciiCase(token, "close")) return true;
  }
  return false;
}

// Copies the handler's headers except framing ones (Content-Length,
// Transfer-Encoding, Connection), adds Date unless present, and returns true
// if the handler asked for Connection: close.
template <class Body>
bool CopyHeaders(const HeaderList& from, http::response<Body>& to) {
  bool close = false;
  for (const auto& [name, value] : from.entries()) {
    if (!IsSafeHeader(name, value)) continue;
    if (EqualsIgnoreAsciiCase(name, "Connection")) {
      close |= HasCloseToken(value);
      continue;
    }
    if (EqualsIgnoreAsciiCase(name, "Content-Length") ||
        EqualsIgnoreAsciiCase(name, "Transfer-Encoding")) {
      continue;
    }
    to.insert(name, value);
  }
  if (to.find(http::field::date) == to.end()) to.set(http::field::date, HttpDateNow());
  return close;
}

HttpResponse CallHandler(HttpHandler& handler, const HttpRequest& request, bool* failed) {
  *failed = false;
  try {
    return handler.Handle(request);
  } catch (...) {
    // The contract says Handle never throws; if it does, the client gets a
    // 500 and the connection closes, and the server goes on.
    *failed = true;
    return ServerError::Internal("the request handler failed").ToResponse();
  }
}

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream& stream, Connection& connection, ServerContext& server,
                                 Clock::time_point first_request_deadline)
    : stream_(stream),
      connection_(connection),
      server_(server),
      watch_(connection.watch()),
      first_request_deadline_(first_request_deadline) {}

template <class Stream>
void HttpSession<Stream>::Run() {
  for (;;) {
    const Next next = ServeOne(first_request_);
    if (next != Next::kKeepAlive) {
      End(next);
      return;
    }
    first_request_ = false;
  }
}

template <class Stream>
typename HttpSession<Stream>::Next HttpSession<Stream>::ServeOne(bool first) {
  const ServerOptions& options = server_.options;
  ErrorCode ec;

  // Wait for a request to begin, unless a pipelined one is already buffered.
  if (buffer_.size() == 0) {
    watch_.Enter(ConnectionPhase::kIdle,
                 first ? first_request_deadline_ : Clock::now() + options.idle_timeout);
    // Checked after entering kIdle: Shutdown either finds this connection
    // idle and closes it, or has set `stopping` before looking.
    if (!first && server_.stopping.load()) return Next::kClose;
    const size_t n = stream_.read_some(buffer_.prepare(kFirstReadBytes), ec);
    buffer_.commit(n);
    if (ec) return Next::kAbort;  // client closed, idle timeout or shutdown: nothing to answer
  }

  // The head.
  watch_.Enter(ConnectionPhase::kHeader,
               first ? first_request_deadline_ : Clock::now() + options.header_timeout);
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<size_t>(options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  parser.body_limit(options.max_body_bytes);
  http::read_header(stream_, buffer_, parser, ec);
  if (ec) return OnReadError(ec, 11, /*head=*/false);

  http::request<http::string_body>& message = parser.get();
  const unsigned version = message.version();
  const bool head = message.method() == http::verb::head;
  if (version / 10 != 1) {
    return ReplyError(
        ServerError::BadRequest("unsupported HTTP version " + std::to_string(version / 10) + "." +
                                std::to_string(version % 10)),
        11, head);
  }
  if (message.count(http::field::transfer_encoding) > 0 && !parser.chunked()) {
    // RFC 9112 §6.3: the body length cannot be known; guessing would let the
    // body be read as the next request (request smuggling).
    return ReplyError(ServerError::BadRequest("Transfer-Encoding of a request must end in chunked"),
                      version, head);
  }
  if (!IsImplemented(message.method())) {
    return ReplyError(ServerError::NotImplemented(message.method_string()), version, head);
  }
  HttpRequest request;
  request.method = message.method_string();
  request.target = message.target();
  if (Status parsed = ParseRequestTarget(request.target, &request); !parsed.ok()) {
    return ReplyError(ServerError::BadRequest(parsed.message()), version, head);
  }
  if (server_.stopping.load()) {
    return ReplyError(ServerError::Unavailable("server is shutting down"), version, head);
  }

  // The body.
  if (!parser.is_done()) {
    if (version >= 11 && EqualsIgnoreAsciiCase(message[http::field::expect], "100-continue") &&
        !WriteContinue()) {
      return Next::kAbort;
    }
    watch_.Enter(ConnectionPhase::kBody, options.body_timeout);
    http::read(stream_, buffer_, parser, ec);
    if (ec) return OnReadError(ec, version, head);
  }
  watch_.EnterUnbounded(ConnectionPhase::kHandler);

  for (const auto& field : message) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remote_address = connection_.remote_address();
  request.tls = kIsTls<Stream>;
  const bool keep_alive = message.keep_alive();

  bool failed = false;
  HttpResponse response = CallHandler(*server_.handler, request, &failed);
  Increment(failed ? server_.errors : server_.requests);
  return WriteResponse(response, version, head, keep_alive);
}

template <class Stream>
typename HttpSession<Stream>::Next HttpSession<Stream>::OnReadError(const ErrorCode& ec,
                                                                    unsigned version, bool head) {
  if (const std::optional<ConnectionPhase> phase = watch_.expired()) {
    // Only the read side was shut down: a plain connection can still say why.
    // (TLS cannot: the failed read has broken the session.)
    if (!kIsTls<Stream> && (*phase == ConnectionPhase::kHeader ||
                            (*phase == ConnectionPhase::kIdle && buffer_.size() > 0))) {
      return ReplyError(ServerError::RequestTimeout(
                            "request head not received within " +
                            std::to_string(server_.options.header_timeout.count()) + " ms"),
                        version, head);
    }
    if (!kIsTls<Stream> && *phase == ConnectionPhase::kBody) {
      return ReplyError(
          ServerError::RequestTimeout("request body not received within " +
                                      std::to_string(server_.options.body_timeout.count()) + " ms"),
          version, head);
    }
    return Next::kAbort;
  }
  if (watch_.force_closed() || watch_.closed_idle()) return Next::kAbort;
  if (ec == http::error::header_limit) {
    return ReplyError(ServerError::HeadersTooLarge(server_.options.max_header_bytes), version,
                      head);
  }
  if (ec == http::error::body_limit) {
    return ReplyError(ServerError::PayloadTooLarge(server_.options.max_body_bytes), version, head);
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
      ec.category() != http::make_error_code(http::error::bad_target).category()) {
    return Next::kAbort;  // the client went away or the socket failed: nobody to answer
  }
  return ReplyError(ServerError::BadRequest("malformed request: " + ec.message()), version, head);
}

template <class Stream>
typename HttpSession<Stream>::Next HttpSession<Stream>::ReplyError(const ServerError& error,
                                                                   unsigned version, bool head) {
  Increment(server_.errors);
  HttpResponse response = error.ToResponse();
  const Next next = WriteWhole(response, version, head, /*keep_alive=*/false);
  // The rest of the request may still be on its way.
  return next == Next::kAbort ? Next::kAbort : Next::kLingerClose;
}

template <class Stream>
typename HttpSession<Stream>::Next HttpSession<Stream>::WriteResponse(HttpResponse& response,
                                                                      unsigned version, bool head,
                                                                      bool keep_alive) {
  if (response.status < 200 || response.status > 599) {
    return ReplyError(ServerError::Internal("the request handler returned HTTP status " +
                                            std::to_string(response.status)),
                      version, head);
  }
  if (response.stream) return WriteStreamed(response, version, head, keep_alive);
  return WriteWhole(response, version, head, keep_alive);
}

template <class Stream>
typename HttpSession<Stream>::Next HttpSession<Stream>::WriteWhole(HttpResponse& response,
                                                                   unsigned version, bool head,
                                                                   bool keep_alive) {
  http::response<http::string_body> message;
  message.version(version >= 11 ? 11 : 10);
  message.result(static_cast<unsigned>(response.status));
  const bool close_asked = CopyHeaders(response.headers, message);
  keep_alive = keep_alive && !close_asked && !server_.stopping.load();
  const bool no_content = response.status == 204 || response.status == 304;
  if (!no_content) message.content_length(response.body.size());
  message.keep_alive(keep_alive);

  ErrorCode ec;
  watch_.Enter(ConnectionPhase::kWrite, server_.options.write_timeout);
  if (head || no_content) {
    http::response_serializer<http::string_body> serializer(message);
    http::write_header(stream_, serializer, ec);
  } else {
    message.body() = std::move(response.body);
    http::write(stream_, message, ec);
  }
  watch_.EnterUnbounded(ConnectionPhase::kHandler);
  if (ec) return Next::kAbort;
  return keep_alive ? Next::kKeepAlive : Next::kClose;
}

template <class Stream>
typename HttpSession<Stream>::Next HttpSession<Stream>::WriteStreamed(HttpResponse& response,
                                                                      unsigned version, bool head,
                                                                      bool keep_alive) {
  http::response<http::empty_body> message;
  const bool chunked = version >= 11;
  message.version(chunked ? 11 : 10);
  message.result(static_cast<unsigned>(response.status));
  const bool close_asked = CopyHeaders(response.headers, message);
  // HTTP/1.0 has no chunked encoding: the body ends when the connection does.
  keep_alive = keep_alive && chunked && !close_asked && !server_.stopping.load();
  if (chunked) message.chunked(true);
  message.keep_alive(keep_alive);

  ErrorCode ec;
  watch_.Enter(ConnectionPhase::kWrite, server_.options.write_timeout);
  http::response_serializer<http::empty_body> serializer(message);
  http::write_header(stream_, serializer, ec);
  watch_.EnterUnbounded(ConnectionPhase::kHandler);
  if (ec) return Next::kAbort;
  if (head) return keep_alive ? Next::kKeepAlive : Next::kClose;

  ChunkedBodyWriter<Stream> writer(stream_, watch_, server_, chunked);
  Status produced;
  try {
    produced = response.stream(writer);
  } catch (...) {
    produced = Status::Internal("the response stream failed");
  }
  // Without the last chunk the client sees a cut body, not a complete one.
  if (!produced.ok() || !writer.Finish().ok()) return Next::kAbort;
  return keep_alive ? Next::kKeepAlive : Next::kClose;
}

template <class Stream>
bool HttpSession<Stream>::WriteContinue() {
  static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  ErrorCode ec;
  watch_.Enter(ConnectionPhase::kWrite, server_.options.write_timeout);
  asio::write(stream_, asio::const_buffer(kContinue.data(), kContinue.size()), ec);
  return !ec;
}

template <class Stream>
void HttpSession<Stream>::End(Next how) {
  tcp::socket& socket = beast::get_lowest_layer(stream_);
  const std::optional<ConnectionPhase> expired = watch_.expired();
  // A keep-alive connection that waits for its next request past
  // idle_timeout ends normally; any other passed deadline is a timeout.
  if (expired && !(*expired == ConnectionPhase::kIdle && !first_request_)) {
    Increment(server_.timeouts);
  }
  ErrorCode ec;
  const bool write_failed = expired == ConnectionPhase::kWrite ||
                            expired == ConnectionPhase::kHandshake || watch_.force_closed();
  if (how == Next::kAbort || write_failed) {
    if (write_failed) {
      // Reset rather than let the kernel keep unsent data for a client that
      // does not read.
      socket.set_option(asio::socket_base::linger(true, 0), ec);
    }
    return;
  }
  if constexpr (kIsTls<Stream>) {
    // Send close_notify without waiting for the client's.
    SSL_set_shutdown(stream_.native_handle(), SSL_RECEIVED_SHUTDOWN);
    watch_.Enter(ConnectionPhase::kWrite, server_.options.write_timeout);
    stream_.shutdown(ec);
  }
  socket.shutdown(tcp::socket::shutdown_send, ec);
  // After a read deadline the read side is already shut down.
  if (!expired && (how == Next::kLingerClose || buffer_.size() > 0)) {
    connection_.DiscardInput(socket);
  }
}

template class HttpSession<tcp::socket>;
template class HttpSession<asio::ssl::stream<tcp::socket>>;

}  // namespace vigil::net
