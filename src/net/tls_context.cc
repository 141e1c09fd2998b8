#include "net/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <utility>

namespace vigil::net {
namespace {

namespace ssl = boost::asio::ssl;

Status FileError(std::string_view option, const std::string& file, std::string_view what) {
  std::string message(option);
  message.append(" \"").append(file).append("\": ").append(what);
  return Status::InvalidArgument(std::move(message));
}

}  // namespace

Result<std::unique_ptr<ssl::context>> MakeTlsContext(const std::string& cert_file,
                                                     const std::string& key_file) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
    return Status::Internal("TLS: cannot require TLS 1.2 or later");
  }
  context->set_options(ssl::context::default_workarounds | ssl::context::no_compression |
                       ssl::context::single_dh_use);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // Never prompt on the terminal for a passphrase.
  context->set_password_callback(
      [](std::size_t, ssl::context::password_purpose) { return std::string(); });

  boost::system::error_code ec;
  context->use_certificate_chain_file(cert_file, ec);
  if (ec) return FileError("tls_cert_file", cert_file, ec.message());
  const std::string mismatch =
      "private key does not match the certificate in tls_cert_file \"" + cert_file + "\"";
  context->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec && ec.category() == boost::asio::error::get_ssl_category() &&
      ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH) {
    return FileError("tls_key_file", key_file, mismatch);
  }
  if (ec) return FileError("tls_key_file", key_file, ec.message());
  if (SSL_CTX_check_private_key(native) != 1) {
    ERR_clear_error();
    return FileError("tls_key_file", key_file, mismatch);
  }
  return context;
}

}  // namespace vigil::net
