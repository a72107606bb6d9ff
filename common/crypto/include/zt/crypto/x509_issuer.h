// A certificate authority in software: CA keys, self-signed roots,
// intermediates, and leaf certificates issued from PKCS#10 requests.
// Keys are Ed25519, carried as PKCS#8 DER inside SecretBytes.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "zt/crypto/secret_bytes.h"
#include "zt/crypto/x509_certificate.h"

namespace zt::crypto {

// A fresh Ed25519 private key, PKCS#8 DER.
SecretBytes generate_x509_private_key();

struct CaProfile {
  std::string common_name;
  std::string organization;  // may be empty
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  int path_length = -1;      // -1: no pathLenConstraint
};

struct LeafProfile {
  std::string common_name;
  std::vector<std::string> uri_sans;  // e.g. "zt:org:<id>:user:<id>"
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
};

// The certificate's PEM. All throw X509Error.
std::string create_root_ca(const SecretBytes& key, const CaProfile& profile);
std::string issue_intermediate_ca(const SecretBytes& child_key, const CaProfile& profile,
                                  std::string_view issuer_cert_pem, const SecretBytes& issuer_key);

// Checks the CSR's own signature, then issues a leaf with the subject key of
// the CSR, the profile's names (the CSR's requested names are ignored),
// keyUsage digitalSignature (critical), basicConstraints CA:FALSE and a
// random serial.
std::string issue_from_csr(std::string_view csr_pem, const LeafProfile& profile,
                           std::string_view issuer_cert_pem, const SecretBytes& issuer_key);

// A PKCS#10 request signed by `key` (clients and tests).
std::string create_csr(const SecretBytes& key, std::string_view common_name);

}  // namespace zt::crypto
