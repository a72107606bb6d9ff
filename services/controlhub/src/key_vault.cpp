#include "key_vault.h"

#include <stdexcept>

#include "zt/crypto/aead.h"
#include "zt/crypto/hash.h"

namespace zt::controlhub {
namespace {
constexpr auto kAlg = crypto::AeadAlgorithm::kAes256Gcm;
constexpr size_t kNonceSize = 12;
}  // namespace

KeyVault::KeyVault(const crypto::SecretBytes& master_secret, crypto::RandomSource& random)
    : random_(random) {
  if (master_secret.size() < 16) throw std::invalid_argument("master key file holds fewer than 16 bytes");
  key_ = crypto::SecretBytes::adopt(crypto::hash(crypto::HashAlgorithm::kSha256, master_secret.reveal()));
}

Bytes KeyVault::seal(std::string_view purpose, const crypto::SecretBytes& plaintext) const {
  Bytes out(kNonceSize);
  random_.fill(out);
  Bytes ct = crypto::aead_seal(kAlg, key_.reveal(), out, as_bytes(purpose), plaintext.reveal());
  out.resize(kNonceSize + ct.size());
  std::copy(ct.begin(), ct.end(), out.begin() + kNonceSize);
  return out;
}

crypto::SecretBytes KeyVault::open(std::string_view purpose, BytesView sealed) const {
  if (sealed.size() < kNonceSize) throw std::runtime_error("sealed secret is truncated");
  auto pt = crypto::aead_open(kAlg, key_.reveal(), sealed.first(kNonceSize), as_bytes(purpose),
                              sealed.subspan(kNonceSize));
  if (!pt) throw std::runtime_error("sealed secret does not open under the master key");
  return crypto::SecretBytes::adopt(std::move(*pt));
}

}  // namespace zt::controlhub
