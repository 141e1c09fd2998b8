// HttpSession: the HTTP/1.1 request loop on one connection — read a request
// (limits and deadlines enforced), call the handler, write the response —
// until the connection should end. Internal to net/.
//
// Instantiated for boost::asio::ip::tcp::socket (plain HTTP) and
// boost::asio::ssl::stream<tcp::socket> (HTTPS) in http_session.cc.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "net/connection.h"
#include "net/connection_watch.h"
#include "net/server_context.h"
#include "net/server_error.h"

namespace vigil::net {

template <class Stream>
class HttpSession {
 public:
  // `first_request_deadline`: when the head of the first request must have
  // arrived. All references outlive the session.
  HttpSession(Stream& stream, Connection& connection, ServerContext& server,
              ConnectionWatch::Clock::time_point first_request_deadline);
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  // Serves requests until the connection should end, and ends it cleanly
  // (TLS close_notify; lingering close when input is left unread). The
  // caller closes the socket afterwards.
  void Run();

 private:
  enum class Next {
    kKeepAlive,    // read the next request
    kClose,        // end cleanly
    kLingerClose,  // end cleanly, discarding input the client may still send
    kAbort,        // close at once (client gone, deadline passed, stream cut)
  };

  Next ServeOne(bool first);
  Next OnReadError(const boost::system::error_code& ec, unsigned version, bool head);
  Next ReplyError(const ServerError& error, unsigned version, bool head);
  Next WriteResponse(HttpResponse& response, unsigned version, bool head, bool keep_alive);
  Next WriteWhole(HttpResponse& response, unsigned version, bool head, bool keep_alive);
  Next WriteStreamed(HttpResponse& response, unsigned version, bool head, bool keep_alive);
  bool WriteContinue();
  void End(Next how);

  Stream& stream_;
  Connection& connection_;
  ServerContext& server_;
  ConnectionWatch& watch_;
  const ConnectionWatch::Clock::time_point first_request_deadline_;
  boost::beast::flat_buffer buffer_;  // bytes read but not yet parsed (pipelining)
  bool first_request_ = true;
};

}  // namespace vigil::net
