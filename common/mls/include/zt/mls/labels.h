// Labelled inputs of the cryptographic helpers (RFC 9420 sections 5.1.2,
// 5.1.3, 5.2, 8, 8.4): SignContent, EncryptContext, RefHashInput, KDFLabel,
// PSKLabel. Labels are given without the "MLS 1.0 " prefix to the helpers
// below, which add it.
#pragma once

#include <string_view>

#include "zt/mls/proposal.h"
#include "zt/mls/protocol_types.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

inline constexpr std::string_view kLabelPrefix = "MLS 1.0 ";

// "MLS 1.0 " + label.
inline Bytes mls_label(std::string_view label) {
  return concat(as_bytes(kLabelPrefix), as_bytes(label));
}

struct SignContent {
  Bytes label;
  Bytes content;
  ZT_TLS_FIELDS(label, content)
  bool operator==(const SignContent&) const = default;
};

struct EncryptContext {
  Bytes label;
  Bytes context;
  ZT_TLS_FIELDS(label, context)
  bool operator==(const EncryptContext&) const = default;
};

struct RefHashInput {
  Bytes label;  // used as given: "MLS 1.0 KeyPackage Reference" etc.
  Bytes value;
  ZT_TLS_FIELDS(label, value)
  bool operator==(const RefHashInput&) const = default;
};

struct KdfLabel {
  uint16_t length = 0;
  Bytes label;
  Bytes context;
  ZT_TLS_FIELDS(length, label, context)
  bool operator==(const KdfLabel&) const = default;
};

struct PskLabel {
  PreSharedKeyId id;
  uint16_t index = 0;
  uint16_t count = 0;
  ZT_TLS_FIELDS(id, index, count)
  bool operator==(const PskLabel&) const = default;
};

}  // namespace zt::mls
