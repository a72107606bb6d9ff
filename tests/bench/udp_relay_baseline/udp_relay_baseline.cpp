// udp_relay_baseline: receive UDP on one port and copy every datagram to a
// fixed list of destinations, with no inspection at all. Two modes:
//   mmsg  batched recvmmsg + one sendmmsg of (packet x destination)
//   gso   batched recvmmsg + per destination one UDP_SEGMENT send of the batch
// Usage: udp_relay_baseline --listen-port P --dest-port-base D --fanout N
//                           [--mode mmsg|gso] [--duration S]   (all flags: --help)
// Destinations are 127.0.0.1:D .. D+N-1. Prints a summary on exit.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "zt/config/command_line.h"

namespace {

constexpr int kBatch = 64;
constexpr int kMaxPacket = 1500;
constexpr size_t kMaxGsoBytes = 65000;
constexpr int kMaxGsoSegments = 64;

struct Options {
  int listen_port = 0;
  int dest_port_base = 0;
  int fanout = 1;
  bool gso = false;
  int duration_s = 30;
};

struct Stats {
  uint64_t packets_in = 0;
  uint64_t packets_out = 0;
  uint64_t send_errors = 0;
};

zt::config::Program program() {
  using zt::config::Type;
  zt::config::Schema s("ZT_RELAY_BASELINE_");
  s.add({.name = "listen-port",
         .type = Type::kInt,
         .description = "UDP port on 127.0.0.1 to receive on",
         .required = true});
  s.add({.name = "dest-port-base",
         .type = Type::kInt,
         .description =
             "destinations are 127.0.0.1:<dest-port-base> .. <dest-port-base + fanout - 1>",
         .required = true});
  s.add({"fanout", Type::kInt, "1", "destinations every datagram is copied to (1..1000)"});
  s.add({"mode", Type::kString, "mmsg",
         "mmsg: one sendmmsg of (packet x destination); gso: per destination one UDP_SEGMENT send "
         "of the batch"});
  s.add({"duration", Type::kInt, "30", "seconds to run (1..3600)"});
  return zt::config::Program::without_subcommands(
      "udp_relay_baseline",
      "the simplest UDP relay (one thread, fixed fan-out, no inspection): the kernel-limit "
      "reference that scripts/bench-sfu.sh and zt-loadgen baseline measure zt-sfu against.",
      s, "Prints its pid and mode at start and packets_in/packets_out/send_errors on exit.");
}

Options options(const zt::config::Config& cfg) {
  Options o;
  o.listen_port = static_cast<int>(cfg.get_int("listen-port"));
  o.dest_port_base = static_cast<int>(cfg.get_int("dest-port-base"));
  o.fanout = static_cast<int>(cfg.get_int("fanout"));
  o.gso = cfg.get_string("mode") == "gso";
  o.duration_s = static_cast<int>(cfg.get_int("duration"));
  bool ok = o.listen_port > 0 && o.listen_port < 65536 && o.dest_port_base > 0 &&
            o.dest_port_base + o.fanout <= 65536 && o.fanout > 0 && o.fanout <= 1000 &&
            o.duration_s > 0 && o.duration_s <= 3600 && (o.gso || cfg.get_string("mode") == "mmsg");
  if (!ok)
    throw zt::config::ConfigError(
        "a port, --fanout, --mode or --duration is out of range; see 'udp_relay_baseline --help'");
  return o;
}

int open_socket(int port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  int size = 8 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    std::perror("bind");
    std::exit(2);
  }
  return fd;
}

class Relay {
 public:
  Relay(const Options& o, int fd) : o_(o), fd_(fd), dests_(static_cast<size_t>(o.fanout)) {
    for (int i = 0; i < o.fanout; ++i) {
      auto& d = dests_[static_cast<size_t>(i)];
      d.sin_family = AF_INET;
      d.sin_port = htons(static_cast<uint16_t>(o.dest_port_base + i));
      d.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }
    for (int i = 0; i < kBatch; ++i) {
      rx_iov_[i] = {rx_buf_[i].data(), kMaxPacket};
      rx_msg_[i].msg_hdr.msg_iov = &rx_iov_[i];
      rx_msg_[i].msg_hdr.msg_iovlen = 1;
    }
    tx_msg_.resize(static_cast<size_t>(kBatch * o.fanout));
    tx_iov_.resize(static_cast<size_t>(kBatch * o.fanout));
    cmsg_.resize(static_cast<size_t>(kBatch * o.fanout));
  }

  void run() {
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(o_.duration_s);
    pollfd p{fd_, POLLIN, 0};
    while (std::chrono::steady_clock::now() < end) {
      if (poll(&p, 1, 100) <= 0) continue;
      int n = recvmmsg(fd_, rx_msg_.data(), kBatch, MSG_DONTWAIT, nullptr);
      if (n <= 0) continue;
      stats_.packets_in += static_cast<uint64_t>(n);
      size_t count = o_.gso ? build_gso(n) : build_mmsg(n);
      send_all(count);
    }
  }

