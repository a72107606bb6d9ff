#include "udp_worker.h"

#include <linux/net_tstamp.h>
#include <time.h>

#include <cerrno>
#include <cstring>

namespace zt::sfu {
namespace {

using ReusePort = boost::asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
using TimestampNs = boost::asio::detail::socket_option::boolean<SOL_SOCKET, SO_TIMESTAMPNS>;

boost::asio::ip::udp::endpoint to_asio(const Endpoint& e) {
  std::string host = to_string(e);
  auto addr = boost::asio::ip::make_address(e.family == AF_INET6 ? host.substr(1, host.rfind(']') - 1)
                                                                 : host.substr(0, host.rfind(':')));
  return {addr, e.port};
}

uint64_t micros_between(const timespec& a, const timespec& b) {
  int64_t ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
  return ns > 0 ? static_cast<uint64_t>(ns / 1000) : 0;
}

SteadyTime steady_now() { return std::chrono::steady_clock::now(); }

}  // namespace

UdpWorker::UdpWorker(Router& router, const Endpoint& address, WorkerOptions options, LatencyHistogram* latency)
    : router_(router),
      options_(options),
      latency_(latency),
      socket_(io_),
      timer_(io_),
      output_(options.batch * options.max_fanout * 1536 + (1 << 16), options.batch * options.max_fanout + 1024),
      sender_(options.batch * options.max_fanout + 1024, options.gso),
      rx_buffers_(options.batch),
      rx_iov_(options.batch),
      rx_msgs_(options.batch),
      rx_addrs_(options.batch),
      rx_control_(options.batch) {
  auto ep = to_asio(address);
  socket_.open(ep.protocol());
  socket_.set_option(ReusePort(true));
  socket_.set_option(TimestampNs(true));
  socket_.set_option(boost::asio::socket_base::receive_buffer_size(options.socket_buffer_bytes));
  socket_.set_option(boost::asio::socket_base::send_buffer_size(options.socket_buffer_bytes));
  socket_.bind(ep);
  socket_.non_blocking(true);
  for (size_t i = 0; i < options_.batch; ++i) {
    rx_iov_[i] = iovec{rx_buffers_[i].data(), kMaxDatagram};
    msghdr& h = rx_msgs_[i].msg_hdr;
    h = msghdr{};
    h.msg_name = &rx_addrs_[i];
    h.msg_iov = &rx_iov_[i];
    h.msg_iovlen = 1;
    h.msg_control = rx_control_[i].data();
    reset_rx_header(i);
  }
}

UdpWorker::~UdpWorker() { stop(); }

Endpoint UdpWorker::local_endpoint() const {
  auto ep = socket_.local_endpoint();
  sockaddr_storage sa{};
  std::memcpy(&sa, ep.data(), ep.size());
  return endpoint_from_sockaddr(sa);
}

void UdpWorker::start() {
  wait_readable();
  if (options_.run_ticks) schedule_tick();
  thread_ = std::thread([this] { io_.run(); });
}

void UdpWorker::stop() {
  if (!thread_.joinable()) return;
  io_.stop();
  thread_.join();
}

void UdpWorker::wait_readable() {
  socket_.async_wait(boost::asio::ip::udp::socket::wait_read, [this](const boost::system::error_code& ec) {
    if (ec) return;
    drain();
    wait_readable();
  });
}

void UdpWorker::schedule_tick() {
  timer_.expires_after(options_.tick);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    {
      auto lock = router_.lock();
      router_.on_tick(steady_now(), output_);
    }
    send_output();
    schedule_tick();
  });
}

// Sets up receive header i; recvmmsg rewrites only the lengths and flags of
// the headers it fills, so drain() resets those, for the used ones only.
void UdpWorker::reset_rx_header(size_t i) {
  msghdr& h = rx_msgs_[i].msg_hdr;
  h.msg_namelen = sizeof(sockaddr_storage);
  h.msg_controllen = rx_control_[i].size();
  h.msg_flags = 0;
}

void UdpWorker::drain() {
  int fd = socket_.native_handle();
  for (int round = 0; round < 64; ++round) {  // bounded: let the timer run too
    int n = recvmmsg(fd, rx_msgs_.data(), static_cast<unsigned>(options_.batch), MSG_DONTWAIT, nullptr);
    if (n <= 0) return;
    process(static_cast<size_t>(n));
    for (size_t i = 0; i < static_cast<size_t>(n); ++i) reset_rx_header(i);
    if (static_cast<size_t>(n) < options_.batch) return;
  }
}

void UdpWorker::process(size_t n) {
  batch_received_ = timespec{};
  cmsghdr* c = CMSG_FIRSTHDR(&rx_msgs_[0].msg_hdr);
  if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
    std::memcpy(&batch_received_, CMSG_DATA(c), sizeof(timespec));
  }
  SteadyTime now = steady_now();
  {
    auto lock = router_.lock();
    for (size_t i = 0; i < n; ++i) {
      size_t per_packet = options_.max_fanout + 4;
      if (output_.nearly_full(per_packet * kMaxDatagram, per_packet)) {
        lock.unlock();
        send_output();
        lock.lock();
      }
      const mmsghdr& m = rx_msgs_[i];
      if (m.msg_hdr.msg_flags & MSG_TRUNC) {
        router_.counters().drop(DropReason::kUnknownProtocol);
        continue;
      }
      router_.on_datagram(endpoint_from_sockaddr(rx_addrs_[i]), BytesView(rx_buffers_[i].data(), m.msg_len), now,
                          output_);
    }
  }
  send_output();
}

void UdpWorker::send_output() {
  if (output_.empty()) return;
  sender_.send(socket_.native_handle(), output_, router_.counters());
  output_.clear();
  if (latency_ && batch_received_.tv_sec != 0) {
    timespec sent{};
    clock_gettime(CLOCK_REALTIME, &sent);
    latency_->observe_us(micros_between(batch_received_, sent));
    batch_received_ = timespec{};
  }
}

UdpServer::UdpServer(Router& router, const Endpoint& address, size_t workers, WorkerOptions options) {
  Endpoint bind_to = address;
  for (size_t i = 0; i < (workers == 0 ? 1 : workers); ++i) {
    WorkerOptions o = options;
    o.run_ticks = i == 0;
    workers_.push_back(std::make_unique<UdpWorker>(router, bind_to, o, &latency_));
    bind_to = workers_.front()->local_endpoint();  // the others share the port picked first
  }
}

void UdpServer::start() {
  for (auto& w : workers_) w->start();
}

void UdpServer::stop() {
  for (auto& w : workers_) w->stop();
}

}  // namespace zt::sfu
