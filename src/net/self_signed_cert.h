// SelfSignedCert: a fresh P-256 key and a self-signed certificate for
// "localhost", made with the OpenSSL API and written as PEM files into a
// temporary directory (removed on destruction). Test-only.
#pragma once

#include <openssl/ssl.h>

#include <string>

namespace vigil::net {

class SelfSignedCert {
 public:
  SelfSignedCert();
  ~SelfSignedCert();
  SelfSignedCert(const SelfSignedCert&) = delete;
  SelfSignedCert& operator=(const SelfSignedCert&) = delete;

  bool ok() const { return !cert_file_.empty(); }
  const std::string& cert_file() const { return cert_file_; }
  const std::string& key_file() const { return key_file_; }
  const std::string& dir() const { return dir_; }

  // A client context that trusts this certificate only (and verifies it).
  // Owned by this object.
  SSL_CTX* client_context() const { return client_context_; }

 private:
  std::string dir_;
  std::string cert_file_;
  std::string key_file_;
  SSL_CTX* client_context_ = nullptr;
};

}  // namespace vigil::net
