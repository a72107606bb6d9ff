#include "zt/crypto/x509_certificate.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "x509_openssl.h"

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

}  // namespace zt::crypto
