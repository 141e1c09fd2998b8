// MakeTlsContext: the OpenSSL server context an HttpServer serves HTTPS with.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "core/status.h"

namespace vigil::net {

// Loads a PEM certificate chain (leaf first) and its PEM private key; TLS 1.2
// or later, no renegotiation, no compression. An encrypted key is refused
// rather than prompting for a passphrase. Errors are InvalidArgument and name
// the file: `tls_key_file "/etc/vigil/key.pem": no start line`.
// The context is thread-safe once returned (connections only create SSL
// objects from it).
Result<std::unique_ptr<boost::asio::ssl::context>> MakeTlsContext(const std::string& cert_file,
                                                                  const std::string& key_file);

}  // namespace vigil::net
