#include "grant_keys.h"

#include <stdexcept>

#include "zt/crypto/hkdf.h"

namespace zt::delivery {
namespace {

constexpr std::string_view kSalt = "zt-delivery media grant keys v1";

BytesView view(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

}  // namespace

GrantKeyRing::GrantKeyRing(const crypto::SecretBytes& root, const Clock& clock,
                           GrantKeyOptions options)
    : clock_(clock), options_(options) {
  if (root.empty()) throw std::invalid_argument("the grant key secret is empty");
  if (options_.grant_ttl.count() <= 0 || options_.grant_ttl >= options_.rotation) {
    throw std::invalid_argument(
        "media grants must live a positive time shorter than the grant key rotation period");
  }
  prk_ = crypto::hkdf_extract(crypto::HashAlgorithm::kSha256, view(kSalt), root.reveal());
}

int64_t GrantKeyRing::period_now() const {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch());
  return now.count() / options_.rotation.count();
}

const auth::JwsSigner& GrantKeyRing::signer(int64_t period) {
  auto it = signers_.find(period);
  if (it != signers_.end()) return it->second;
  std::string info = "media grant key " + std::to_string(period);
  crypto::SecretBytes seed = crypto::hkdf_expand(crypto::HashAlgorithm::kSha256, prk_.reveal(),
                                                 view(info), 32);
  auto [at, _] = signers_.emplace(period, auth::JwsSigner(kid_of(period), seed.reveal()));
  return at->second;
}

SignedGrant GrantKeyRing::sign(std::string_view payload_json) {
  std::lock_guard lock(mutex_);
  const auth::JwsSigner& s = signer(period_now());
  return {s.sign(payload_json), s.kid()};
}

auth::JwkSet GrantKeyRing::jwks() {
  std::lock_guard lock(mutex_);
  int64_t p = period_now();
  // Keys of periods that left the window go (their grants have expired).
  for (auto it = signers_.begin(); it != signers_.end();) {
    it = (it->first < p - 1 || it->first > p + 1) ? signers_.erase(it) : std::next(it);
  }
  return auth::JwkSet({signer(p - 1).public_jwk(), signer(p).public_jwk(),
                       signer(p + 1).public_jwk()});
}

}  // namespace zt::delivery
