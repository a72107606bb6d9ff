// Ed25519 for JWS. zt_crypto has no raw-key Ed25519 API yet, so this file
// holds the one OpenSSL use outside common/crypto; replace it with the
// zt_crypto signature API when that lands (tracked in the controlhub report).
#include "ed25519_backend.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "zt/crypto/random.h"

namespace zt::auth::detail {
namespace {

struct KeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, CtxDeleter>;

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

Key private_key(BytesView seed) {
  Key k(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  require(k != nullptr, "bad Ed25519 seed");
  return k;
}

}  // namespace

Bytes ed25519_public_key(BytesView seed32) {
  Key k = private_key(seed32);
  Bytes pub(32);
  size_t len = pub.size();
  require(EVP_PKEY_get_raw_public_key(k.get(), pub.data(), &len) == 1 && len == 32,
          "cannot derive Ed25519 public key");
  return pub;
}

Bytes ed25519_sign(BytesView seed32, BytesView message) {
  Key k = private_key(seed32);
  MdCtx ctx(EVP_MD_CTX_new());
  require(ctx && EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, k.get()) == 1,
          "cannot start Ed25519 signature");
  Bytes sig(64);
  size_t len = sig.size();
  require(EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) == 1 && len == 64,
          "Ed25519 signature failed");
  return sig;
}

bool ed25519_verify(BytesView public_key32, BytesView message, BytesView signature) {
  if (public_key32.size() != 32 || signature.size() != 64) return false;
  Key k(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key32.data(), public_key32.size()));
  if (!k) return false;
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, k.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
}

Bytes random_seed32() { return crypto::SystemRandom::instance().bytes(32); }

void cleanse(Bytes& secret) {
  OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

}  // namespace zt::auth::detail
