// Credential validation and member verification status (RFC 9420 section
// 5.3.1; issue 4 item 3). A basic credential is accepted as `unverified`.
// An X.509 credential (end-entity first) must carry the leaf's signature
// key, be within its validity period, not be revoked by configuration and
// have intact signatures; it is then `verified_internal` (chains to the
// org's CA), `verified_external` (chains to a trusted external CA) or
// `unverified` (chains to neither). A credential that fails validation is
// rejected (CredentialError), never downgraded.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "zt/mls/error.h"
#include "zt/base/clock.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/mls/credential.h"

namespace zt::mls {

enum class VerificationStatus : uint8_t { kUnverified, kVerifiedInternal, kVerifiedExternal };

std::string_view to_string(VerificationStatus status);  // "verified_external" ...

enum class CredentialFailure : uint8_t {
  kMalformed,         // not a certificate, empty chain
  kKeyMismatch,       // end-entity key differs from the LeafNode signature key
  kExpired,           // outside a certificate's validity period
  kRevoked,           // a serial listed in the trust configuration
  kBadSignature,      // a certificate signature in the chain does not verify
  kUnsupportedType,   // a credential type we do not know
};

class CredentialError : public Error {
 public:
  CredentialError(CredentialFailure failure, const std::string& what)
      : Error(ErrorCategory::kCredential, what), failure_(failure) {}
  CredentialFailure failure() const { return failure_; }

 private:
  CredentialFailure failure_;
};

struct CredentialTrust {
  std::vector<std::string> internal_roots_pem;  // the org's CA roots
  std::vector<std::string> external_roots_pem;  // trusted external CAs
  std::vector<std::string> revoked_serials_hex; // lower-case hex, as CertificateDetails::serial_hex
};

// What a member's roster entry shows.
struct MemberIdentity {
  VerificationStatus status = VerificationStatus::kUnverified;
  Bytes basic_identity;                                  // basic credentials
  std::optional<crypto::CertificateDetails> certificate; // end-entity details (X.509)
};

// The end-entity certificate's public key in the MLS SignaturePublicKey
// form (the SubjectPublicKeyInfo BIT STRING: raw EdDSA key or SEC1 point).
// Throws CredentialError(kMalformed).
Bytes certificate_public_key(BytesView der);

// DER -> PEM ("-----BEGIN CERTIFICATE-----" ...).
std::string certificate_pem(BytesView der);

class CredentialVerifier {
 public:
  CredentialVerifier(CredentialTrust trust, const Clock& clock) : trust_(std::move(trust)), clock_(&clock) {}

  // Throws CredentialError when the credential must be rejected.
  MemberIdentity verify(const Credential& credential, BytesView signature_key) const;

 private:
  MemberIdentity verify_x509(const X509Credential& credential, BytesView signature_key) const;

  CredentialTrust trust_;
  const Clock* clock_;
};

}  // namespace zt::mls
