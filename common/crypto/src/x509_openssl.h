// OpenSSL plumbing private to the x509_* sources: typed owners and loaders.
#pragma once

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include <openssl/x509.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "zt/crypto/secret_bytes.h"

namespace zt::crypto::x509_detail {

struct Deleter {
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_REQ* p) const { X509_REQ_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(STACK_OF(X509)* p) const { sk_X509_pop_free(p, X509_free); }
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
  void operator()(ASN1_INTEGER* p) const { ASN1_INTEGER_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
};

template <class T>
using Owned = std::unique_ptr<T, Deleter>;

// Throws X509Error(`what`) when `ok` is false; clears OpenSSL's error queue.
void check(bool ok, const char* what);

Owned<X509> load_certificate(std::string_view pem);
Owned<X509_REQ> load_csr(std::string_view pem);
Owned<EVP_PKEY> load_private_key(const SecretBytes& pkcs8_der);
std::string certificate_to_pem(X509* cert);
std::chrono::system_clock::time_point asn1_time_to_time_point(const ASN1_TIME* t);

// Adds extension `nid` with value text `value` (v3 config syntax).
void add_extension(X509* cert, X509* issuer, int nid, const char* value);
// Random positive 127-bit serial.
void set_random_serial(X509* cert);
void set_validity(X509* cert, std::chrono::system_clock::time_point from,
                  std::chrono::system_clock::time_point to);

}  // namespace zt::crypto::x509_detail
