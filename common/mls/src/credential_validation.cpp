// CredentialVerifier: basic and X.509 credentials, verification status.
#include "zt/mls/credential_validation.h"

#include <algorithm>

#include "zt/crypto/x509_chain.h"

namespace zt::mls {
namespace {

bool is_signature_failure(const std::string& reason) {
  return reason.find("signature failure") != std::string::npos;
}

[[noreturn]] void reject(CredentialFailure failure, const std::string& what) {
  throw CredentialError(failure, what);
}

// Ok, or throws kBadSignature; returns false when the chain does not reach `roots`.
bool chains_to(std::string_view leaf, const crypto::ChainCheck& check) {
  if (check.roots_pem.empty()) return false;
  auto verified = crypto::verify_certificate_chain(leaf, check);
  if (verified) return true;
  if (is_signature_failure(verified.error())) {
    reject(CredentialFailure::kBadSignature, "certificate chain has a bad signature");
  }
  return false;
}

}  // namespace

std::string_view to_string(VerificationStatus status) {
  switch (status) {
    case VerificationStatus::kVerifiedExternal: return "verified_external";
    case VerificationStatus::kVerifiedInternal: return "verified_internal";
    case VerificationStatus::kUnverified: break;
  }
  return "unverified";
}

MemberIdentity CredentialVerifier::verify(const Credential& credential, BytesView signature_key) const {
  if (const auto* basic = std::get_if<BasicCredential>(&credential.value)) {
    return {VerificationStatus::kUnverified, basic->identity, std::nullopt};
  }
  if (const auto* x509 = std::get_if<X509Credential>(&credential.value)) {
    return verify_x509(*x509, signature_key);
  }
  reject(CredentialFailure::kUnsupportedType, "unsupported credential type");
}

MemberIdentity CredentialVerifier::verify_x509(const X509Credential& credential, BytesView signature_key) const {
  const auto& certs = credential.certificates;
  if (certs.empty()) reject(CredentialFailure::kMalformed, "X.509 credential without certificates");
  std::vector<std::string> pems;
  std::vector<crypto::CertificateDetails> details;
  for (const Certificate& cert : certs) {
    pems.push_back(certificate_pem(cert.cert_data));
    try {
      details.push_back(crypto::describe_certificate(pems.back()));
    } catch (const crypto::X509Error&) {
      reject(CredentialFailure::kMalformed, "X.509 credential holds an unparsable certificate");
    }
  }
  Bytes key = certificate_public_key(certs.front().cert_data);
  if (!std::equal(key.begin(), key.end(), signature_key.begin(), signature_key.end())) {
    reject(CredentialFailure::kKeyMismatch, "certificate key differs from the leaf signature key");
  }
  auto now = clock_->now();
  for (const auto& d : details) {
    if (now < d.not_before || now > d.not_after) {
      reject(CredentialFailure::kExpired, "certificate " + d.subject + " is outside its validity period");
    }
    const auto& revoked = trust_.revoked_serials_hex;
    if (std::find(revoked.begin(), revoked.end(), d.serial_hex) != revoked.end()) {
      reject(CredentialFailure::kRevoked, "certificate " + d.subject + " is revoked");
    }
  }

  MemberIdentity out{VerificationStatus::kUnverified, {}, details.front()};
  crypto::ChainCheck check{{pems.begin() + 1, pems.end()}, trust_.internal_roots_pem, now};
  if (chains_to(pems.front(), check)) {
    out.status = VerificationStatus::kVerifiedInternal;
    return out;
  }
  check.roots_pem = trust_.external_roots_pem;
  if (chains_to(pems.front(), check)) {
    out.status = VerificationStatus::kVerifiedExternal;
    return out;
  }
  // Chains to neither: still reject a chain whose own signatures are broken.
  check.roots_pem = {pems.back()};
  check.intermediates_pem.assign(pems.begin() + 1, pems.end());
  (void)chains_to(pems.front(), check);
  return out;
}

}  // namespace zt::mls
