#include "zt/crypto/secret_bytes.h"

#include <openssl/crypto.h>

#include <atomic>

#include "secret_observer.h"
#include "zt/base/hex.h"

namespace zt::crypto {
namespace detail {
namespace {
std::atomic<FreedSecretObserver> g_observer{nullptr};
}  // namespace

void set_freed_secret_observer(FreedSecretObserver observer) { g_observer.store(observer); }

void cleanse_and_free(void* p, size_t n) noexcept {
  if (p == nullptr) return;
  OPENSSL_cleanse(p, n);
  if (auto observer = g_observer.load()) observer(p, n);
  ::operator delete(p);
}
}  // namespace detail

SecretBytes SecretBytes::adopt(Bytes&& bytes) {
  SecretBytes out(bytes);
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
  return out;
}

SecretBytes secret_to_hex(const SecretBytes& secret) {
  SecretBytes out(secret.size() * 2);
  to_hex_into(secret.reveal(), out.reveal_mutable());
  return out;
}

SecretBytes secret_from_hex(std::string_view hex) {
  SecretBytes out(hex.size() / 2);
  from_hex_into(hex, out.reveal_mutable());
  return out;
}

bool constant_time_equal(BytesView a, BytesView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool operator==(const SecretBytes& a, const SecretBytes& b) {
  return constant_time_equal(a.reveal(), b.reveal());
}

}  // namespace zt::crypto
