// X.509 certificates as zt sees them: PEM in, readable details out.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "zt/base/bytes.h"

namespace zt::crypto {

// A certificate, CSR or chain that cannot be parsed, issued or verified.
// Messages never contain key material.
class X509Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CertificateDetails {
  std::string subject;  // one-line RFC 2253 form, e.g. "CN=dev1,O=org"
  std::string issuer;
  std::string serial_hex;
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  std::vector<std::string> uri_sans;
  bool is_ca = false;
  bool digital_signature = false;  // keyUsage bits
  bool key_cert_sign = false;
};

// Throws X509Error if `pem` is not exactly one certificate.
CertificateDetails describe_certificate(std::string_view pem);

// Splits a PEM bundle into single certificates (each re-encoded as PEM).
// Throws X509Error on anything that is not a certificate, or on an empty bundle.
std::vector<std::string> split_pem_certificates(std::string_view pem);

// The public key of a DER certificate's SubjectPublicKeyInfo in the raw form
// MLS signature schemes use: Ed25519/Ed448 raw bytes, ECDSA P-256/P-384/P-521
// uncompressed SEC1 point. Throws X509Error if `certificate_der` is not exactly
// one DER certificate or its key is of another type.
Bytes certificate_public_key(BytesView certificate_der);

}  // namespace zt::crypto
