// A non-blocking IPv4 UDP socket for the load generator: batched receive
// with kernel receive timestamps (SO_TIMESTAMPNS, CLOCK_REALTIME). With
// `gro` on, the socket sets UDP_GRO: a UDP GSO train from the relay arrives
// as one aggregate (on loopback the kernel then never segments it), and
// receive() splits it back into its datagrams by the UDP_GRO segment size,
// each with the aggregate's receive time.
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
  uint16_t segments = 1;  // datagrams in the aggregate this one came in (UDP_GRO)
};

class UdpSocket {
 public:
  static constexpr size_t kBatch = 64;
  static constexpr size_t kGroBatch = 8;
  static constexpr size_t kGroBuffer = 65536;

  // Binds 127.0.0.1:port (0: any free port). Throws std::system_error.
  explicit UdpSocket(uint16_t port = 0, bool gro = false);
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  int fd() const { return fd_; }
  uint16_t port() const { return port_; }
  bool send_to(const sockaddr_in& to, BytesView bytes);
  // Receives up to kBatch datagrams (or, with gro, up to kGroBatch
  // aggregates, split) without blocking; views stay valid until the next call.
  const std::vector<Datagram>& receive();
  bool gro() const { return gro_; }
  // Waits up to `timeout_ms` for one datagram.
  bool wait_readable(int timeout_ms) const;

 private:
  void add_datagrams(mmsghdr& m, BytesView bytes, const sockaddr_in& from);

  int fd_ = -1;
  uint16_t port_ = 0;
  bool gro_ = false;
  size_t buffer_size_ = 2048;
  size_t batch_ = kBatch;
  std::vector<uint8_t> buffers_;  // batch_ buffers of buffer_size_ bytes
  std::vector<std::array<uint8_t, 128>> control_;
  std::vector<sockaddr_in> addrs_;
  std::vector<Datagram> out_;
};

int64_t realtime_ns();

}  // namespace zt::loadgen
