// SecretBytes: the one container for secret key material in zt.
// - every buffer it frees (destruction, reassignment, growth) is wiped with
//   OPENSSL_cleanse first;
// - equality is constant time (CRYPTO_memcmp);
// - it cannot be streamed or logged (operator<< is deleted, kIsSecret<T>);
// - the raw bytes are reachable only through reveal(), easy to grep for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <new>
#include <string_view>
#include <vector>

#include "zt/base/bytes.h"

namespace zt::crypto {

namespace detail {
// Wipes then frees. Defined in secret_bytes.cpp.
void cleanse_and_free(void* p, size_t n) noexcept;
}  // namespace detail

// A std::allocator that wipes memory before giving it back.
template <class T>
struct CleansingAllocator {
  using value_type = T;
  CleansingAllocator() = default;
  template <class U>
  CleansingAllocator(const CleansingAllocator<U>&) noexcept {}  // NOLINT: allocator rebind
  T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T))); }
  void deallocate(T* p, size_t n) noexcept { detail::cleanse_and_free(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const CleansingAllocator<U>&) const noexcept {
    return true;
  }
};

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t size) : data_(size, 0) {}
  explicit SecretBytes(BytesView bytes) : data_(bytes.begin(), bytes.end()) {}
  // Takes a secret that arrived in an ordinary buffer: copies it into wiped
  // memory and wipes `bytes` (its capacity stays allocated, zeroed).
  static SecretBytes adopt(Bytes&& bytes);
  SecretBytes(const SecretBytes&) = default;
  SecretBytes& operator=(const SecretBytes&) = default;
  SecretBytes(SecretBytes&& other) noexcept : data_(std::move(other.data_)) { other.wipe(); }
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
      data_ = std::move(other.data_);
      other.wipe();
    }
    return *this;
  }
  ~SecretBytes() = default;

  // The raw secret. Every use is a place where a secret leaves this type.
  BytesView reveal() const { return {data_.data(), data_.size()}; }
  MutableBytesView reveal_mutable() { return {data_.data(), data_.size()}; }
  // The same bytes as text, for secrets that are text (hex seeds, passwords).
  std::string_view reveal_text() const {
    return {reinterpret_cast<const char*>(data_.data()), data_.size()};
  }

  size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  // Wipes and releases the buffer now.
  void wipe() noexcept { std::vector<uint8_t, CleansingAllocator<uint8_t>>().swap(data_); }

  // Constant time in the contents (sizes are not secret).
  friend bool operator==(const SecretBytes& a, const SecretBytes& b);
  friend std::ostream& operator<<(std::ostream&, const SecretBytes&) = delete;

 private:
  std::vector<uint8_t, CleansingAllocator<uint8_t>> data_;
};

// Constant-time comparison of two byte strings of public length.
bool constant_time_equal(BytesView a, BytesView b);

// Lower-case hex of a secret, itself secret (key files hold hex).
SecretBytes secret_to_hex(const SecretBytes& secret);
// Parses hex text into secret memory; throws std::invalid_argument as
// zt::from_hex does (naming the offset, never the text).
SecretBytes secret_from_hex(std::string_view hex);

// True for types that hold secrets: zt::log::field refuses them at compile
// time (static_assert), so a secret cannot reach a log line by accident.
// A type holding secret members specializes it next to its declaration.
template <class T>
inline constexpr bool kIsSecret = false;
template <>
inline constexpr bool kIsSecret<SecretBytes> = true;

}  // namespace zt::crypto
