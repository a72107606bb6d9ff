#include "x509_openssl.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <ctime>

#include "zt/crypto/x509_certificate.h"

namespace zt::crypto::x509_detail {

void check(bool ok, const char* what) {
  if (!ok) {
    ERR_clear_error();
    throw X509Error(what);
  }
}

Owned<X509> load_certificate(std::string_view pem) {
  Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  check(bio != nullptr, "out of memory");
  Owned<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  check(cert != nullptr, "not a PEM certificate");
  return cert;
}

Owned<X509_REQ> load_csr(std::string_view pem) {
  Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  check(bio != nullptr, "out of memory");
  Owned<X509_REQ> req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  check(req != nullptr, "not a PEM certificate request");
  return req;
}

Owned<EVP_PKEY> load_private_key(const SecretBytes& pkcs8_der) {
  auto view = pkcs8_der.reveal();
  const unsigned char* p = view.data();
  Owned<EVP_PKEY> key(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(view.size())));
  check(key != nullptr, "not a PKCS#8 private key");
  return key;
}

std::string certificate_to_pem(X509* cert) {
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr && PEM_write_bio_X509(bio.get(), cert) == 1, "cannot encode certificate");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

std::chrono::system_clock::time_point asn1_time_to_time_point(const ASN1_TIME* t) {
  struct tm tm {};
  check(ASN1_TIME_to_tm(t, &tm) == 1, "bad certificate time");
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  Owned<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  check(ext != nullptr, "cannot build certificate extension");
  check(X509_add_ext(cert, ext.get(), -1) == 1, "cannot add certificate extension");
}

void set_random_serial(X509* cert) {
  unsigned char raw[16];
  check(RAND_bytes(raw, sizeof raw) == 1, "no randomness for serial");
  raw[0] &= 0x7f;  // positive
  raw[0] |= 0x01;  // and never shorter than 16 bytes' worth
  Owned<BIGNUM> bn(BN_bin2bn(raw, sizeof raw, nullptr));
  check(bn != nullptr, "out of memory");
  check(BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) != nullptr, "cannot set serial");
}

void set_validity(X509* cert, std::chrono::system_clock::time_point from,
                  std::chrono::system_clock::time_point to) {
  check(to > from, "certificate validity ends before it starts");
  check(ASN1_TIME_set(X509_getm_notBefore(cert), std::chrono::system_clock::to_time_t(from)) != nullptr,
        "cannot set notBefore");
  check(ASN1_TIME_set(X509_getm_notAfter(cert), std::chrono::system_clock::to_time_t(to)) != nullptr,
        "cannot set notAfter");
}

}  // namespace zt::crypto::x509_detail
