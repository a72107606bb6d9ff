// Writer: appends TLS-encoded values to a caller-owned byte buffer.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zt/base/bytes.h"
#include "zt/mls/tls_reader.h"

namespace zt::mls {

class Writer {
 public:
  explicit Writer(Bytes& out) : out_(out) {}

  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { put_be(v, 2); }
  void u32(uint32_t v) { put_be(v, 4); }
  void u64(uint64_t v) { put_be(v, 8); }
  void raw(BytesView data) { out_.insert(out_.end(), data.begin(), data.end()); }

  // A minimal varint length; throws EncodeError above kMaxVarint.
  void varint(size_t value);
  void opaque(BytesView data) {
    varint(data.size());
    raw(data);
  }

  // A vector whose body length is known only after writing it: begin_vector()
  // reserves a one-byte header, end_vector() fixes it up (widening if needed).
  size_t begin_vector() {
    out_.push_back(0);
    return out_.size();
  }
  void end_vector(size_t body_start);

  size_t size() const { return out_.size(); }

 private:
  void put_be(uint64_t v, size_t n) {
    for (size_t i = n; i > 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * (i - 1))));
  }

  Bytes& out_;
};

}  // namespace zt::mls
