#include "zt/crypto/signature.h"

#include <openssl/evp.h>
#include <sodium.h>

#include "algorithms.h"
#include "ed25519_batch.h"
#include "openssl_check.h"
#include "raw_keys.h"

namespace zt::crypto {
namespace {

using detail::KeyType;
using detail::ossl_check;

KeyType key_type(SignatureScheme scheme) {
  switch (scheme) {
    case SignatureScheme::kEcdsaP256Sha256:
      return KeyType::kP256;
    case SignatureScheme::kEcdsaP384Sha384:
      return KeyType::kP384;
    case SignatureScheme::kEcdsaP521Sha512:
      return KeyType::kP521;
    case SignatureScheme::kEd25519:
      return KeyType::kEd25519;
    case SignatureScheme::kEd448:
      return KeyType::kEd448;
  }
  throw CryptoError(CryptoErrorCode::kUnsupported, "unknown signature scheme");
}

// The digest ECDSA uses; EdDSA takes none.
const char* scheme_md(SignatureScheme scheme) {
  switch (scheme) {
    case SignatureScheme::kEcdsaP256Sha256:
      return detail::md_name(HashAlgorithm::kSha256);
    case SignatureScheme::kEcdsaP384Sha384:
      return detail::md_name(HashAlgorithm::kSha384);
    case SignatureScheme::kEcdsaP521Sha512:
      return detail::md_name(HashAlgorithm::kSha512);
    default:
      return nullptr;
  }
}

std::shared_ptr<evp_pkey_st> share(detail::PkeyPtr key) {
  return std::shared_ptr<evp_pkey_st>(key.release(), detail::OsslDeleter<EVP_PKEY_free>());
}

}  // namespace

namespace detail {

// Ed25519 verification (RFC 8032, cofactorless like OpenSSL's) through
// libsodium: about 0.65 M instructions against OpenSSL 3.0's 1.55 M, and an
// MLS join verifies one leaf signature per member. libsodium is stricter on
// the public key (canonical encoding, not of small order); such keys cannot
// come from an honest signer.
void sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw CryptoError(CryptoErrorCode::kUnsupported, "libsodium failed to initialize");
}

bool ed25519_verify(BytesView public_key, BytesView message, BytesView signature) {
  sodium_ready();
  if (public_key.size() != crypto_sign_ed25519_PUBLICKEYBYTES ||
      signature.size() != crypto_sign_ed25519_BYTES) {
    return false;
  }
  return crypto_sign_ed25519_verify_detached(signature.data(), message.data(), message.size(),
                                             public_key.data()) == 0;
}

}  // namespace detail

size_t signature_private_key_size(SignatureScheme scheme) {
  return detail::raw_private_size(key_type(scheme));
}
size_t signature_public_key_size(SignatureScheme scheme) {
  return detail::raw_public_size(key_type(scheme));
}

SigningKey SigningKey::generate(SignatureScheme scheme, RandomSource& random) {
  const SecretBytes raw = detail::random_private_key(key_type(scheme), random);
  return from_raw(scheme, raw.reveal());
}

SigningKey SigningKey::from_raw(SignatureScheme scheme, BytesView private_key) {
  return SigningKey(scheme, share(detail::private_key_from_raw(key_type(scheme), private_key)));
}

SecretBytes SigningKey::raw_private_key() const {
  return detail::raw_private_key(key_type(scheme_), key_.get());
}

Bytes SigningKey::public_key() const {
  return detail::raw_public_key(key_type(scheme_), key_.get());
}

Bytes SigningKey::sign(BytesView message) const {
  detail::MdCtxPtr ctx(ossl_check(EVP_MD_CTX_new(), "digest context allocation failed"));
  ossl_check(EVP_DigestSignInit_ex(ctx.get(), nullptr, scheme_md(scheme_), nullptr, nullptr,
                                   key_.get(), nullptr),
             "signing setup failed");
  size_t len = 0;
  ossl_check(EVP_DigestSign(ctx.get(), nullptr, &len, message.data(), message.size()),
             "signing failed");
  Bytes sig(len);
  ossl_check(EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()),
             "signing failed");
  sig.resize(len);
  return sig;
}

VerifyingKey VerifyingKey::from_raw(SignatureScheme scheme, BytesView public_key) {
  if (scheme == SignatureScheme::kEd25519) {
    if (public_key.size() != detail::raw_public_size(KeyType::kEd25519))
      throw CryptoError(CryptoErrorCode::kInvalidKey, "public key has the wrong length");
    return VerifyingKey(scheme, nullptr, Bytes(public_key.begin(), public_key.end()));
  }
  return VerifyingKey(scheme, share(detail::public_key_from_raw(key_type(scheme), public_key)),
                      Bytes(public_key.begin(), public_key.end()));
}

Bytes VerifyingKey::raw() const { return raw_; }

bool VerifyingKey::verify(BytesView message, BytesView signature) const {
  if (scheme_ == SignatureScheme::kEd25519) return detail::ed25519_verify(raw_, message, signature);
  detail::MdCtxPtr ctx(ossl_check(EVP_MD_CTX_new(), "digest context allocation failed"));
  ossl_check(EVP_DigestVerifyInit_ex(ctx.get(), nullptr, scheme_md(scheme_), nullptr, nullptr,
                                     key_.get(), nullptr),
             "verification setup failed");
  return detail::ossl_ok(EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                                          message.data(), message.size()));
}

Bytes derive_signature_public_key(SignatureScheme scheme, BytesView private_key) {
  return SigningKey::from_raw(scheme, private_key).public_key();
}

Bytes sign(SignatureScheme scheme, BytesView private_key, BytesView message) {
  return SigningKey::from_raw(scheme, private_key).sign(message);
}

bool verify(SignatureScheme scheme, BytesView public_key, BytesView message, BytesView signature) {
  return VerifyingKey::from_raw(scheme, public_key).verify(message, signature);
}

}  // namespace zt::crypto
