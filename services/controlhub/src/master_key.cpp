#include "master_key.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "zt/config/config.h"

namespace zt::controlhub {

crypto::SecretBytes load_or_create_master_secret(crypto::SecretBytes configured,
                                                 const std::string& state_dir,
                                                 crypto::RandomSource& random) {
  if (!configured.empty()) return configured;
  std::filesystem::create_directories(state_dir);
  std::string path = state_dir + "/master.key";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    crypto::SecretBytes key(32);
    random.fill(key.reveal_mutable());
    const crypto::SecretBytes hex = crypto::secret_to_hex(key);
    const BytesView line = hex.reveal();
    bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
              ::write(fd, "\n", 1) == 1 && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) throw std::runtime_error("cannot write " + path);
  }
  return config::read_secret_file(path, "controlhub master key", config::TrailingNewlines::kKeep);
}

}  // namespace zt::controlhub
