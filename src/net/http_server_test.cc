// HttpServer: requests, responses, keep-alive and parsing over real sockets.
#include "net/http_server.h"

#include <gtest/gtest.h>

#include <string>

#include "net/server_test_fixture.h"

namespace vigil::net {
namespace {

// Echoes what the handler saw, one line per item.
HttpResponse Describe(const HttpRequest& request) {
  std::string text = request.method + " " + request.path + "\n";
  for (const auto& [name, value] : request.query) {
    text.append("q[").append(name).append("]=").append(value).append("\n");
  }
  text += "body=" + std::to_string(request.body.size()) + "\n";
  text += "remote=" + request.remote_address + "\n";
  return TextResponse(text);
}

TEST_F(ServerTest, GetAndPostWithBody) {
  Start([](const HttpRequest& request) {
    if (request.method == "POST") return TextResponse("got " + request.body);
    HttpResponse response = TextResponse("hello");
    response.headers.Add("X-Custom", "yes");
    return response;
  });
  HttpTestClient client(port());
  ASSERT_TRUE(client.connected());

  auto get = client.Get("/hello");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, "hello");
  EXPECT_EQ(get->Header("Content-Length"), "5");
  EXPECT_EQ(get->Header("Content-Type"), "text/plain");
  EXPECT_EQ(get->Header("X-Custom"), "yes");
  EXPECT_NE(get->Header("Date"), "");

  ASSERT_TRUE(
      client.Send("POST /events HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n"
                  "hello world"));
  auto post = client.ReadResponse();
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 200);
  EXPECT_EQ(post->body, "got hello world");
}

TEST_F(ServerTest, LargeBodyArrivesIntact) {
  Start([](const HttpRequest& request) {
    uint64_t sum = 0;
    for (unsigned char c : request.body) sum = sum * 31 + c;
    return TextResponse(std::to_string(request.body.size()) + ":" + std::to_string(sum));
  });
  std::string body(3 << 20, '\0');
  uint64_t sum = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    body[i] = static_cast<char>('a' + i % 23);
    sum = sum * 31 + static_cast<unsigned char>(body[i]);
  }
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("POST /events HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, std::to_string(body.size()) + ":" + std::to_string(sum));
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Start([](const HttpRequest& request) { return TextResponse(request.path); });
  HttpTestClient client(port());
  for (int i = 0; i < 5; ++i) {
    auto response = client.Get("/r" + std::to_string(i));
    ASSERT_TRUE(response) << i;
    EXPECT_EQ(response->body, "/r" + std::to_string(i));
    EXPECT_EQ(response->Header("Connection"), "");
  }
  EXPECT_EQ(server_->stats().accepted, 1u);
  EXPECT_EQ(server_->stats().requests, 5u);
  EXPECT_EQ(server_->stats().open_connections, 1u);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Start([](const HttpRequest& request) { return TextResponse(request.path + request.body); });
  HttpTestClient client(port());
  ASSERT_TRUE(
      client.Send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n"
                  "POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nxyz"
                  "GET /c HTTP/1.1\r\nHost: t\r\n\r\n"));
  for (const char* expected : {"/a", "/bxyz", "/c"}) {
    auto response = client.ReadResponse();
    ASSERT_TRUE(response) << expected;
    EXPECT_EQ(response->body, expected);
  }
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  Start([](const HttpRequest&) { return TextResponse("bye"); });
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_TRUE(client.WaitClosed(Ms(2000)));
}

TEST_F(ServerTest, HandlerAskingForCloseClosesTheConnection) {
  Start([](const HttpRequest&) {
    HttpResponse response = TextResponse("bye");
    response.headers.Add("Connection", "close");
    return response;
  });
  HttpTestClient client(port());
  auto response = client.Get("/");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_TRUE(client.WaitClosed(Ms(2000)));
}

