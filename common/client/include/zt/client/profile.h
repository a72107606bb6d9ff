// A device profile: one directory (--profile DIR, mode 700) that separate
// invocations of a client share, so each continues the same session.
//   profile.json     what is not secret: service addresses, the device's
//                    ids, its certificate and the org's trust anchors
//   profile.key      32 random bytes (mode 600); the two keys below are
//                    derived from it with HKDF-SHA256
//   secrets.sealed   the bearer token, the signature key, the credential,
//                    the private keys of published KeyPackages
//   meeting.sealed   the current meeting: the MLS client state (itself
//                    encrypted by Group::serialize), the log position and
//                    the messages received
// Every file is written to a temporary file and renamed (never half
// written), mode 600. An open Profile holds an exclusive lock on the
// directory, so two invocations never interleave their writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zt/crypto/secret_bytes.h"
#include "zt/mls/tls_codec.h"

namespace zt::client {

inline constexpr int kProfileFormat = 1;

struct TrustAnchors {
  std::vector<std::string> internal_pem;  // the org CA and the deployment root
  std::vector<std::string> external_pem;  // external CAs the org trusts
};

struct ProfileConfig {
  std::string controlhub_url;    // http://host:port
  std::string delivery_address;  // host:port of the Delivery Service (gRPC)
  std::string client_id, org_id, device_id, user_id;
  int64_t token_expires_at = 0;  // unix seconds
  std::string credential_kind;   // "" (not enrolled), "x509" or "basic"
  std::string certificate_pem;   // the end-entity certificate (x509)
  TrustAnchors trust;
};

struct StoredKeyPackage {
  Bytes ref;          // KeyPackageRef
  Bytes key_package;  // TLS-encoded KeyPackage
  crypto::SecretBytes init_private_key;
  crypto::SecretBytes encryption_private_key;
  ZT_TLS_FIELDS(ref, key_package, init_private_key, encryption_private_key)
};

struct DeviceSecrets {
  crypto::SecretBytes token;
  crypto::SecretBytes signature_key;  // raw Ed25519 seed; empty until enrolled
  Bytes credential;                   // TLS-encoded mls::Credential
  std::vector<StoredKeyPackage> key_packages;
  ZT_TLS_FIELDS(token, signature_key, credential, key_packages)
};

struct StoredMessage {
  uint64_t sequence = 0;
  uint64_t epoch = 0;
  Bytes sender;    // the sender's identity (device URI)
  Bytes envelope;  // TLS-encoded Envelope
  ZT_TLS_FIELDS(sequence, epoch, sender, envelope)
};

enum class MeetingStatus : uint8_t { kActive = 1, kLeft = 2, kRemoved = 3 };
inline bool tls_enum_valid(MeetingStatus s) {
  return s == MeetingStatus::kActive || s == MeetingStatus::kLeft || s == MeetingStatus::kRemoved;
}

struct MeetingState {
  Bytes group_id;
  uint64_t meeting_number = 0;
  uint8_t type = 0;            // delivery.v1.MeetingType
  uint64_t last_sequence = 0;  // the last group-log entry this device processed
  MeetingStatus status = MeetingStatus::kActive;
  uint64_t joined_epoch = 0;   // entries of earlier epochs were never meant for us
  Bytes group_state;           // Group::serialize(mls_state_key)
  std::vector<StoredMessage> messages;
  ZT_TLS_FIELDS(group_id, meeting_number, type, last_sequence, status, joined_epoch, group_state,
                messages)
};

class Profile {
 public:
  // Opens DIR, creating it (and its key) if `create`; ClientError(kProfile)
  // if there is no profile there and `create` is false, or it is of another
  // format.
  static Profile open(const std::string& dir, bool create = false);
  Profile(Profile&&) noexcept;
  Profile& operator=(Profile&&) noexcept;
  ~Profile();

  const std::string& dir() const { return dir_; }
  ProfileConfig& config() { return config_; }
  const ProfileConfig& config() const { return config_; }
  void save_config() const;

  DeviceSecrets load_secrets() const;  // empty secrets if none saved yet
  void save_secrets(const DeviceSecrets& secrets) const;

  std::optional<MeetingState> load_meeting() const;
  void save_meeting(const MeetingState& meeting) const;

  // The key Group::serialize / Group::restore use.
  const crypto::SecretBytes& mls_state_key() const { return mls_key_; }

 private:
  Profile() = default;
  std::string path(const char* name) const { return dir_ + "/" + name; }

  std::string dir_;
  int lock_fd_ = -1;
  ProfileConfig config_;
  crypto::SecretBytes file_key_;
  crypto::SecretBytes mls_key_;
};

}  // namespace zt::client
