// Per-thread request ids.
#include <openssl/rand.h>

#include <array>
#include <cstdint>

#include "zt/log/log.h"

namespace zt::log {
namespace {
thread_local std::string t_request_id;
}

std::string_view current_request_id() { return t_request_id; }

RequestIdScope::RequestIdScope(std::string id) : previous_(std::move(t_request_id)) {
  t_request_id = std::move(id);
}

RequestIdScope::~RequestIdScope() { t_request_id = std::move(previous_); }

std::string new_request_id() {
  std::array<uint8_t, 16> raw{};
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
    // Not a secret: a best-effort id is still useful for correlation.
    static thread_local uint64_t counter = 0;
    raw[0] = static_cast<uint8_t>(++counter);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (uint8_t b : raw) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

}  // namespace zt::log
