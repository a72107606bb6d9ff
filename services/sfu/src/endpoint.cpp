#include "endpoint.h"

#include <arpa/inet.h>

#include <stdexcept>

#include "zt/base/number.h"

namespace zt::sfu {

Endpoint endpoint_from_sockaddr(const sockaddr_storage& sa) {
  Endpoint e;
  if (sa.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(sa);
    e.family = AF_INET;
    e.port = ntohs(in.sin_port);
    std::memcpy(e.ip.data(), &in.sin_addr, 4);
  } else if (sa.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(sa);
    e.family = AF_INET6;
    e.port = ntohs(in6.sin6_port);
    std::memcpy(e.ip.data(), &in6.sin6_addr, 16);
  }
  return e;
}

socklen_t endpoint_to_sockaddr(const Endpoint& e, sockaddr_storage& sa) {
  if (e.family == AF_INET6) {
    std::memset(&sa, 0, sizeof(sockaddr_in6));
    auto& in6 = reinterpret_cast<sockaddr_in6&>(sa);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(e.port);
    std::memcpy(&in6.sin6_addr, e.ip.data(), 16);
    return sizeof(sockaddr_in6);
  }
  std::memset(&sa, 0, sizeof(sockaddr_in));
  auto& in = reinterpret_cast<sockaddr_in&>(sa);
  in.sin_family = AF_INET;
  in.sin_port = htons(e.port);
  std::memcpy(&in.sin_addr, e.ip.data(), 4);
  return sizeof(sockaddr_in);
}

stun::Address endpoint_to_stun(const Endpoint& e) {
  stun::Address a;
  a.family = e.family == AF_INET6 ? stun::Address::Family::kIpv6 : stun::Address::Family::kIpv4;
  a.ip = e.ip;
  a.port = e.port;
  return a;
}

Endpoint parse_endpoint(const std::string& text) {
  auto hp = parse_host_port(text);
  if (!hp) throw std::invalid_argument("endpoint needs host:port with a port of 0..65535");
  std::string host = hp->host;
  Endpoint e;
  e.port = hp->port;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    if (inet_pton(AF_INET6, host.c_str(), e.ip.data()) != 1) throw std::invalid_argument("bad IPv6 address");
    e.family = AF_INET6;
    return e;
  }
  if (inet_pton(AF_INET, host.c_str(), e.ip.data()) != 1) throw std::invalid_argument("bad IPv4 address");
  e.family = AF_INET;
  return e;
}

std::string to_string(const Endpoint& e) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(e.family == AF_INET6 ? AF_INET6 : AF_INET, e.ip.data(), buf, sizeof buf);
  std::string out;
  out.reserve(sizeof buf + 8);
  if (e.family == AF_INET6) out.push_back('[');
  out.append(buf);
  if (e.family == AF_INET6) out.push_back(']');
  out.push_back(':');
  out.append(std::to_string(e.port));
  return out;
}

}  // namespace zt::sfu
