#include "master_key.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "zt/base/bytes.h"
#include "zt/crypto/random.h"

namespace zt::controlhub {

std::string load_or_create_master_secret(const std::string& configured, const std::string& state_dir) {
  if (!configured.empty()) return configured;
  std::filesystem::create_directories(state_dir);
  std::string path = state_dir + "/master.key";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    std::string secret = to_hex(crypto::SystemRandom::instance().bytes(32)) + "\n";
    bool ok = ::write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) throw std::runtime_error("cannot write " + path);
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read " + path);
  return ss.str();
}

}  // namespace zt::controlhub
