// GroupContext (RFC 9420 section 8.1), the transcript hash inputs (8.2),
// GroupInfo and GroupInfoTBS (12.4.3).
#pragma once

#include "zt/mls/extension.h"
#include "zt/mls/protocol_types.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

struct GroupContext {
  ProtocolVersion version = ProtocolVersion::kMls10;
  CipherSuite cipher_suite = 0;
  Bytes group_id;
  uint64_t epoch = 0;
  Bytes tree_hash;
  Bytes confirmed_transcript_hash;
  Extensions extensions;
  ZT_TLS_FIELDS(version, cipher_suite, group_id, epoch, tree_hash, confirmed_transcript_hash,
                extensions)
  bool operator==(const GroupContext&) const = default;
};

struct GroupInfoTbs {
  GroupContext group_context;
  Extensions extensions;
  Mac confirmation_tag;
  uint32_t signer = 0;
  ZT_TLS_FIELDS(group_context, extensions, confirmation_tag, signer)
  bool operator==(const GroupInfoTbs&) const = default;
};

struct GroupInfo {
  static constexpr WireFormat kSelectTag = WireFormat::kGroupInfo;  // in MlsMessage
  GroupContext group_context;
  Extensions extensions;
  Mac confirmation_tag;
  uint32_t signer = 0;
  Bytes signature;  // SignWithLabel(., "GroupInfoTBS", GroupInfoTBS)
  ZT_TLS_FIELDS(group_context, extensions, confirmation_tag, signer, signature)
  bool operator==(const GroupInfo&) const = default;
};

inline GroupInfoTbs group_info_tbs(const GroupInfo& gi) {
  return {gi.group_context, gi.extensions, gi.confirmation_tag, gi.signer};
}

struct InterimTranscriptHashInput {
  Mac confirmation_tag;
  ZT_TLS_FIELDS(confirmation_tag)
  bool operator==(const InterimTranscriptHashInput&) const = default;
};

}  // namespace zt::mls
