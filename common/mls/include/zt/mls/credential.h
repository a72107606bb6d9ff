// Credentials (RFC 9420 section 5.3): basic and X.509 chains.
#pragma once

#include <variant>
#include <vector>

#include "zt/mls/protocol_types.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

struct Certificate {
  Bytes cert_data;  // one DER certificate
  ZT_TLS_FIELDS(cert_data)
  bool operator==(const Certificate&) const = default;
};

struct BasicCredential {
  static constexpr CredentialType kSelectTag = kCredentialBasic;
  Bytes identity;
  ZT_TLS_FIELDS(identity)
  bool operator==(const BasicCredential&) const = default;
};

struct X509Credential {
  static constexpr CredentialType kSelectTag = kCredentialX509;
  std::vector<Certificate> certificates;  // end-entity first
  ZT_TLS_FIELDS(certificates)
  bool operator==(const X509Credential&) const = default;
};

struct Credential {
  std::variant<BasicCredential, X509Credential> value;
  ZT_TLS_FIELDS(value)
  bool operator==(const Credential&) const = default;

  CredentialType type() const {
    return std::holds_alternative<BasicCredential>(value) ? kCredentialBasic : kCredentialX509;
  }
};

}  // namespace zt::mls
