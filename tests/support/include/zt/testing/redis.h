// A private redis-server on a free port (no persistence), restartable on
// the same port for reconnect tests.
#pragma once

#include <memory>

#include "zt/testing/process.h"

namespace zt::testing {

class PrivateRedis {
 public:
  PrivateRedis();  // starts and waits until it accepts connections
  ~PrivateRedis();
  void start();
  void stop();  // SIGTERM and wait
  int port() const { return port_; }

 private:
  int port_ = 0;
  std::unique_ptr<Process> process_;
};

}  // namespace zt::testing
