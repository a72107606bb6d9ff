#include "zt/crypto/kem.h"

#include <openssl/evp.h>

#include "labeled_kdf.h"
#include "openssl_check.h"
#include "raw_keys.h"

namespace zt::crypto {
namespace {

using detail::KeyType;
using detail::ossl_check;

struct KemParams {
  KeyType key_type;
  HashAlgorithm hash;
  size_t secret_size;
};

KemParams params(KemId id) {
  switch (id) {
    case KemId::kP256Sha256:
      return {KeyType::kP256, HashAlgorithm::kSha256, 32};
    case KemId::kP384Sha384:
      return {KeyType::kP384, HashAlgorithm::kSha384, 48};
    case KemId::kP521Sha512:
      return {KeyType::kP521, HashAlgorithm::kSha512, 64};
    case KemId::kX25519Sha256:
      return {KeyType::kX25519, HashAlgorithm::kSha256, 32};
    case KemId::kX448Sha512:
      return {KeyType::kX448, HashAlgorithm::kSha512, 64};
  }
  throw CryptoError(CryptoErrorCode::kUnsupported, "unknown KEM");
}

// DH(sk, pk): the shared X coordinate (P-curves) or u coordinate (X25519/X448).
// OpenSSL validates the peer key and rejects an all-zero X25519/X448 result.
void dh_into(EVP_PKEY* sk, EVP_PKEY* pk, MutableBytesView out) {
  detail::PkeyCtxPtr ctx(
      ossl_check(EVP_PKEY_CTX_new_from_pkey(nullptr, sk, nullptr), "DH context failed"));
  ossl_check(EVP_PKEY_derive_init(ctx.get()), "DH init failed");
  ossl_check(EVP_PKEY_derive_set_peer_ex(ctx.get(), pk, 1), "DH peer key rejected",
             CryptoErrorCode::kInvalidKey);
  size_t len = out.size();
  ossl_check(EVP_PKEY_derive(ctx.get(), out.data(), &len), "DH failed",
             CryptoErrorCode::kInvalidKey);
  ossl_check(len == out.size() ? 1 : 0, "DH output has the wrong length");
}

size_t dh_size(KeyType type) {
  return detail::is_nist_curve(type) ? detail::raw_private_size(type)
                                     : detail::raw_public_size(type);
}

SecretBytes dh(KeyType type, EVP_PKEY* sk, BytesView public_key) {
  SecretBytes out(dh_size(type));
  dh_into(sk, detail::public_key_from_raw(type, public_key).get(), out.reveal_mutable());
  return out;
}

Bytes concat3(BytesView a, BytesView b, BytesView c) {
  Bytes out = concat(a, b);
  out.insert(out.end(), c.begin(), c.end());
  return out;
}

SecretBytes join(const SecretBytes& a, const SecretBytes& b) {
  SecretBytes out(a.size() + b.size());
  auto it = std::copy(a.reveal().begin(), a.reveal().end(), out.reveal_mutable().begin());
  std::copy(b.reveal().begin(), b.reveal().end(), it);
  return out;
}

}  // namespace

Dhkem::Dhkem(KemId id) : id_(id) { params(id); }

HashAlgorithm Dhkem::hash() const { return params(id_).hash; }
size_t Dhkem::secret_size() const { return params(id_).secret_size; }
size_t Dhkem::enc_size() const { return public_key_size(); }
size_t Dhkem::public_key_size() const { return detail::raw_public_size(params(id_).key_type); }
size_t Dhkem::private_key_size() const { return detail::raw_private_size(params(id_).key_type); }

Bytes Dhkem::suite_id() const {
  const auto v = static_cast<uint16_t>(id_);
  return {'K', 'E', 'M', static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

KemKeyPair Dhkem::generate_key_pair(RandomSource& random) const {
  SecretBytes ikm(private_key_size());
  random.fill(ikm.reveal_mutable());
  return derive_key_pair(ikm.reveal());
}

KemKeyPair Dhkem::derive_key_pair(BytesView ikm) const {
  SecretBytes sk = derive_private_key(ikm);
  Bytes pk = public_key_of(sk.reveal());
  return {std::move(sk), std::move(pk)};
}

SecretBytes Dhkem::derive_private_key(BytesView ikm) const {
  const KemParams p = params(id_);
  const Bytes sid = suite_id();
  const SecretBytes prk = detail::labeled_extract(p.hash, sid, {}, "dkp_prk", ikm);
  const size_t nsk = private_key_size();
  if (!detail::is_nist_curve(p.key_type))
    return detail::labeled_expand(p.hash, sid, prk.reveal(), "sk", {}, nsk);
  const uint8_t bitmask = p.key_type == KeyType::kP521 ? 0x01 : 0xFF;
  for (unsigned counter = 0; counter <= 255; ++counter) {
    const uint8_t c = static_cast<uint8_t>(counter);
    SecretBytes sk =
        detail::labeled_expand(p.hash, sid, prk.reveal(), "candidate", BytesView(&c, 1), nsk);
    sk.reveal_mutable()[0] &= bitmask;
    if (detail::nist_scalar_in_range(p.key_type, sk.reveal())) return sk;
  }
  throw CryptoError(CryptoErrorCode::kInvalidInput, "DeriveKeyPair found no valid scalar");
}

Bytes Dhkem::public_key_of(BytesView private_key) const {
  const KeyType type = params(id_).key_type;
  return detail::raw_public_key(type, detail::private_key_from_raw(type, private_key).get());
}

void Dhkem::check_public_key(BytesView public_key) const {
  detail::public_key_from_raw(params(id_).key_type, public_key);
}

void Dhkem::check_private_key(BytesView private_key) const {
  detail::private_key_from_raw(params(id_).key_type, private_key);
}

SecretBytes Dhkem::extract_and_expand(BytesView dh, BytesView kem_context) const {
  const KemParams p = params(id_);
  const Bytes sid = suite_id();
  const SecretBytes eae_prk = detail::labeled_extract(p.hash, sid, {}, "eae_prk", dh);
  return detail::labeled_expand(p.hash, sid, eae_prk.reveal(), "shared_secret", kem_context,
                                p.secret_size);
}

// Each private key is imported once (an import computes its public key, one
// scalar multiplication) and reused for DH and for the KEM context.
EncapResult Dhkem::encap(BytesView public_key_r, RandomSource& random) const {
  const KeyType type = params(id_).key_type;
  SecretBytes ikm(private_key_size());
  random.fill(ikm.reveal_mutable());
  const detail::PkeyPtr sk_e =
      detail::private_key_from_raw(type, derive_private_key(ikm.reveal()).reveal());
  Bytes enc = detail::raw_public_key(type, sk_e.get());
  const SecretBytes dh_out = dh(type, sk_e.get(), public_key_r);
  return {extract_and_expand(dh_out.reveal(), concat(enc, public_key_r)), std::move(enc)};
}

SecretBytes Dhkem::decap(BytesView enc, BytesView private_key_r) const {
  const KeyType type = params(id_).key_type;
  const detail::PkeyPtr sk_r = detail::private_key_from_raw(type, private_key_r);
  const SecretBytes dh_out = dh(type, sk_r.get(), enc);
  return extract_and_expand(dh_out.reveal(), concat(enc, detail::raw_public_key(type, sk_r.get())));
}

EncapResult Dhkem::auth_encap(BytesView public_key_r, BytesView private_key_s,
                              RandomSource& random) const {
  const KeyType type = params(id_).key_type;
  SecretBytes ikm(private_key_size());
  random.fill(ikm.reveal_mutable());
  const detail::PkeyPtr sk_e =
      detail::private_key_from_raw(type, derive_private_key(ikm.reveal()).reveal());
  const detail::PkeyPtr sk_s = detail::private_key_from_raw(type, private_key_s);
  Bytes enc = detail::raw_public_key(type, sk_e.get());
  const SecretBytes dh_out =
      join(dh(type, sk_e.get(), public_key_r), dh(type, sk_s.get(), public_key_r));
  const Bytes kem_context = concat3(enc, public_key_r, detail::raw_public_key(type, sk_s.get()));
  return {extract_and_expand(dh_out.reveal(), kem_context), std::move(enc)};
}

SecretBytes Dhkem::auth_decap(BytesView enc, BytesView private_key_r,
                              BytesView public_key_s) const {
  const KeyType type = params(id_).key_type;
  const detail::PkeyPtr sk_r = detail::private_key_from_raw(type, private_key_r);
  const SecretBytes dh_out = join(dh(type, sk_r.get(), enc), dh(type, sk_r.get(), public_key_s));
  const Bytes kem_context = concat3(enc, detail::raw_public_key(type, sk_r.get()), public_key_s);
  return extract_and_expand(dh_out.reveal(), kem_context);
}

}  // namespace zt::crypto