  const Stats& stats() const { return stats_; }

 private:
  void address(mmsghdr& m, sockaddr_in& d) {
    m.msg_hdr = {};
    m.msg_hdr.msg_name = &d;
    m.msg_hdr.msg_namelen = sizeof d;
  }

  size_t build_mmsg(int n) {
    size_t k = 0;
    for (int i = 0; i < n; ++i) {
      for (auto& d : dests_) {
        tx_iov_[k] = {rx_buf_[i].data(), rx_msg_[i].msg_len};
        address(tx_msg_[k], d);
        tx_msg_[k].msg_hdr.msg_iov = &tx_iov_[k];
        tx_msg_[k].msg_hdr.msg_iovlen = 1;
        ++k;
      }
    }
    return k;
  }

  // One message per (destination, run of equal-size packets).
  size_t build_gso(int n) {
    size_t k = 0;
    size_t iov = 0;
    for (auto& d : dests_) {
      int i = 0;
      while (i < n) {
        size_t seg = rx_msg_[i].msg_len;
        size_t first = iov;
        size_t total = 0;
        int segs = 0;
        while (i < n && segs < kMaxGsoSegments && total + rx_msg_[i].msg_len <= kMaxGsoBytes) {
          size_t len = rx_msg_[i].msg_len;
          if (len > seg) break;
          tx_iov_[iov++] = {rx_buf_[i].data(), len};
          total += len;
          ++segs;
          ++i;
          if (len < seg) break;  // a shorter segment must be the last one
        }
        address(tx_msg_[k], d);
        tx_msg_[k].msg_hdr.msg_iov = &tx_iov_[first];
        tx_msg_[k].msg_hdr.msg_iovlen = iov - first;
        if (segs > 1) set_segment(k, static_cast<uint16_t>(seg));
        ++k;
      }
    }
    return k;
  }

  void set_segment(size_t k, uint16_t seg) {
    auto& c = cmsg_[k];
    auto& h = tx_msg_[k].msg_hdr;
    h.msg_control = c.data();
    h.msg_controllen = c.size();
    cmsghdr* cm = CMSG_FIRSTHDR(&h);
    cm->cmsg_level = SOL_UDP;
    cm->cmsg_type = UDP_SEGMENT;
    cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
    std::memcpy(CMSG_DATA(cm), &seg, sizeof seg);
  }

  void send_all(size_t count) {
    size_t off = 0;
    while (off < count) {
      unsigned chunk = static_cast<unsigned>(std::min<size_t>(count - off, 1024));
      int s = sendmmsg(fd_, &tx_msg_[off], chunk, MSG_DONTWAIT);
      if (s <= 0) {
        ++stats_.send_errors;
        ++off;  // skip the message that failed; never block on a slow peer
        continue;
      }
      for (int j = 0; j < s; ++j)
        stats_.packets_out += segments(tx_msg_[off + static_cast<size_t>(j)]);
      off += static_cast<size_t>(s);
    }
  }

  static uint64_t segments(const mmsghdr& m) { return m.msg_hdr.msg_iovlen; }

  Options o_;
  int fd_;
  std::vector<sockaddr_in> dests_;
  std::array<std::array<uint8_t, kMaxPacket>, kBatch> rx_buf_{};
  std::array<iovec, kBatch> rx_iov_{};
  std::array<mmsghdr, kBatch> rx_msg_{};
  std::vector<mmsghdr> tx_msg_;
  std::vector<iovec> tx_iov_;
  using Cmsg = std::array<uint8_t, CMSG_SPACE(sizeof(uint16_t))>;
  std::vector<Cmsg> cmsg_;
  Stats stats_;
};

}  // namespace

int run(const Options& o) {
  int fd = open_socket(o.listen_port);
  Relay relay(o, fd);
  std::printf("udp_relay_baseline pid=%d mode=%s fanout=%d\n", getpid(), o.gso ? "gso" : "mmsg",
              o.fanout);
  std::fflush(stdout);
  relay.run();
  const Stats& s = relay.stats();
  std::printf("packets_in=%llu packets_out=%llu send_errors=%llu\n",
              static_cast<unsigned long long>(s.packets_in),
              static_cast<unsigned long long>(s.packets_out),
              static_cast<unsigned long long>(s.send_errors));
  close(fd);
  return 0;
}

int main(int argc, char** argv) {
  return zt::config::run_command_line(
      program(), argc, argv,
      [](const zt::config::Command&, const zt::config::Config& cfg) { return run(options(cfg)); });
}
