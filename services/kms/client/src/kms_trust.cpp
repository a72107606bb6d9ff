#include "zt/kms/kms_trust.h"

#include <algorithm>

#include "zt/crypto/signature.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/crypto/x509_chain.h"
#include "zt/kms/session_crypto.h"

namespace zt::kms {

Bytes verified_session_key(const v1::SessionKey& published, const KmsTrust& trust,
                           std::chrono::system_clock::time_point now) {
  auto bad = [](const std::string& why) { return UntrustedSessionKey("KMS session key: " + why); };
  if (published.domain() != trust.domain)
    throw bad("it is for domain \"" + published.domain() + "\", not " + trust.domain);
  std::vector<std::string> certs;
  try {
    certs = crypto::split_pem_certificates(published.certificate_pem());
  } catch (const crypto::X509Error& e) {
    throw bad(std::string("certificate: ") + e.what());
  }
  crypto::ChainCheck check;
  check.intermediates_pem.assign(certs.begin() + 1, certs.end());
  check.roots_pem = trust.roots_pem;
  check.at = now;
  if (auto ok = crypto::verify_certificate_chain(certs.front(), check); !ok)
    throw bad("certificate does not chain to a trusted root: " + ok.error());
  auto details = crypto::describe_certificate(certs.front());
  const std::string uri = kms_certificate_uri(trust.domain);
  if (std::find(details.uri_sans.begin(), details.uri_sans.end(), uri) == details.uri_sans.end())
    throw bad("certificate does not name " + uri);
  Bytes pk(published.hpke_public_key().begin(), published.hpke_public_key().end());
  if (published.key_id() != session_key_id(pk)) throw bad("key id does not match the key");
  if (published.not_after_unix() < std::chrono::system_clock::to_time_t(now))
    throw bad("expired");
  Bytes signer;
  try {
    signer = crypto::certificate_public_key(certificate_der(certs.front()));
  } catch (const std::exception& e) {
    throw bad(std::string("certificate key: ") + e.what());
  }
  Bytes statement =
      session_key_statement(published.domain(), published.key_id(), pk, published.not_after_unix());
  Bytes sig(published.signature().begin(), published.signature().end());
  if (signer.size() != 32 ||
      !crypto::verify(crypto::SignatureScheme::kEd25519, signer, statement, sig))
    throw bad("the signature by the certificate's key does not verify");
  return pk;
}

}  // namespace zt::kms
