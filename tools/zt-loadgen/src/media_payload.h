// What the load generator puts inside each RTP payload (before SFrame
// encryption): who sent it, when, and a filler derived from those fields, so
// a receiver checks every byte it got.
#pragma once

#include <cstdint>
#include <optional>

#include "zt/base/bytes.h"

namespace zt::loadgen {

struct PayloadHeader {
  uint16_t publisher = 0;
  uint8_t layer = 0;
  uint32_t sequence = 0;  // per (publisher, stream), counts from 0
  int64_t send_ns = 0;    // CLOCK_REALTIME at send

  bool operator==(const PayloadHeader&) const = default;
};

constexpr size_t kPayloadHeaderSize = 17;

// Writes header + filler into all of `out` (at least kPayloadHeaderSize).
void write_payload(const PayloadHeader& h, MutableBytesView out);
// The header if `in` is a well-formed payload whose filler matches.
std::optional<PayloadHeader> check_payload(BytesView in);

}  // namespace zt::loadgen
