#include "net/http_server.h"

#include <boost/asio/ssl/context.hpp>
#include <utility>

#include "net/connection_set.h"
#include "net/listener.h"
#include "net/server_context.h"
#include "net/tls_context.h"

namespace vigil::net {

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const ServerOptions& options,
                                                      HttpHandler* handler) {
  if (handler == nullptr) return Status::InvalidArgument("HttpServer: handler is null");
  if (options.max_connections == 0) {
    return Status::InvalidArgument("max_connections: must be at least 1");
  }
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return Status::InvalidArgument(
        "tls_cert_file and tls_key_file: set both (HTTPS) or neither (HTTP)");
  }
  std::unique_ptr<boost::asio::ssl::context> tls;
  if (!options.tls_cert_file.empty()) {
    ASSIGN_OR_RETURN(tls, MakeTlsContext(options.tls_cert_file, options.tls_key_file));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Listener> listener, Listener::Open(options.host, options.port));
  auto context = std::make_unique<ServerContext>(options, handler, tls.get());
  std::unique_ptr<HttpServer> server(
      new HttpServer(std::move(tls), std::move(context), std::move(listener)));
  server->listener_->Start(
      [connections = server->connections_.get()](boost::asio::ip::tcp::socket socket) {
        connections->Admit(std::move(socket));
      });
  return server;
}

HttpServer::HttpServer(std::unique_ptr<boost::asio::ssl::context> tls,
                       std::unique_ptr<ServerContext> context, std::unique_ptr<Listener> listener)
    : tls_(std::move(tls)),
      context_(std::move(context)),
      listener_(std::move(listener)),
      connections_(std::make_unique<ConnectionSet>(*context_)),
      port_(listener_->port()) {}

HttpServer::~HttpServer() { Shutdown(std::chrono::milliseconds(0)); }

void HttpServer::Shutdown(std::chrono::milliseconds drain) {
  std::lock_guard lock(shutdown_mu_);
  if (shut_down_) return;
  const auto deadline = ConnectionSet::Clock::now() + drain;
  context_->stopping.store(true);
  listener_->Close();
  connections_->CloseIdle();
  if (!connections_->WaitUntilEmpty(deadline)) {
    connections_->ForceCloseAll();
    connections_->WaitUntilEmpty(ConnectionSet::Clock::time_point::max());
  }
  connections_->JoinEnded();
  shut_down_ = true;
}

ServerStats HttpServer::stats() const { return context_->Stats(); }

}  // namespace vigil::net
