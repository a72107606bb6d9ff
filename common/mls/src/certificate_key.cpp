// The subject public key of a DER certificate and DER -> PEM, without
// OpenSSL: a bounds-checked walk over the few DER elements in front of
// SubjectPublicKeyInfo (RFC 5280 section 4.1).
#include <string>

#include "zt/mls/credential_validation.h"

namespace zt::mls {
namespace {

struct Der {
  BytesView in;
  size_t pos = 0;

  [[noreturn]] static void bad() { throw CredentialError(CredentialFailure::kMalformed, "malformed certificate DER"); }

  // Reads one TLV; returns its tag and sets `body`.
  uint8_t next(BytesView& body) {
    if (pos + 2 > in.size()) bad();
    uint8_t tag = in[pos++];
    size_t len = in[pos++];
    if (len & 0x80) {
      size_t n = len & 0x7f;
      if (n == 0 || n > 4 || pos + n > in.size()) bad();
      len = 0;
      for (size_t i = 0; i < n; ++i) len = (len << 8) | in[pos++];
    }
    if (len > in.size() - pos) bad();
    body = in.subspan(pos, len);
    pos += len;
    return tag;
  }
};

BytesView expect(Der& d, uint8_t tag) {
  BytesView body;
  if (d.next(body) != tag) Der::bad();
  return body;
}

}  // namespace

Bytes certificate_public_key(BytesView der) {
  Der outer{der};
  Der cert{expect(outer, 0x30)};
  Der tbs{expect(cert, 0x30)};
  BytesView body;
  uint8_t tag = tbs.next(body);
  if (tag == 0xa0) tag = tbs.next(body);  // [0] version, then serialNumber
  if (tag != 0x02) Der::bad();
  for (int i = 0; i < 4; ++i) expect(tbs, 0x30);  // signature, issuer, validity, subject
  Der spki{expect(tbs, 0x30)};
  expect(spki, 0x30);  // algorithm
  BytesView bits = expect(spki, 0x03);
  if (bits.empty() || bits[0] != 0) Der::bad();  // unused-bits octet
  return Bytes(bits.begin() + 1, bits.end());
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
