// One data-plane worker: a UDP socket (SO_REUSEPORT, so one per core share
// the port), a thread running a Boost.Asio io_context that waits for
// readability on the native socket, then drains it with recvmmsg into
// preallocated buffers, hands each batch to the Router under one lock and
// sends the result with BatchSender.
#pragma once

#include <sys/socket.h>

#include <array>
#include <atomic>
#include <utility>  // before Asio: its headers use std::exchange

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <thread>
#include <vector>

#include "batch_sender.h"
#include "endpoint.h"
#include "latency_histogram.h"
#include "output_batch.h"
#include "router.h"

namespace zt::sfu {

struct WorkerOptions {
  size_t batch = 64;
  size_t max_fanout = 256;   // sizes the output arena: batch * fan-out datagrams
  bool gso = true;
  int socket_buffer_bytes = 8 << 20;
  std::chrono::milliseconds tick{1000};
  bool run_ticks = true;     // only one worker needs to run the router's tick
};

class UdpWorker {
 public:
  // Binds `address` (port 0 picks one). Throws std::system_error.
  UdpWorker(Router& router, const Endpoint& address, WorkerOptions options, LatencyHistogram* latency);
  ~UdpWorker();
  UdpWorker(const UdpWorker&) = delete;
  UdpWorker& operator=(const UdpWorker&) = delete;

  void start();
  void stop();
  Endpoint local_endpoint() const;

 private:
  void wait_readable();
  void reset_rx_header(size_t i);
  // Not inlined into the Asio handler: one frame that holds a receive batch's
  // whole user-space cost, for profilers (callgrind --toggle-collect).
  [[gnu::noinline]] void drain();
  void process(size_t n);
  void schedule_tick();
  void send_output();

  Router& router_;
  WorkerOptions options_;
  LatencyHistogram* latency_;
  boost::asio::io_context io_;
  boost::asio::ip::udp::socket socket_;
  boost::asio::steady_timer timer_;
  std::thread thread_;
  OutputBatch output_;
  BatchSender sender_;
  static constexpr size_t kMaxDatagram = 1500;
  using Control = std::array<uint8_t, CMSG_SPACE(sizeof(timespec)) + 16>;
  std::vector<std::array<uint8_t, kMaxDatagram>> rx_buffers_;
  std::vector<iovec> rx_iov_;
  std::vector<mmsghdr> rx_msgs_;
  std::vector<sockaddr_storage> rx_addrs_;
  std::vector<Control> rx_control_;
  timespec batch_received_{};
};

// A set of workers sharing one port, one per core by default.
class UdpServer {
 public:
  UdpServer(Router& router, const Endpoint& address, size_t workers, WorkerOptions options);
  void start();
  void stop();
  Endpoint local_endpoint() const { return workers_.front()->local_endpoint(); }
  const LatencyHistogram& latency() const { return latency_; }

 private:
  LatencyHistogram latency_;
  std::vector<std::unique_ptr<UdpWorker>> workers_;
};

}  // namespace zt::sfu
