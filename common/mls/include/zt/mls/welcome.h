// Welcome and the group secrets it carries (RFC 9420 section 12.4.3.1).
#pragma once

#include <optional>
#include <vector>

#include "zt/mls/proposal.h"
#include "zt/mls/protocol_types.h"
#include "zt/mls/tls_codec.h"
#include "zt/mls/update_path.h"

namespace zt::mls {

struct PathSecret {
  crypto::SecretBytes path_secret;
  ZT_TLS_FIELDS(path_secret)
  bool operator==(const PathSecret&) const = default;
};

struct GroupSecrets {
  crypto::SecretBytes joiner_secret;
  std::optional<PathSecret> path_secret;
  std::vector<PreSharedKeyId> psks;
  ZT_TLS_FIELDS(joiner_secret, path_secret, psks)
  bool operator==(const GroupSecrets&) const = default;
};

struct EncryptedGroupSecrets {
  KeyPackageRef new_member;
  HpkeCiphertext encrypted_group_secrets;
  ZT_TLS_FIELDS(new_member, encrypted_group_secrets)
  bool operator==(const EncryptedGroupSecrets&) const = default;
};

struct Welcome {
  static constexpr WireFormat kSelectTag = WireFormat::kWelcome;  // in MlsMessage
  CipherSuite cipher_suite = 0;
  std::vector<EncryptedGroupSecrets> secrets;
  Bytes encrypted_group_info;
  ZT_TLS_FIELDS(cipher_suite, secrets, encrypted_group_info)
  bool operator==(const Welcome&) const = default;
};

}  // namespace zt::mls