TEST_F(ServerTest, PathAndQueryArePercentDecoded) {
  Start(Describe);
  HttpTestClient client(port());
  auto response = client.Get("/v1/a%20b/c%2Fd?q=a+b%20c&x=%2B&x=2&empty=&flag&&utf=%C3%A9");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body,
            "GET /v1/a b/c/d\nq[q]=a b c\nq[x]=+\nq[x]=2\nq[empty]=\nq[flag]=\nq[utf]=\xC3\xA9\n"
            "body=0\nremote=127.0.0.1\n");
}

TEST_F(ServerTest, UnencodedQuotesAndBracketsAreTakenLiterally) {
  Start(Describe);
  HttpTestClient client(port());
  auto response = client.Get("/v1/events?q=\"renamed|app\"+duration:>1000&f[a]=1");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body,
            "GET /v1/events\nq[q]=\"renamed|app\" duration:>1000\nq[f[a]]=1\nbody=0\n"
            "remote=127.0.0.1\n");
}

TEST_F(ServerTest, BadPercentEncodingIs400AndTheHandlerIsNotCalled) {
  Start(Describe);
  for (const char* target : {"/x?q=%zz", "/x%g1", "/x?q=100%", "/a%00b"}) {
    HttpTestClient client(port());
    auto response = client.Get(target);
    ASSERT_TRUE(response) << target;
    EXPECT_EQ(response->status, 400) << target;
    EXPECT_EQ(response->Header("Content-Type"), "application/json");
    EXPECT_EQ(response->Header("Connection"), "close");
    EXPECT_NE(response->body.find("\"code\":\"bad_request\""), std::string::npos) << response->body;
    EXPECT_TRUE(client.WaitClosed(Ms(2000))) << target;
  }
  EXPECT_EQ(handler_.calls.load(), 0);
  EXPECT_EQ(server_->stats().errors, 4u);
}

TEST_F(ServerTest, MalformedRequestIs400) {
  Start(Describe);
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nBad Header\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_NE(response->body.find("malformed request"), std::string::npos) << response->body;
}

TEST_F(ServerTest, AmbiguousBodyFramingIs400) {
  Start(Describe);
  for (const char* framing : {"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
                              "Content-Length: 3\r\nContent-Length: 4\r\n",
                              "Transfer-Encoding: gzip\r\n", "Content-Length: -1\r\n"}) {
    HttpTestClient client(port());
    ASSERT_TRUE(client.Send(std::string("POST / HTTP/1.1\r\nHost: t\r\n") + framing +
                            "\r\n3\r\nabc\r\n0\r\n\r\n"));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response) << framing;
    EXPECT_EQ(response->status, 400) << framing;
    EXPECT_TRUE(client.WaitClosed(Ms(2000))) << framing;
  }
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(ServerTest, AbsoluteFormTargetIsAccepted) {
  Start(Describe);
  HttpTestClient client(port());
  auto response = client.Get("http://example.com/v1/x?a=1");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body.substr(0, 18), "GET /v1/x\nq[a]=1\nb");
}

TEST_F(ServerTest, UnknownMethodIs501) {
  Start(Describe);
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 501);
  EXPECT_EQ(response->body,
            "{\"error\":{\"status\":501,\"code\":\"not_implemented\","
            "\"message\":\"method BREW is not implemented\"}}");
  EXPECT_EQ(handler_.calls.load(), 0);
}

