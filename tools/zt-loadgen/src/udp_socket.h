// A non-blocking IPv4 UDP socket for the load generator: batched receive
// with kernel receive timestamps (SO_TIMESTAMPNS, CLOCK_REALTIME).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "zt/base/bytes.h"

namespace zt::loadgen {

// "127.0.0.1:5000" -> sockaddr_in; throws std::invalid_argument.
sockaddr_in parse_ipv4(const std::string& host_port);

struct Datagram {
  BytesView bytes;
  int64_t kernel_ns = 0;  // receive time, CLOCK_REALTIME
  sockaddr_in from{};
};

class UdpSocket {
 public:
  static constexpr size_t kBatch = 64;

  // Binds 127.0.0.1:port (0: any free port). Throws std::system_error.
  explicit UdpSocket(uint16_t port = 0);
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return fd_; }
  uint16_t port() const { return port_; }
  bool send_to(const sockaddr_in& to, BytesView bytes);
  // Receives up to kBatch datagrams without blocking; views stay valid until
  // the next call.
  const std::vector<Datagram>& receive();
  // Waits up to `timeout_ms` for one datagram.
  bool wait_readable(int timeout_ms) const;

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
  std::vector<std::array<uint8_t, 2048>> buffers_;
  std::vector<std::array<uint8_t, 64>> control_;
  std::vector<sockaddr_in> addrs_;
  std::vector<Datagram> out_;
};

int64_t realtime_ns();

}  // namespace zt::loadgen
