#include "raw_keys.h"

#include <openssl/core_names.h>
#include <openssl/obj_mac.h>

#include "openssl_check.h"
#include "zt/crypto/random.h"

namespace zt::crypto::detail {
namespace {

constexpr auto kBadKey = CryptoErrorCode::kInvalidKey;

int raw_nid(KeyType type) {
  switch (type) {
    case KeyType::kX25519:
      return EVP_PKEY_X25519;
    case KeyType::kX448:
      return EVP_PKEY_X448;
    case KeyType::kEd25519:
      return EVP_PKEY_ED25519;
    case KeyType::kEd448:
      return EVP_PKEY_ED448;
    default:
      throw CryptoError(CryptoErrorCode::kUnsupported, "not a raw-key curve");
  }
}

const char* group_name(KeyType type) {
  switch (type) {
    case KeyType::kP256:
      return "P-256";
    case KeyType::kP384:
      return "P-384";
    case KeyType::kP521:
      return "P-521";
    default:
      throw CryptoError(CryptoErrorCode::kUnsupported, "not a NIST curve");
  }
}

int group_nid(KeyType type) {
  switch (type) {
    case KeyType::kP256:
      return NID_X9_62_prime256v1;
    case KeyType::kP384:
      return NID_secp384r1;
    case KeyType::kP521:
      return NID_secp521r1;
    default:
      throw CryptoError(CryptoErrorCode::kUnsupported, "not a NIST curve");
  }
}

EcGroupPtr new_group(KeyType type) {
  return EcGroupPtr(
      ossl_check(EC_GROUP_new_by_curve_name(group_nid(type)), "EC group unavailable"));
}

// The uncompressed public point for a private scalar.
Bytes nist_public_from_scalar(KeyType type, const BIGNUM* scalar) {
  EcGroupPtr group = new_group(type);
  BnCtxPtr bn_ctx(ossl_check(BN_CTX_new(), "BN_CTX allocation failed"));
  EcPointPtr point(ossl_check(EC_POINT_new(group.get()), "EC point allocation failed"));
  ossl_check(EC_POINT_mul(group.get(), point.get(), scalar, nullptr, nullptr, bn_ctx.get()),
             "EC scalar mult failed");
  Bytes out(raw_public_size(type));
  const size_t n = EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED,
                                      out.data(), out.size(), bn_ctx.get());
  ossl_check(n == out.size() ? 1 : 0, "EC point encoding failed");
  return out;
}

PkeyPtr nist_key_from_params(KeyType type, const BIGNUM* scalar, BytesView point) {
  ParamBldPtr bld(ossl_check(OSSL_PARAM_BLD_new(), "param builder allocation failed"));
  ossl_check(
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group_name(type), 0),
      "param build failed");
  ossl_check(OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                              point.size()),
             "param build failed");
  if (scalar != nullptr) {
    ossl_check(OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar),
               "param build failed");
  }
  ParamPtr params(ossl_check(OSSL_PARAM_BLD_to_param(bld.get()), "param build failed"));
  PkeyCtxPtr ctx(
      ossl_check(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr), "EC context failed"));
  ossl_check(EVP_PKEY_fromdata_init(ctx.get()), "EC import failed");
  EVP_PKEY* key = nullptr;
  ossl_check(
      EVP_PKEY_fromdata(ctx.get(), &key, scalar != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                        params.get()),
      "EC key rejected", kBadKey);
  return PkeyPtr(key);
}

}  // namespace

bool is_nist_curve(KeyType type) {
  return type == KeyType::kP256 || type == KeyType::kP384 || type == KeyType::kP521;
}

size_t raw_private_size(KeyType type) {
  constexpr size_t kSizes[] = {32, 56, 32, 57, 32, 48, 66};
  return kSizes[static_cast<size_t>(type)];
}

size_t raw_public_size(KeyType type) {
  constexpr size_t kSizes[] = {32, 56, 32, 57, 65, 97, 133};
  return kSizes[static_cast<size_t>(type)];
}

