// Unwrapped content keys kept in memory for a bounded time, so a hot key is
// not unwrapped on every read. Entries live at most `ttl` and at most
// `capacity` of them (the oldest goes first); an evicted or expired key is
// wiped (SecretBytes cleanses its buffer when freed). Thread-safe.
#pragma once

#include <chrono>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "zt/base/clock.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::kms {

class KeyCache {
 public:
  KeyCache(const Clock& clock, std::chrono::milliseconds ttl, size_t capacity);

  std::optional<crypto::SecretBytes> get(const std::string& key_id);
  void put(const std::string& key_id, const crypto::SecretBytes& key);
  void erase(const std::string& key_id);
  void clear();
  size_t size();

 private:
  struct Entry {
    crypto::SecretBytes key;
    std::chrono::steady_clock::time_point expires;
    std::list<std::string>::iterator order;
  };
  void erase_locked(std::unordered_map<std::string, Entry>::iterator it);

  const Clock& clock_;
  std::chrono::milliseconds ttl_;
  size_t capacity_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> order_;  // oldest first
};

}  // namespace zt::kms
