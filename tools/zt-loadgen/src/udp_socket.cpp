#include "udp_socket.h"

#include <arpa/inet.h>
#include <netinet/udp.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "zt/base/number.h"
namespace zt::loadgen {

sockaddr_in parse_ipv4(const std::string& host_port) {
  auto hp = parse_host_port(host_port);
  if (!hp) throw std::invalid_argument("expected host:port, got " + host_port);
  if (hp->port == 0) throw std::invalid_argument("bad port in " + host_port);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(hp->port);
  if (inet_pton(AF_INET, hp->host.c_str(), &a.sin_addr) != 1) {
    throw std::invalid_argument("bad IPv4 address in " + host_port);
  }
  return a;
}

int64_t realtime_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

UdpSocket::UdpSocket(uint16_t port, bool gro)
    : gro_(gro),
      buffer_size_(gro ? kGroBuffer : 2048),
      batch_(gro ? kGroBatch : kBatch),
      buffers_(batch_ * buffer_size_),
      control_(batch_),
      addrs_(batch_) {
  fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
  int one = 1;
  int size = 4 << 20;
  setsockopt(fd_, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
  setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  if (gro && setsockopt(fd_, SOL_UDP, UDP_GRO, &one, sizeof one) != 0) {
    int e = errno;
    close(fd_);
    throw std::system_error(e, std::generic_category(), "setsockopt UDP_GRO");
  }
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
  out_.reserve(gro ? kGroBatch * 128 : kBatch);
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
  for (size_t i = 0; i < batch_; ++i) {
    iov[i] = iovec{buffers_.data() + i * buffer_size_, buffer_size_};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &addrs_[i];
    msgs[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
    msgs[i].msg_hdr.msg_control = control_[i].data();
    msgs[i].msg_hdr.msg_controllen = control_[i].size();
  }
  int n = recvmmsg(fd_, msgs.data(), static_cast<unsigned>(batch_), MSG_DONTWAIT, nullptr);
  for (int i = 0; i < n; ++i) {
    size_t k = static_cast<size_t>(i);
    add_datagrams(msgs[k], BytesView(buffers_.data() + k * buffer_size_, msgs[k].msg_len), addrs_[k]);
  }
  return out_;
}

// One received message: a datagram, or with UDP_GRO an aggregate of
// datagrams of `gso_size` bytes each (the last one may be shorter).
void UdpSocket::add_datagrams(mmsghdr& m, BytesView bytes, const sockaddr_in& from) {
  int64_t kernel_ns = 0;
  size_t gso_size = 0;
  msghdr& h = m.msg_hdr;
  for (cmsghdr* c = CMSG_FIRSTHDR(&h); c; c = CMSG_NXTHDR(&h, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
      timespec ts{};
      std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
      kernel_ns = int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
    } else if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) {
      int seg = 0;
      std::memcpy(&seg, CMSG_DATA(c), sizeof seg);
      if (seg > 0) gso_size = static_cast<size_t>(seg);
    }
  }
  if (kernel_ns == 0) kernel_ns = realtime_ns();
  if (gso_size == 0 || gso_size >= bytes.size()) {
    out_.push_back(Datagram{bytes, kernel_ns, from, 1});
    return;
  }
  auto segments = static_cast<uint16_t>((bytes.size() + gso_size - 1) / gso_size);
  for (size_t off = 0; off < bytes.size(); off += gso_size) {
    out_.push_back(Datagram{bytes.subspan(off, std::min(gso_size, bytes.size() - off)), kernel_ns, from, segments});
  }
}

}  // namespace zt::loadgen
