#include "key_cache.h"

namespace zt::kms {

KeyCache::KeyCache(const Clock& clock, std::chrono::milliseconds ttl, size_t capacity)
    : clock_(clock), ttl_(ttl), capacity_(capacity) {}

std::optional<crypto::SecretBytes> KeyCache::get(const std::string& key_id) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key_id);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= clock_.steady_now()) {
    erase_locked(it);
    return std::nullopt;
  }
  return it->second.key;
}

void KeyCache::put(const std::string& key_id, const crypto::SecretBytes& key) {
  if (capacity_ == 0 || ttl_.count() <= 0) return;
  std::lock_guard lock(mu_);
  auto found = entries_.find(key_id);
  if (found != entries_.end()) erase_locked(found);
  while (entries_.size() >= capacity_) erase_locked(entries_.find(order_.front()));
  order_.push_back(key_id);
  entries_.emplace(key_id, Entry{key, clock_.steady_now() + ttl_, std::prev(order_.end())});
}

void KeyCache::erase(const std::string& key_id) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key_id);
  if (it != entries_.end()) erase_locked(it);
}

void KeyCache::clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
  order_.clear();
}

size_t KeyCache::size() {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void KeyCache::erase_locked(std::unordered_map<std::string, Entry>::iterator it) {
  order_.erase(it->second.order);
  entries_.erase(it);  // ~SecretBytes wipes the key
}

}  // namespace zt::kms
