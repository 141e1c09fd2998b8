#include "net/self_signed_cert.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace vigil::net {
namespace {

bool WritePem(const std::string& path, X509* cert, EVP_PKEY* key) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  const int ok = cert != nullptr
                     ? PEM_write_X509(f, cert)
                     : PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  return ok == 1;
}

}  // namespace

SelfSignedCert::SelfSignedCert() {
  const char* base = std::getenv("VIGIL_TEST_TMPDIR");
  std::string root = base != nullptr && *base != '\0' ? base : "/tmp";
  std::filesystem::create_directories(root);
  std::string tmpl = root + "/net-tls-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) return;
  dir_ = tmpl;

  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_set_pubkey(cert, key);
  const bool signed_ok = X509_sign(cert, key, EVP_sha256()) > 0;

  const std::string cert_file = dir_ + "/cert.pem";
  const std::string key_file = dir_ + "/key.pem";
  if (signed_ok && WritePem(cert_file, cert, nullptr) && WritePem(key_file, nullptr, key)) {
    cert_file_ = cert_file;
    key_file_ = key_file;
    client_context_ = SSL_CTX_new(TLS_client_method());
    X509_STORE_add_cert(SSL_CTX_get_cert_store(client_context_), cert);
    SSL_CTX_set_verify(client_context_, SSL_VERIFY_PEER, nullptr);
  }
  X509_free(cert);
  EVP_PKEY_free(key);
}

SelfSignedCert::~SelfSignedCert() {
  if (client_context_ != nullptr) SSL_CTX_free(client_context_);
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

}  // namespace vigil::net
