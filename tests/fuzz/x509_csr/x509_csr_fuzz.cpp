// Fuzzes issuing a leaf certificate from an arbitrary PKCS#10 request, the
// path Control Hub takes for POST .../csr. Input: PEM text when it starts
// with "-----BEGIN", otherwise raw DER that is wrapped in a CERTIFICATE
// REQUEST PEM block (so mutations reach the DER parser directly).
//
// Properties: issue_from_csr either throws X509Error or returns one
// certificate that carries exactly the profile's names, is not a CA, has
// keyUsage digitalSignature only, and chains to the fixed org CA and root.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "zt/auth/base64url.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/crypto/x509_chain.h"
#include "zt/crypto/x509_issuer.h"

namespace {

using namespace zt::crypto;
using namespace std::chrono_literals;

const std::chrono::system_clock::time_point kNow{std::chrono::seconds(1'800'000'000)};

struct Ca {
  SecretBytes root_key = generate_x509_private_key();
  SecretBytes org_key = generate_x509_private_key();
  std::string root_pem = create_root_ca(root_key, {"fuzz root", "zt", kNow - 1h, kNow + 24h * 365, 1});
  std::string org_pem =
      issue_intermediate_ca(org_key, {"fuzz org CA", "o1", kNow - 1h, kNow + 24h * 30, 0}, root_pem, root_key);
};

const Ca& ca() {
  static const Ca kCa;
  return kCa;
}

const LeafProfile& profile() {
  static const LeafProfile kProfile{"device d1", {"zt:org:o1:user:u1", "zt:org:o1:device:d1"}, kNow - 1min,
                                    kNow + 24h};
  return kProfile;
}

// PEM is base64 with '+' '/' and padding; zt's base64url differs only there.
std::string der_to_csr_pem(std::string_view der) {
  std::string b64 = zt::auth::base64url_encode(zt::as_bytes(der));
  for (char& c : b64) c = c == '-' ? '+' : c == '_' ? '/' : c;
  b64.append((4 - b64.size() % 4) % 4, '=');
  std::string pem = "-----BEGIN CERTIFICATE REQUEST-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) pem += b64.substr(i, 64) + "\n";
  return pem + "-----END CERTIFICATE REQUEST-----\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string csr = input.starts_with("-----BEGIN") ? std::string(input) : der_to_csr_pem(input);
  std::string leaf;
  try {
    leaf = issue_from_csr(csr, profile(), ca().org_pem, ca().org_key);
  } catch (const X509Error&) {
    return 0;
  }
  CertificateDetails d = describe_certificate(leaf);
  if (d.subject != "CN=device d1" || d.uri_sans != profile().uri_sans || d.is_ca || !d.digital_signature ||
      d.key_cert_sign) {
    std::abort();
  }
  if (!verify_certificate_chain(leaf, {{ca().org_pem}, {ca().root_pem}, kNow})) std::abort();
  return 0;
}
