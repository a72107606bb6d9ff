#include "zt/crypto/x509_certificate.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/core_names.h>
#include <openssl/x509v3.h>

#include <optional>

#include "raw_keys.h"
#include "x509_openssl.h"
#include "zt/crypto/error.h"

namespace zt::crypto {

using x509_detail::check;
using x509_detail::Owned;

namespace {

std::string name_to_string(const X509_NAME* name) {
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr, "out of memory");
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

std::vector<std::string> uri_names(X509* cert) {
  std::vector<std::string> out;
  Owned<GENERAL_NAMES> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    if (gn->type != GEN_URI) continue;
    const ASN1_IA5STRING* s = gn->d.uniformResourceIdentifier;
    out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<size_t>(ASN1_STRING_length(s)));
  }
  return out;
}

// The key type of an SPKI key zt can export raw, or nullopt.
std::optional<detail::KeyType> raw_key_type(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_ED25519:
      return detail::KeyType::kEd25519;
    case EVP_PKEY_ED448:
      return detail::KeyType::kEd448;
    case EVP_PKEY_EC:
      break;
    default:
      return std::nullopt;
  }
  char group[64] = {};
  size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) != 1) {
    return std::nullopt;
  }
  std::string_view name(group, len);
  if (name == SN_X9_62_prime256v1 || name == "P-256") return detail::KeyType::kP256;
  if (name == SN_secp384r1 || name == "P-384") return detail::KeyType::kP384;
  if (name == SN_secp521r1 || name == "P-521") return detail::KeyType::kP521;
  return std::nullopt;
}

std::string serial_hex(X509* cert) {
  Owned<BIGNUM> bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
  check(bn != nullptr, "bad serial number");
  char* hex = BN_bn2hex(bn.get());
  check(hex != nullptr, "out of memory");
  std::string out(hex);
  OPENSSL_free(hex);
  return out;
}

}  // namespace

CertificateDetails describe_certificate(std::string_view pem) {
  auto certs = split_pem_certificates(pem);
  check(certs.size() == 1, "expected exactly one certificate");
  auto cert = x509_detail::load_certificate(certs.front());
  CertificateDetails d;
  d.subject = name_to_string(X509_get_subject_name(cert.get()));
  d.issuer = name_to_string(X509_get_issuer_name(cert.get()));
  d.serial_hex = serial_hex(cert.get());
  d.not_before = x509_detail::asn1_time_to_time_point(X509_get0_notBefore(cert.get()));
  d.not_after = x509_detail::asn1_time_to_time_point(X509_get0_notAfter(cert.get()));
  d.uri_sans = uri_names(cert.get());
  d.is_ca = X509_check_ca(cert.get()) != 0;
  uint32_t usage = X509_get_key_usage(cert.get());
  d.digital_signature = (usage & KU_DIGITAL_SIGNATURE) != 0;
  d.key_cert_sign = (usage & KU_KEY_CERT_SIGN) != 0;
  return d;
}

std::vector<std::string> split_pem_certificates(std::string_view pem) {
  Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  check(bio != nullptr, "out of memory");
  std::vector<std::string> out;
  for (;;) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long len = 0;
    if (PEM_read_bio(bio.get(), &name, &header, &data, &len) != 1) break;
    std::string type(name);
    OPENSSL_free(name);
    OPENSSL_free(header);
    const unsigned char* p = data;
    Owned<X509> cert(type == "CERTIFICATE" ? d2i_X509(nullptr, &p, len) : nullptr);
    bool whole = cert && p == data + len;
    OPENSSL_free(data);
    check(whole, "PEM block is not a single DER certificate");
    out.push_back(x509_detail::certificate_to_pem(cert.get()));
  }
  ERR_clear_error();  // the loop ends on "no start line"
  check(!out.empty(), "no PEM certificate found");
  return out;
}

Bytes certificate_public_key(BytesView certificate_der) {
  const unsigned char* p = certificate_der.data();
  Owned<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(certificate_der.size())));
  check(cert != nullptr && p == certificate_der.data() + certificate_der.size(),
        "not a single DER certificate");
  // A private copy of the SubjectPublicKeyInfo key, so that setting its point
  // format does not touch the certificate.
  unsigned char* spki = nullptr;
  int spki_len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), &spki);
  check(spki_len > 0, "cannot encode certificate public key");
  const unsigned char* q = spki;
  Owned<EVP_PKEY> key(d2i_PUBKEY(nullptr, &q, spki_len));
  OPENSSL_free(spki);
  check(key != nullptr, "unreadable certificate public key");
  auto type = raw_key_type(key.get());
  check(type.has_value(), "unsupported certificate public key type");
  if (detail::is_nist_curve(*type)) {
    check(EVP_PKEY_set_utf8_string_param(key.get(), OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                         OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED) == 1,
          "cannot export certificate public key");
  }
  try {
    return detail::raw_public_key(*type, key.get());
  } catch (const CryptoError&) {
    check(false, "cannot export certificate public key");
  }
  return {};
}

}  // namespace zt::crypto
