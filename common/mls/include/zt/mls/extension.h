// Extensions (RFC 9420 section 13) and the payloads of the extensions the
// protocol defines (required_capabilities, external_pub, external_senders,
// application_id). The ratchet_tree payload is RatchetTree in ratchet_tree.h.
#pragma once

#include <optional>
#include <vector>

#include "zt/mls/credential.h"
#include "zt/mls/protocol_types.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

struct Extension {
  ExtensionType extension_type = 0;
  Bytes extension_data;
  ZT_TLS_FIELDS(extension_type, extension_data)
  bool operator==(const Extension&) const = default;
};

using Extensions = std::vector<Extension>;

// The first extension of `type`, or nullptr.
inline const Extension* find_extension(const Extensions& list, ExtensionType type) {
  for (const Extension& e : list) {
    if (e.extension_type == type) return &e;
  }
  return nullptr;
}

struct RequiredCapabilities {
  std::vector<ExtensionType> extension_types;
  std::vector<ProposalType> proposal_types;
  std::vector<CredentialType> credential_types;
  ZT_TLS_FIELDS(extension_types, proposal_types, credential_types)
  bool operator==(const RequiredCapabilities&) const = default;
};

struct ExternalPub {
  HpkePublicKey external_pub;
  ZT_TLS_FIELDS(external_pub)
  bool operator==(const ExternalPub&) const = default;
};

struct ExternalSender {
  SignaturePublicKey signature_key;
  Credential credential;
  ZT_TLS_FIELDS(signature_key, credential)
  bool operator==(const ExternalSender&) const = default;
};

// extension_data of external_senders: ExternalSender external_senders<V>.
using ExternalSenders = std::vector<ExternalSender>;

// extension_data of application_id: opaque application_id<V>.
struct ApplicationId {
  Bytes application_id;
  ZT_TLS_FIELDS(application_id)
  bool operator==(const ApplicationId&) const = default;
};

}  // namespace zt::mls
