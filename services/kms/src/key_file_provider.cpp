#include "key_file_provider.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "domain_error.h"
#include "zt/base/number.h"
#include "zt/config/config.h"
#include "zt/crypto/aead.h"

namespace zt::kms {
namespace {

constexpr auto kAlg = crypto::AeadAlgorithm::kAes256Gcm;
constexpr size_t kNonce = 12;

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

crypto::SecretBytes read_file(const std::string& path) {
  return config::read_secret_file(path, "kms master key file");
}

}  // namespace

Bytes wrap_aad(const std::string& key_uri, int version) {
  Bytes aad(key_uri.begin(), key_uri.end());
  for (int i = 3; i >= 0; --i)
    aad.push_back(static_cast<uint8_t>(static_cast<uint32_t>(version) >> (8 * i)));
  return aad;
}

std::map<int, crypto::SecretBytes> KeyFileProvider::parse(const crypto::SecretBytes& contents) {
  std::map<int, crypto::SecretBytes> keys;
  std::string_view rest = contents.reveal_text();
  int line_no = 0;
  while (!rest.empty()) {
    ++line_no;
    const size_t eol = rest.find('\n');
    std::string_view line = trim(rest.substr(0, eol));
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    if (line.empty() || line[0] == '#') continue;
    auto bad = [&](const char* why) {
      return std::invalid_argument("master key file line " + std::to_string(line_no) + ": " + why);
    };
    size_t colon = line.find(':');
    int version = 1;
    std::string_view hex = line;
    if (colon != std::string_view::npos) {
      const auto v = parse_int(line.substr(0, colon));
      if (!v || *v < 1 || *v > 999999) {
        throw bad("the version must be a number 1..999999");
      }
      version = static_cast<int>(*v);
      hex = line.substr(colon + 1);
    }
    if (version < 1) throw bad("the version must be a number 1..999999");
    if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      throw bad("expected 64 hex digits (a 256-bit key)");
    }
    if (keys.count(version)) throw bad("the version appears twice");
    keys.emplace(version, crypto::secret_from_hex(hex));
  }
  if (keys.empty()) throw std::invalid_argument("master key file holds no key");
  return keys;
}

crypto::SecretBytes KeyFileProvider::generate(int version, crypto::RandomSource& random) {
  crypto::SecretBytes k(32);
  random.fill(k.reveal_mutable());
  const crypto::SecretBytes hex = crypto::secret_to_hex(k);
  const std::string prefix = std::to_string(version) + ":";
  crypto::SecretBytes line(prefix.size() + hex.size() + 1);
  MutableBytesView out = line.reveal_mutable();
  std::copy(prefix.begin(), prefix.end(), out.begin());
  std::copy(hex.reveal().begin(), hex.reveal().end(), out.begin() + prefix.size());
  out.back() = '\n';
  return line;
}

KeyFileProvider::KeyFileProvider(const crypto::SecretBytes& contents, std::string path)
    : path_(std::move(path)), keys_(parse(contents)) {}

int KeyFileProvider::current_version() const {
  std::lock_guard lock(mu_);
  return keys_.rbegin()->first;
}

std::vector<int> KeyFileProvider::versions() const {
  std::lock_guard lock(mu_);
  std::vector<int> out;
  for (const auto& [v, k] : keys_) out.push_back(v);
  return out;
}

crypto::SecretBytes KeyFileProvider::key(int version) const {
  std::lock_guard lock(mu_);
  auto it = keys_.find(version);
  if (it == keys_.end()) {
    throw DomainError(ErrorCode::kUnavailable, "master key version " + std::to_string(version) +
                                                   " is not loaded by this KMS");
  }
  return it->second;
}

Bytes KeyFileProvider::wrap(int version, BytesView aad, const crypto::SecretBytes& content_key,
                            crypto::RandomSource& random) {
  crypto::SecretBytes kek = key(version);
  Bytes out = random.bytes(kNonce);
  Bytes sealed = crypto::aead_seal(kAlg, kek.reveal(), out, aad, content_key.reveal());
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

crypto::SecretBytes KeyFileProvider::unwrap(int version, BytesView aad, BytesView wrapped) {
  crypto::SecretBytes kek = key(version);
  if (wrapped.size() < kNonce + crypto::aead_tag_size(kAlg)) {
    throw crypto::CryptoError(crypto::CryptoErrorCode::kInvalidInput, "wrapped key too short");
  }
  auto opened = crypto::aead_open(kAlg, kek.reveal(), wrapped.subspan(0, kNonce), aad,
                                  wrapped.subspan(kNonce));
  if (!opened) throw opened.error();
  return crypto::SecretBytes::adopt(std::move(*opened));
}

void KeyFileProvider::reload() {
  if (path_.empty()) return;
  auto keys = parse(read_file(path_));
  std::lock_guard lock(mu_);
  keys_ = std::move(keys);
}

crypto::SecretBytes load_or_create_key_file(crypto::SecretBytes configured,
                                            const std::string& state_dir, std::string* path_out,
                                            crypto::RandomSource& random) {
  if (!configured.empty()) return configured;
  std::filesystem::create_directories(state_dir);
  std::string path = state_dir + "/master.key";
  if (path_out) *path_out = path;
  if (!std::filesystem::exists(path)) {
    std::string tmp = path + ".tmp." + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot create " + tmp);
    const crypto::SecretBytes line = KeyFileProvider::generate(1, random);
    const BytesView bytes = line.reveal();
    bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) &&
              ::fsync(fd) == 0;
    ::close(fd);
    // link() fails if another process got there first: then theirs is the key.
    if (ok) (void)::link(tmp.c_str(), path.c_str());
    ::unlink(tmp.c_str());
    if (!ok) throw std::runtime_error("cannot write " + path);
  }
  return read_file(path);
}

}  // namespace zt::kms
