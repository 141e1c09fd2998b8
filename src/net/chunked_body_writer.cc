#include "net/chunked_body_writer.h"

#include <sys/socket.h>

#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <cerrno>
#include <charconv>
#include <type_traits>

namespace vigil::net {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

}  // namespace

template <class Stream>
ChunkedBodyWriter<Stream>::ChunkedBodyWriter(Stream& stream, ConnectionWatch& watch,
                                             const ServerContext& server, bool chunked)
    : stream_(stream), watch_(watch), server_(server), chunked_(chunked) {}

template <class Stream>
bool ChunkedBodyWriter<Stream>::Stopping() const {
  return server_.stopping.load(std::memory_order_relaxed);
}

template <class Stream>
bool ChunkedBodyWriter<Stream>::ClientHasClosed() const {
  // A client that closed its socket has sent FIN: a non-blocking peek reads
  // end of file. (A TLS client sends close_notify first, which this does not
  // see; the write then fails instead.)
  char byte;
  const int fd = boost::beast::get_lowest_layer(stream_).native_handle();
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

template <class Stream>
Status ChunkedBodyWriter<Stream>::Write(std::string_view chunk) {
  if (!failure_.ok()) return failure_;
  if (chunk.empty()) return Status::Ok();  // an empty chunk would end the body
  if (ClientHasClosed()) return Fail(boost::asio::error::eof);
  boost::system::error_code ec;
  watch_.Enter(ConnectionPhase::kWrite, server_.options.write_timeout);
  if (!chunked_) {
    asio::write(stream_, asio::const_buffer(chunk.data(), chunk.size()), ec);
  } else if constexpr (std::is_same_v<Stream, tcp::socket>) {
    // One writev: size line, data, CRLF.
    asio::write(stream_, http::make_chunk(asio::const_buffer(chunk.data(), chunk.size())), ec);
  } else {
    char size[20];
    const auto end = std::to_chars(size, size + sizeof(size), chunk.size(), 16).ptr;
    frame_.assign(size, end);
    frame_.append("\r\n").append(chunk).append("\r\n");
    asio::write(stream_, asio::buffer(frame_), ec);
  }
  watch_.EnterUnbounded(ConnectionPhase::kHandler);
  if (ec) return Fail(ec);
  return Status::Ok();
}

template <class Stream>
Status ChunkedBodyWriter<Stream>::Finish() {
  if (!failure_.ok()) return failure_;
  if (!chunked_) return Status::Ok();
  static constexpr std::string_view kLastChunk = "0\r\n\r\n";
  boost::system::error_code ec;
  watch_.Enter(ConnectionPhase::kWrite, server_.options.write_timeout);
  asio::write(stream_, asio::const_buffer(kLastChunk.data(), kLastChunk.size()), ec);
  watch_.EnterUnbounded(ConnectionPhase::kHandler);
  if (ec) return Fail(ec);
  return Status::Ok();
}

template <class Stream>
Status ChunkedBodyWriter<Stream>::Fail(const boost::system::error_code& ec) {
  if (watch_.force_closed()) {
    failure_ = Status::Unavailable("server is shutting down: connection closed");
  } else if (watch_.expired()) {
    failure_ = Status::IOError("write blocked for longer than " +
                               std::to_string(server_.options.write_timeout.count()) +
                               " ms: the client is not reading");
  } else if (ec == boost::asio::error::eof) {
    failure_ = Status::IOError("client closed the connection");
  } else {
    failure_ = Status::IOError("client connection lost: " + ec.message());
  }
  return failure_;
}

template class ChunkedBodyWriter<tcp::socket>;
template class ChunkedBodyWriter<asio::ssl::stream<tcp::socket>>;

}  // namespace vigil::net
