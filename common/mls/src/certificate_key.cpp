// The subject public key of a DER certificate (via zt::crypto's X.509 code)
// and DER -> PEM.
#include <string>

#include "zt/crypto/x509_certificate.h"
#include "zt/mls/credential_validation.h"

namespace zt::mls {

Bytes certificate_public_key(BytesView der) {
  try {
    return crypto::certificate_public_key(der);
  } catch (const crypto::X509Error&) {
    throw CredentialError(CredentialFailure::kMalformed, "malformed certificate DER");
  }
}

std::string certificate_pem(BytesView der) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string b64;
  for (size_t i = 0; i < der.size(); i += 3) {
    uint32_t n = static_cast<uint32_t>(der[i]) << 16;
    if (i + 1 < der.size()) n |= static_cast<uint32_t>(der[i + 1]) << 8;
    if (i + 2 < der.size()) n |= der[i + 2];
    b64 += kAlphabet[(n >> 18) & 63];
    b64 += kAlphabet[(n >> 12) & 63];
    b64 += i + 1 < der.size() ? kAlphabet[(n >> 6) & 63] : '=';
    b64 += i + 2 < der.size() ? kAlphabet[n & 63] : '=';
  }
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) pem += b64.substr(i, 64) + "\n";
  return pem + "-----END CERTIFICATE-----\n";
}

}  // namespace zt::mls
