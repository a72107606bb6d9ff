#include "zt/base/number.h"

#include <charconv>

namespace zt {

std::optional<int64_t> parse_int(std::string_view text) {
  int64_t v = 0;
  if (text.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<HostPort> parse_host_port(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view port_text = text.substr(colon + 1);
  if (port_text.empty() || port_text[0] == '-' || port_text[0] == '+') return std::nullopt;
  auto port = parse_int(port_text);
  if (!port || *port > 65535) return std::nullopt;
  return HostPort{std::string(text.substr(0, colon)), static_cast<uint16_t>(*port)};
}

}  // namespace zt