TEST_F(ServerTest, HeadSendsHeadersWithoutBody) {
  Start([](const HttpRequest&) { return TextResponse("twelve bytes"); });
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head = client.ReadResponse(Ms(5000), /*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("Content-Length"), "12");
  // Had a body been sent, it would be read here as the next response.
  auto next = client.Get("/y");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "twelve bytes");
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponse) {
  Start([](const HttpRequest& request) { return TextResponse(request.body); });
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send(
      "PUT /x HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = client.ReadResponse();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.Send("data"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "data");
}

TEST_F(ServerTest, ChunkedRequestBodyIsAccepted) {
  Start([](const HttpRequest& request) { return TextResponse(request.body); });
  HttpTestClient client(port());
  ASSERT_TRUE(
      client.Send("POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "hello world");
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAliveIsAsked) {
  Start([](const HttpRequest&) { return TextResponse("old"); });
  {
    HttpTestClient client(port());
    ASSERT_TRUE(client.Send("GET / HTTP/1.0\r\n\r\n"));
    auto response = client.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->version, 10u);
    EXPECT_EQ(response->body, "old");
    EXPECT_TRUE(client.WaitClosed(Ms(2000)));
  }
  HttpTestClient client(port());
  ASSERT_TRUE(client.Send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  auto first = client.ReadResponse();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->Header("Connection"), "keep-alive");
  ASSERT_TRUE(client.Send("GET / HTTP/1.0\r\n\r\n"));
  auto second = client.ReadResponse();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "old");
}

TEST_F(ServerTest, HandlerHeadersCannotBreakFraming) {
  Start([](const HttpRequest&) {
    HttpResponse response = TextResponse("abc");
    response.headers.Add("Content-Length", "999");
    response.headers.Add("X-Injected", "a\r\nSet-Cookie: evil=1");
    response.headers.Add("X-Fine", "ok");
    return response;
  });
  HttpTestClient client(port());
  auto response = client.Get("/");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "abc");
  EXPECT_EQ(response->Header("Content-Length"), "3");
  EXPECT_EQ(response->Header("Set-Cookie"), "");
  EXPECT_EQ(response->Header("X-Injected"), "");
  EXPECT_EQ(response->Header("X-Fine"), "ok");
}

TEST_F(ServerTest, NoContentHasNoBody) {
  Start([](const HttpRequest&) { return TextResponse("", 204); });
  HttpTestClient client(port());
  auto first = client.Get("/");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 204);
  EXPECT_EQ(first->Header("Content-Length"), "");
  auto second = client.Get("/");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 204);
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerKeepsRunning) {
  Start([](const HttpRequest& request) -> HttpResponse {
    if (request.path == "/boom") throw std::runtime_error("bug");
    return TextResponse("fine");
  });
  {
    HttpTestClient client(port());
    auto response = client.Get("/boom");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 500);
    EXPECT_NE(response->body.find("\"code\":\"internal\""), std::string::npos);
  }
  HttpTestClient client(port());
  auto response = client.Get("/ok");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "fine");
}

TEST_F(ServerTest, BindingAPortInUseNamesHostAndPort) {
  Start(Describe);
  ServerOptions options = FastOptions();
  options.port = port();
  FunctionHandler other;
  auto second = HttpServer::Start(options, &other);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("127.0.0.1:" + std::to_string(port())),
            std::string::npos)
      << second.status().ToString();
  EXPECT_NE(second.status().message().find("in use"), std::string::npos)
      << second.status().ToString();
}

TEST_F(ServerTest, InvalidOptionsAreRefused) {
  FunctionHandler handler;
  ServerOptions options = FastOptions();
  options.host = "no.such.host.invalid";
  auto bad_host = HttpServer::Start(options, &handler);
  ASSERT_FALSE(bad_host.ok());
  EXPECT_NE(bad_host.status().message().find("no.such.host.invalid:0"), std::string::npos);

  options = FastOptions();
  options.tls_cert_file = "/cert.pem";
  auto half_tls = HttpServer::Start(options, &handler);
  ASSERT_FALSE(half_tls.ok());
  EXPECT_TRUE(half_tls.status().IsInvalidArgument());
}

TEST_F(ServerTest, ShutdownIsIdempotent) {
  Start(Describe);
  server_->Shutdown(Ms(100));
  server_->Shutdown(Ms(100));
  HttpTestClient client(port());
  EXPECT_FALSE(client.connected());
}

}  // namespace
}  // namespace vigil::net
