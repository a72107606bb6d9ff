#include "zt/client/profile.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "sealed_file.h"
#include "zt/client/client_error.h"
#include "zt/crypto/hkdf.h"
#include "zt/crypto/random.h"

namespace zt::client {
namespace {

constexpr size_t kKeySize = 32;

nlohmann::json to_json(const ProfileConfig& c) {
  return {{"format", kProfileFormat},
          {"controlhub", c.controlhub_url},
          {"delivery", c.delivery_address},
          {"client_id", c.client_id},
          {"org_id", c.org_id},
          {"device_id", c.device_id},
          {"user_id", c.user_id},
          {"token_expires_at", c.token_expires_at},
          {"credential", c.credential_kind},
          {"certificate_pem", c.certificate_pem},
          {"trust", {{"internal", c.trust.internal_pem}, {"external", c.trust.external_pem}}}};
}

ProfileConfig from_json(const nlohmann::json& j, const std::string& path) {
  if (!j.is_object() || j.value("format", 0) != kProfileFormat) {
    throw ClientError::profile(path + " is not a zt-client profile of format " +
                               std::to_string(kProfileFormat));
  }
  ProfileConfig c;
  c.controlhub_url = j.value("controlhub", "");
  c.delivery_address = j.value("delivery", "");
  c.client_id = j.value("client_id", "");
  c.org_id = j.value("org_id", "");
  c.device_id = j.value("device_id", "");
  c.user_id = j.value("user_id", "");
  c.token_expires_at = j.value("token_expires_at", int64_t{0});
  c.credential_kind = j.value("credential", "");
  c.certificate_pem = j.value("certificate_pem", "");
  if (j.contains("trust")) {
    c.trust.internal_pem = j["trust"].value("internal", std::vector<std::string>{});
    c.trust.external_pem = j["trust"].value("external", std::vector<std::string>{});
  }
  return c;
}

crypto::SecretBytes derive(const crypto::SecretBytes& root, std::string_view label) {
  auto prk = crypto::hkdf_extract(crypto::HashAlgorithm::kSha256, {}, root.reveal());
  return crypto::hkdf_expand(crypto::HashAlgorithm::kSha256, prk.reveal(), as_bytes(label),
                             kKeySize);
}

crypto::SecretBytes load_or_create_key(const std::string& path, bool create) {
  if (auto existing = read_file(path)) {
    if (existing->size() != kKeySize) throw ClientError::profile(path + " is not a 32-byte key");
    return crypto::SecretBytes::adopt(std::move(*existing));
  }
  if (!create) throw ClientError::profile(path + " is missing");
  crypto::SecretBytes key(kKeySize);
  crypto::SystemRandom::instance().fill(key.reveal_mutable());
  write_file_atomic(path, key.reveal());
  return key;
}

}  // namespace

Profile::Profile(Profile&& o) noexcept
    : dir_(std::move(o.dir_)),
      lock_fd_(std::exchange(o.lock_fd_, -1)),
      config_(std::move(o.config_)),
      file_key_(std::move(o.file_key_)),
      mls_key_(std::move(o.mls_key_)) {}

Profile& Profile::operator=(Profile&& o) noexcept {
  if (this != &o) {
    if (lock_fd_ >= 0) ::close(lock_fd_);
    dir_ = std::move(o.dir_);
    lock_fd_ = std::exchange(o.lock_fd_, -1);
    config_ = std::move(o.config_);
    file_key_ = std::move(o.file_key_);
    mls_key_ = std::move(o.mls_key_);
  }
  return *this;
}

Profile::~Profile() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

Profile Profile::open(const std::string& dir, bool create) {
  if (dir.empty()) throw ClientError::usage("--profile DIR is required");
  Profile p;
  p.dir_ = dir;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    if (!create) throw ClientError::profile("no profile at " + dir + ": run `zt-client login` first");
    std::filesystem::create_directories(dir, ec);
    if (ec) throw ClientError::profile("cannot create " + dir + ": " + ec.message());
  }
  ::chmod(dir.c_str(), 0700);
  p.lock_fd_ = ::open(p.path("lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (p.lock_fd_ < 0 || ::flock(p.lock_fd_, LOCK_EX) != 0)
    throw ClientError::profile("cannot lock " + p.path("lock"));
  std::optional<Bytes> json = read_file(p.path("profile.json"));
  if (json) {
    auto parsed = nlohmann::json::parse(json->begin(), json->end(), nullptr, false);
    p.config_ = from_json(parsed, p.path("profile.json"));
  } else if (!create) {
    throw ClientError::profile("no profile at " + dir + ": run `zt-client login` first");
  }
  crypto::SecretBytes root = load_or_create_key(p.path("profile.key"), create);
  p.file_key_ = derive(root, "zt-client profile files");
  p.mls_key_ = derive(root, "zt-client mls state");
  return p;
}

void Profile::save_config() const {
  std::string text = to_json(config_).dump(2) + "\n";
  write_file_atomic(path("profile.json"), as_bytes(text));
}

DeviceSecrets Profile::load_secrets() const {
  auto plain = read_sealed(path("secrets.sealed"), file_key_);
  if (!plain) return {};
  auto decoded = mls::decode<DeviceSecrets>(plain->reveal());
  if (!decoded) throw ClientError::profile(path("secrets.sealed") + " does not decode");
  return std::move(*decoded);
}

void Profile::save_secrets(const DeviceSecrets& secrets) const {
  write_sealed(path("secrets.sealed"), file_key_, mls::encode_secret(secrets).reveal());
}

std::optional<MeetingState> Profile::load_meeting() const {
  auto plain = read_sealed(path("meeting.sealed"), file_key_);
  if (!plain) return std::nullopt;
  auto decoded = mls::decode<MeetingState>(plain->reveal());
  if (!decoded) throw ClientError::profile(path("meeting.sealed") + " does not decode");
  return std::move(*decoded);
}

void Profile::save_meeting(const MeetingState& meeting) const {
  write_sealed(path("meeting.sealed"), file_key_, mls::encode_secret(meeting).reveal());
}

}  // namespace zt::client
