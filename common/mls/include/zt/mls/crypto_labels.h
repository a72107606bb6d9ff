// The labelled cryptographic helpers of RFC 9420 (sections 5.1.2, 5.1.3,
// 5.2, 8): ExpandWithLabel, DeriveSecret, DeriveTreeSecret, RefHash,
// SignWithLabel / VerifyWithLabel, EncryptWithLabel / DecryptWithLabel, and
// the KeyPackage and Proposal references. Labels are passed without the
// "MLS 1.0 " prefix (except RefHash, whose label is used as given).
// Control plane: crypto failures throw zt::crypto::CryptoError.
#pragma once

#include <cstdint>
#include <string_view>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/crypto/cipher_suite.h"
#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/framing.h"
#include "zt/mls/key_package.h"
#include "zt/mls/update_path.h"

namespace zt::mls {

// The algorithms of the suite a wire CipherSuite id names; throws crypto::CryptoError(kUnsupported)
// for an unknown id.
const crypto::SuiteAlgorithms& suite_algorithms(CipherSuite id);

// KDF.Expand(secret, KDFLabel{length, "MLS 1.0 " + label, context}, length).
crypto::SecretBytes expand_with_label(const crypto::SuiteAlgorithms& suite, BytesView secret,
                                      std::string_view label, BytesView context, size_t length);
// ExpandWithLabel(secret, label, "", Nh).
crypto::SecretBytes derive_secret(const crypto::SuiteAlgorithms& suite, BytesView secret,
                                  std::string_view label);
// ExpandWithLabel(secret, label, uint32(generation), length).
crypto::SecretBytes derive_tree_secret(const crypto::SuiteAlgorithms& suite, BytesView secret,
                                       std::string_view label, uint32_t generation, size_t length);
// KDF.Extract(salt, ikm).
crypto::SecretBytes kdf_extract(const crypto::SuiteAlgorithms& suite, BytesView salt,
                                BytesView ikm);
// Nh zero bytes (the default commit_secret / psk_secret).
Bytes zero_secret(const crypto::SuiteAlgorithms& suite);

// Hash(RefHashInput{label, value}); `label` is used verbatim.
Bytes ref_hash(const crypto::SuiteAlgorithms& suite, std::string_view label, BytesView value);
KeyPackageRef make_key_package_ref(const crypto::SuiteAlgorithms& suite,
                                   const KeyPackage& key_package);
ProposalRef make_proposal_ref(const crypto::SuiteAlgorithms& suite,
                              const AuthenticatedContent& proposal);

// The bytes SignWithLabel signs: SignContent{"MLS 1.0 " + label, content}.
Bytes sign_content(std::string_view label, BytesView content);
// Signature over SignContent{"MLS 1.0 " + label, content}.
Bytes sign_with_label(const crypto::SuiteAlgorithms& suite, BytesView signature_private_key,
                      std::string_view label, BytesView content);
// False for a wrong or malformed signature or public key.
bool verify_with_label(const crypto::SuiteAlgorithms& suite, BytesView signature_public_key,
                       std::string_view label, BytesView content, BytesView signature);

// HPKE SealBase(pub, EncryptContext{"MLS 1.0 " + label, context}, "", plaintext).
HpkeCiphertext encrypt_with_label(const crypto::SuiteAlgorithms& suite, BytesView public_key,
                                  std::string_view label, BytesView context, BytesView plaintext,
                                  crypto::RandomSource& random = crypto::SystemRandom::instance());
// The plaintext (a path secret, GroupSecrets) opened into secret memory.
// kAuthenticationFailed / kInvalidInput / kInvalidKey on bad input.
Expected<crypto::SecretBytes, crypto::CryptoError> decrypt_with_label(
    const crypto::SuiteAlgorithms& suite, BytesView private_key, std::string_view label,
    BytesView context, BytesView kem_output, BytesView ciphertext);

}  // namespace zt::mls
