// ChunkedBodyWriter: the BodyWriter a streamed response is produced through.
// Internal to net/.
//
// HTTP/1.1: each Write is one chunk of chunked transfer encoding, written to
// the socket before Write returns (TCP_NODELAY is set, so it leaves at once:
// server-sent events need it). HTTP/1.0: the bytes are written as they are
// and the body ends when the connection closes.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "net/connection_watch.h"
#include "net/http_types.h"
#include "net/server_context.h"

namespace vigil::net {

template <class Stream>
class ChunkedBodyWriter final : public BodyWriter {
 public:
  // All references outlive the writer. `chunked`: HTTP/1.1 framing.
  ChunkedBodyWriter(Stream& stream, ConnectionWatch& watch, const ServerContext& server,
                    bool chunked);
  ChunkedBodyWriter(const ChunkedBodyWriter&) = delete;
  ChunkedBodyWriter& operator=(const ChunkedBodyWriter&) = delete;

  // Blocks until the chunk is handed to the kernel (at most write_timeout).
  // An empty chunk writes nothing. Once a Write has failed, every later one
  // returns the same error at once:
  //  - IOError: the client closed the connection (seen before writing when
  //    it has sent FIN, otherwise when the write fails), or the write stayed
  //    blocked past write_timeout (a client that does not read);
  //  - Unavailable: the server shut the connection down at the end of its
  //    shutdown drain.
  // Not thread-safe: one producer at a time.
  Status Write(std::string_view chunk) override;
  bool Stopping() const override;

  // Ends the body (the last chunk, for HTTP/1.1). Call once, after the
  // producer returned OK.
  Status Finish();

 private:
  Status Fail(const boost::system::error_code& ec);
  bool ClientHasClosed() const;

  Stream& stream_;
  ConnectionWatch& watch_;
  const ServerContext& server_;
  const bool chunked_;
  Status failure_;
  std::string frame_;  // TLS: chunk header, data and CRLF in one buffer, so one TLS record
};

extern template class ChunkedBodyWriter<boost::asio::ip::tcp::socket>;
extern template class ChunkedBodyWriter<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

}  // namespace vigil::net
