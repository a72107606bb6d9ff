#include "zt/mls/crypto_labels.h"

#include <algorithm>

#include "zt/crypto/hash.h"
#include "zt/crypto/hkdf.h"
#include "zt/crypto/hpke.h"
#include "zt/crypto/signature.h"
#include "zt/mls/labels.h"

namespace zt::mls {
namespace {

constexpr std::string_view kKeyPackageRefLabel = "MLS 1.0 KeyPackage Reference";
constexpr std::string_view kProposalRefLabel = "MLS 1.0 Proposal Reference";

// The TLS encoding of KDFLabel, written directly to avoid building the struct.
Bytes kdf_label(std::string_view label, BytesView context, size_t length) {
  Bytes out;
  out.reserve(2 + 2 + kLabelPrefix.size() + label.size() + 4 + context.size());
  Writer w(out);
  w.u16(static_cast<uint16_t>(length));
  w.varint(kLabelPrefix.size() + label.size());
  w.raw(as_bytes(kLabelPrefix));
  w.raw(as_bytes(label));
  w.opaque(context);
  return out;
}

Bytes encrypt_context(std::string_view label, BytesView context) {
  return encode(EncryptContext{mls_label(label), Bytes(context.begin(), context.end())});
}

// ECDSA private keys are big-endian scalars; some encoders drop leading zero
// bytes (a P-521 scalar in 65 bytes), so shorter scalars are left-padded.
crypto::SecretBytes full_length_private_key(crypto::SignatureScheme scheme, BytesView key) {
  const size_t want = crypto::signature_private_key_size(scheme);
  crypto::SecretBytes out(std::max(want, key.size()));
  std::copy(key.begin(), key.end(),
            out.reveal_mutable().end() - static_cast<std::ptrdiff_t>(key.size()));
  return out;
}

bool is_ecdsa(crypto::SignatureScheme scheme) {
  return scheme != crypto::SignatureScheme::kEd25519 && scheme != crypto::SignatureScheme::kEd448;
}

}  // namespace

Bytes sign_content(std::string_view label, BytesView content) {
  return encode(SignContent{mls_label(label), Bytes(content.begin(), content.end())});
}

const crypto::SuiteAlgorithms& suite_algorithms(CipherSuite id) {
  return crypto::suite_algorithms(static_cast<crypto::CipherSuiteId>(id));
}

crypto::SecretBytes expand_with_label(const crypto::SuiteAlgorithms& suite, BytesView secret,
                                      std::string_view label, BytesView context, size_t length) {
  return crypto::hkdf_expand(suite.hash, secret, kdf_label(label, context, length), length);
}

crypto::SecretBytes derive_secret(const crypto::SuiteAlgorithms& suite, BytesView secret,
                                  std::string_view label) {
  return expand_with_label(suite, secret, label, {}, suite.nh);
}

crypto::SecretBytes derive_tree_secret(const crypto::SuiteAlgorithms& suite, BytesView secret,
                                       std::string_view label, uint32_t generation, size_t length) {
  const uint8_t context[4] = {
      static_cast<uint8_t>(generation >> 24), static_cast<uint8_t>(generation >> 16),
      static_cast<uint8_t>(generation >> 8), static_cast<uint8_t>(generation)};
  return expand_with_label(suite, secret, label, context, length);
}

crypto::SecretBytes kdf_extract(const crypto::SuiteAlgorithms& suite, BytesView salt,
                                BytesView ikm) {
  return crypto::hkdf_extract(suite.hash, salt, ikm);
}

Bytes zero_secret(const crypto::SuiteAlgorithms& suite) { return Bytes(suite.nh, 0); }

Bytes ref_hash(const crypto::SuiteAlgorithms& suite, std::string_view label, BytesView value) {
  Bytes input = encode(RefHashInput{Bytes(as_bytes(label).begin(), as_bytes(label).end()),
                                    Bytes(value.begin(), value.end())});
  return crypto::hash(suite.hash, input);
}

KeyPackageRef make_key_package_ref(const crypto::SuiteAlgorithms& suite,
                                   const KeyPackage& key_package) {
  return ref_hash(suite, kKeyPackageRefLabel, encode(key_package));
}

ProposalRef make_proposal_ref(const crypto::SuiteAlgorithms& suite,
                              const AuthenticatedContent& proposal) {
  return ref_hash(suite, kProposalRefLabel, encode(proposal));
}

Bytes sign_with_label(const crypto::SuiteAlgorithms& suite, BytesView signature_private_key,
                      std::string_view label, BytesView content) {
  if (is_ecdsa(suite.signature) &&
      signature_private_key.size() < crypto::signature_private_key_size(suite.signature)) {
    const crypto::SecretBytes padded =
        full_length_private_key(suite.signature, signature_private_key);
    return crypto::sign(suite.signature, padded.reveal(), sign_content(label, content));
  }
  return crypto::sign(suite.signature, signature_private_key, sign_content(label, content));
}

bool verify_with_label(const crypto::SuiteAlgorithms& suite, BytesView signature_public_key,
                       std::string_view label, BytesView content, BytesView signature) {
  try {
    return crypto::verify(suite.signature, signature_public_key, sign_content(label, content),
                          signature);
  } catch (const crypto::CryptoError&) {
    return false;  // a malformed public key verifies nothing
  }
}

HpkeCiphertext encrypt_with_label(const crypto::SuiteAlgorithms& suite, BytesView public_key,
                                  std::string_view label, BytesView context, BytesView plaintext,
                                  crypto::RandomSource& random) {
  const Bytes info = encrypt_context(label, context);
  crypto::HpkeSetup setup;
  setup.info = info;
  auto sealed = crypto::Hpke(suite.hpke_suite()).seal(public_key, setup, {}, plaintext, random);
  return HpkeCiphertext{std::move(sealed.enc), std::move(sealed.ciphertext)};
}

Expected<crypto::SecretBytes, crypto::CryptoError> decrypt_with_label(
    const crypto::SuiteAlgorithms& suite, BytesView private_key, std::string_view label,
    BytesView context, BytesView kem_output, BytesView ciphertext) {
  const Bytes info = encrypt_context(label, context);
  crypto::HpkeSetup setup;
  setup.info = info;
  try {
    return crypto::Hpke(suite.hpke_suite()).open_secret(kem_output, private_key, setup, {}, ciphertext);
  } catch (const crypto::CryptoError& e) {
    return unexpected(e);  // a malformed kem_output or key
  }
}

}  // namespace zt::mls
