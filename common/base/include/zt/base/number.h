// Decimal integers and host:port from text, parsed one way everywhere:
// the whole text or nothing (no sign on a port, no spaces, no trailing
// bytes, no overflow).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zt {

// A decimal int64 with an optional leading '-'.
std::optional<int64_t> parse_int(std::string_view text);

struct HostPort {
  std::string host;
  uint16_t port = 0;
};

// "host:port" (the last ':' separates, so "[::1]:80" keeps its brackets in
// host); port 0..65535 (0: any free port).
std::optional<HostPort> parse_host_port(std::string_view text);

}  // namespace zt
