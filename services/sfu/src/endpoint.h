// A UDP transport address as the data plane keys it: family, 16 address
// bytes and a port, hashable, convertible to and from sockaddr.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>

#include "zt/stun/message.h"

namespace zt::sfu {

struct Endpoint {
  uint8_t family = 0;  // AF_INET or AF_INET6; 0 = unset
  uint16_t port = 0;   // host order
  std::array<uint8_t, 16> ip{};

  // Field by field, the address as two 64-bit words: this runs for every
  // datagram the sender groups, and the defaulted form calls memcmp.
  bool operator==(const Endpoint& o) const {
    uint64_t a[2];
    uint64_t b[2];
    std::memcpy(a, ip.data(), sizeof a);
    std::memcpy(b, o.ip.data(), sizeof b);
    return family == o.family && port == o.port && a[0] == b[0] && a[1] == b[1];
  }
  bool valid() const { return family != 0; }
};

Endpoint endpoint_from_sockaddr(const sockaddr_storage& sa);
// Fills `sa`; returns the length to pass to sendmsg.
socklen_t endpoint_to_sockaddr(const Endpoint& e, sockaddr_storage& sa);
stun::Address endpoint_to_stun(const Endpoint& e);
// "127.0.0.1:5000" / "[::1]:5000"; throws std::invalid_argument on bad input.
Endpoint parse_endpoint(const std::string& text);
std::string to_string(const Endpoint& e);

struct EndpointHash {
  size_t operator()(const Endpoint& e) const noexcept {
    uint64_t a = 0;
    uint64_t b = 0;
    std::memcpy(&a, e.ip.data(), 8);
    std::memcpy(&b, e.ip.data() + 8, 8);
    uint64_t h = a * 0x9E3779B97F4A7C15ull ^ b * 0xC2B2AE3D27D4EB4Full ^ (uint64_t{e.port} << 8 | e.family);
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

}  // namespace zt::sfu
