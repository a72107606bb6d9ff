// SIGTERM/SIGINT -> a byte on a self-pipe, read by the waiting thread.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <mutex>
#include <stdexcept>

#include "zt/server/grpc_server.h"

namespace zt::server {
namespace {

int g_pipe[2] = {-1, -1};

extern "C" void on_termination_signal(int sig) {
  const int saved = errno;
  const unsigned char b = static_cast<unsigned char>(sig);
  [[maybe_unused]] ssize_t n = ::write(g_pipe[1], &b, 1);
  errno = saved;
}

void install_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (::pipe2(g_pipe, O_CLOEXEC) != 0) throw std::runtime_error("cannot create the signal pipe");
    struct sigaction sa {};
    sa.sa_handler = on_termination_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
  });
}

}  // namespace

void install_termination_handlers() { install_once(); }

int wait_for_termination_signal() {
  install_once();
  unsigned char b = 0;
  for (;;) {
    ssize_t n = ::read(g_pipe[0], &b, 1);
    if (n == 1) return b;
    if (n < 0 && errno == EINTR) continue;
    return 0;
  }
}

}  // namespace zt::server
