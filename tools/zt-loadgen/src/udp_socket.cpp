#include "udp_socket.h"

#include <arpa/inet.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace zt::loadgen {

sockaddr_in parse_ipv4(const std::string& host_port) {
  auto colon = host_port.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("expected host:port, got " + host_port);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  int port = std::stoi(host_port.substr(colon + 1));
  if (port <= 0 || port > 65535) throw std::invalid_argument("bad port in " + host_port);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host_port.substr(0, colon).c_str(), &a.sin_addr) != 1) {
    throw std::invalid_argument("bad IPv4 address in " + host_port);
  }
  return a;
}

int64_t realtime_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

UdpSocket::UdpSocket(uint16_t port)
    : buffers_(kBatch), control_(kBatch), addrs_(kBatch) {
  fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
  int one = 1;
  int size = 4 << 20;
  setsockopt(fd_, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
  setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    int e = errno;
    close(fd_);
    throw std::system_error(e, std::generic_category(), "bind 127.0.0.1:" + std::to_string(port));
  }
  socklen_t len = sizeof a;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  out_.reserve(kBatch);
}

UdpSocket::~UdpSocket() {
  if (fd_ >= 0) close(fd_);
}

bool UdpSocket::send_to(const sockaddr_in& to, BytesView bytes) {
  return sendto(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT, reinterpret_cast<const sockaddr*>(&to), sizeof to) ==
         static_cast<ssize_t>(bytes.size());
}

bool UdpSocket::wait_readable(int timeout_ms) const {
  pollfd p{fd_, POLLIN, 0};
  return poll(&p, 1, timeout_ms) > 0;
}

const std::vector<Datagram>& UdpSocket::receive() {
  out_.clear();
  std::array<mmsghdr, kBatch> msgs{};
  std::array<iovec, kBatch> iov{};
  for (size_t i = 0; i < kBatch; ++i) {
    iov[i] = iovec{buffers_[i].data(), buffers_[i].size()};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &addrs_[i];
    msgs[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
    msgs[i].msg_hdr.msg_control = control_[i].data();
    msgs[i].msg_hdr.msg_controllen = control_[i].size();
  }
  int n = recvmmsg(fd_, msgs.data(), kBatch, MSG_DONTWAIT, nullptr);
  for (int i = 0; i < n; ++i) {
    Datagram d;
    d.bytes = BytesView(buffers_[static_cast<size_t>(i)].data(), msgs[static_cast<size_t>(i)].msg_len);
    d.from = addrs_[static_cast<size_t>(i)];
    for (cmsghdr* c = CMSG_FIRSTHDR(&msgs[static_cast<size_t>(i)].msg_hdr); c;
         c = CMSG_NXTHDR(&msgs[static_cast<size_t>(i)].msg_hdr, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
        timespec ts{};
        std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
        d.kernel_ns = int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
      }
    }
    if (d.kernel_ns == 0) d.kernel_ns = realtime_ns();
    out_.push_back(d);
  }
  return out_;
}

}  // namespace zt::loadgen
