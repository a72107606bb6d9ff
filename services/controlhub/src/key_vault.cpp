#include "key_vault.h"

#include <stdexcept>

#include "zt/crypto/aead.h"
#include "zt/crypto/hash.h"
#include "zt/crypto/random.h"

namespace zt::controlhub {
namespace {
constexpr auto kAlg = crypto::AeadAlgorithm::kAes256Gcm;
constexpr size_t kNonceSize = 12;
}  // namespace

KeyVault::KeyVault(std::string_view master_secret) {
  if (master_secret.size() < 16) throw std::invalid_argument("master key file holds fewer than 16 bytes");
  Bytes digest = crypto::hash(crypto::HashAlgorithm::kSha256, as_bytes(master_secret));
  key_ = crypto::SecretBytes(digest);
  std::fill(digest.begin(), digest.end(), 0);
}

Bytes KeyVault::seal(std::string_view purpose, const crypto::SecretBytes& plaintext) const {
  Bytes out(kNonceSize);
  crypto::SystemRandom::instance().fill(out);
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
  crypto::SecretBytes out(*pt);
  std::fill(pt->begin(), pt->end(), 0);
  return out;
}

}  // namespace zt::controlhub
