// A TCP proxy on 127.0.0.1:0 that forwards every connection to an upstream
// port and records every byte in both directions: what a TLS-terminating
// proxy between a client and the KMS would see.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace zt::kms::testing {

class TcpCaptureProxy {
 public:
  explicit TcpCaptureProxy(int upstream_port);
  ~TcpCaptureProxy();

  int port() const { return port_; }
  std::string captured() const;  // both directions, in arrival order

 private:
  void accept_loop();
  void pump(int from, int to);

  int upstream_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::string captured_;
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

}  // namespace zt::kms::testing