bool nist_scalar_in_range(KeyType type, BytesView scalar) {
  BignumPtr s(ossl_check(BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), nullptr),
                         "BN allocation failed"));
  EcGroupPtr group = new_group(type);
  return !BN_is_zero(s.get()) && BN_cmp(s.get(), EC_GROUP_get0_order(group.get())) < 0;
}

PkeyPtr private_key_from_raw(KeyType type, BytesView raw) {
  if (raw.size() != raw_private_size(type))
    throw CryptoError(kBadKey, "private key has the wrong length");
  if (!is_nist_curve(type)) {
    return PkeyPtr(
        ossl_check(EVP_PKEY_new_raw_private_key(raw_nid(type), nullptr, raw.data(), raw.size()),
                   "private key rejected", kBadKey));
  }
  if (!nist_scalar_in_range(type, raw)) throw CryptoError(kBadKey, "private scalar out of range");
  BignumPtr scalar(ossl_check(BN_secure_new(), "BN allocation failed"));
  ossl_check(BN_bin2bn(raw.data(), static_cast<int>(raw.size()), scalar.get()), "BN decode failed");
  const Bytes point = nist_public_from_scalar(type, scalar.get());
  return nist_key_from_params(type, scalar.get(), point);
}

PkeyPtr public_key_from_raw(KeyType type, BytesView raw) {
  if (raw.size() != raw_public_size(type))
    throw CryptoError(kBadKey, "public key has the wrong length");
  if (!is_nist_curve(type)) {
    return PkeyPtr(
        ossl_check(EVP_PKEY_new_raw_public_key(raw_nid(type), nullptr, raw.data(), raw.size()),
                   "public key rejected", kBadKey));
  }
  if (raw[0] != 0x04) throw CryptoError(kBadKey, "public key is not an uncompressed point");
  return nist_key_from_params(type, nullptr, raw);  // OpenSSL checks the point is on the curve
}

SecretBytes raw_private_key(KeyType type, const EVP_PKEY* key) {
  SecretBytes out(raw_private_size(type));
  MutableBytesView buf = out.reveal_mutable();
  if (!is_nist_curve(type)) {
    size_t len = buf.size();
    ossl_check(EVP_PKEY_get_raw_private_key(key, buf.data(), &len), "private key export failed");
    ossl_check(len == buf.size() ? 1 : 0, "private key export has the wrong length");
    return out;
  }
  BIGNUM* raw_bn = nullptr;
  ossl_check(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &raw_bn),
             "private key export failed");
  BignumPtr scalar(raw_bn);
  ossl_check(BN_bn2binpad(scalar.get(), buf.data(), static_cast<int>(buf.size())) ==
                     static_cast<int>(buf.size())
                 ? 1
                 : 0,
             "private key export failed");
  return out;
}

Bytes raw_public_key(KeyType type, const EVP_PKEY* key) {
  Bytes out(raw_public_size(type));
  size_t len = out.size();
  if (!is_nist_curve(type)) {
    ossl_check(EVP_PKEY_get_raw_public_key(key, out.data(), &len), "public key export failed");
  } else {
    ossl_check(
        EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, out.data(), out.size(), &len),
        "public key export failed");
  }
  ossl_check(len == out.size() ? 1 : 0, "public key export has the wrong length");
  return out;
}

SecretBytes random_private_key(KeyType type, RandomSource& random) {
  SecretBytes key(raw_private_size(type));
  for (int attempt = 0; attempt < 256; ++attempt) {
    random.fill(key.reveal_mutable());
    if (!is_nist_curve(type)) return key;
    if (type == KeyType::kP521) key.reveal_mutable()[0] &= 0x01;
    if (nist_scalar_in_range(type, key.reveal())) return key;
  }
  throw CryptoError(CryptoErrorCode::kOpenSslFailure, "random source produced no valid scalar");
}

}  // namespace zt::crypto::detail
