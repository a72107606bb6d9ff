// Reader: a bounds-checked cursor over a byte span for TLS decoding.
// Errors are sticky: the first failure is recorded, every later read returns
// zero or an empty view without moving, so decoders can check once per
// field instead of once per byte. Nothing here allocates on success.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zt/base/bytes.h"
#include "zt/mls/tls_error.h"

namespace zt::mls {

// The largest length a variable-size vector header can carry (2^30 - 1).
inline constexpr size_t kMaxVarint = (size_t{1} << 30) - 1;

// A one-byte element (a blank optional<Node>) can become a few hundred bytes
// in memory. Vector elements are charged sizeof(T) against a budget of
// kDecodeBudgetFactor * input size + kDecodeBudgetSlack, so hostile input
// cannot amplify into gigabytes. Legitimate messages, even sparse 1000-leaf
// ratchet trees, stay far below it.
inline constexpr size_t kDecodeBudgetFactor = 64;
inline constexpr size_t kDecodeBudgetSlack = size_t{1} << 20;

class Reader {
 public:
  explicit Reader(BytesView data)
      : data_(data.data()),
        end_(data.size()),
        budget_(data.size() * kDecodeBudgetFactor + kDecodeBudgetSlack) {}

  bool failed() const { return failed_; }
  size_t offset() const { return pos_; }
  // Bytes left before the current limit (the enclosing vector or the input end).
  size_t remaining() const { return end_ - pos_; }

  // Records the first error at the current offset (or `offset`); later calls are ignored.
  void fail(DecodeErrorKind kind) { fail_at(kind, pos_); }
  void fail_at(DecodeErrorKind kind, size_t offset);
  // Adds an outer field name (or "[i]" element index) to the error path.
  void prepend_field(std::string_view name);
  void prepend_index(size_t index);
  const DecodeError& error() const { return error_; }

  uint8_t u8() { return static_cast<uint8_t>(read_be(1)); }
  uint16_t u16() { return static_cast<uint16_t>(read_be(2)); }
  uint32_t u32() { return static_cast<uint32_t>(read_be(4)); }
  uint64_t u64() { return read_be(8); }

  // n raw bytes, or an empty view (and a kTruncated error) if fewer remain.
  BytesView take(size_t n) {
    if (failed_ || n > remaining()) {
      fail(DecodeErrorKind::kTruncated);
      return {};
    }
    BytesView out(data_ + pos_, n);
    pos_ += n;
    return out;
  }

  // RFC 9420 section 2.1.2 variable-size length: 1, 2 or 4 bytes, minimal.
  size_t varint();
  // opaque<V>: a varint length then that many bytes.
  BytesView opaque() { return take(varint()); }

  // Restricts reads to the next `len` bytes (a vector body). Returns the
  // previous limit for end_limit(). On failure (len > remaining) returns the
  // current limit unchanged and records kTruncated.
  size_t begin_limit(size_t len) {
    size_t saved = end_;
    if (!failed_ && len > remaining()) {
      fail(DecodeErrorKind::kTruncated);
    } else if (!failed_) {
      end_ = pos_ + len;
    }
    return saved;
  }
  void end_limit(size_t saved) { end_ = saved; }

  // Charges `bytes` of in-memory decoded size; false (and kTooLarge) when
  // the budget is exhausted.
  bool charge(size_t bytes) {
    if (bytes > budget_) {
      fail(DecodeErrorKind::kTooLarge);
      return false;
    }
    budget_ -= bytes;
    return true;
  }

 private:
  uint64_t read_be(size_t n) {
    if (failed_ || n > remaining()) {
      fail(DecodeErrorKind::kTruncated);
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | data_[pos_ + i];
    pos_ += n;
    return v;
  }

  const uint8_t* data_;
  size_t pos_ = 0;
  size_t end_;
  size_t budget_;
  bool failed_ = false;
  DecodeError error_;
};

}  // namespace zt::mls
