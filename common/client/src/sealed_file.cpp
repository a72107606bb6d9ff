#include "sealed_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "zt/client/client_error.h"
#include "zt/crypto/aead.h"
#include "zt/crypto/random.h"

namespace zt::client {
namespace {

constexpr std::string_view kMagic = "ZTS1";
constexpr size_t kNonce = 12;

[[noreturn]] void fail(const std::string& what, const std::string& path) {
  throw ClientError::profile(what + " " + path + ": " + std::strerror(errno));
}

void write_all(int fd, BytesView data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write", path);
    done += static_cast<size_t>(n);
  }
}

void sync_directory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

Bytes aad_of(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  std::string aad = std::string(kMagic) + name;
  return Bytes(aad.begin(), aad.end());
}

}  // namespace

void write_file_atomic(const std::string& path, BytesView contents) {
  std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) fail("cannot create", tmp);
  try {
    write_all(fd, contents, tmp);
    if (::fsync(fd) != 0) fail("cannot sync", tmp);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    fail("cannot replace", path);
  }
  sync_directory(std::filesystem::path(path).parent_path().string());
}

std::optional<Bytes> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) return std::nullopt;
    fail("cannot read", path);
  }
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_sealed(const std::string& path, const crypto::SecretBytes& key, BytesView plaintext) {
  Bytes nonce(kNonce);
  crypto::SystemRandom::instance().fill(nonce);
  Bytes sealed =
      crypto::aead_seal(crypto::AeadAlgorithm::kAes256Gcm, key.reveal(), nonce, aad_of(path), plaintext);
  Bytes out(kMagic.size() + nonce.size() + sealed.size());
  std::memcpy(out.data(), kMagic.data(), kMagic.size());
  std::memcpy(out.data() + kMagic.size(), nonce.data(), nonce.size());
  std::memcpy(out.data() + kMagic.size() + nonce.size(), sealed.data(), sealed.size());
  write_file_atomic(path, out);
}

std::optional<crypto::SecretBytes> read_sealed(const std::string& path,
                                               const crypto::SecretBytes& key) {
  std::optional<Bytes> data = read_file(path);
  if (!data) return std::nullopt;
  BytesView all(*data);
  if (all.size() < kMagic.size() + kNonce ||
      std::memcmp(all.data(), kMagic.data(), kMagic.size()) != 0) {
    throw ClientError::profile(path + " is not a sealed zt-client file");
  }
  auto opened = crypto::aead_open(crypto::AeadAlgorithm::kAes256Gcm, key.reveal(),
                                  all.subspan(kMagic.size(), kNonce), aad_of(path),
                                  all.subspan(kMagic.size() + kNonce));
  if (!opened) {
    throw ClientError::profile(path +
                               " does not open under this profile's key (damaged, or from another "
                               "profile)");
  }
  return crypto::SecretBytes::adopt(std::move(*opened));
}

}  // namespace zt::client
