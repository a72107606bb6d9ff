// Proposals (RFC 9420 section 12.1), PreSharedKeyID (section 8.4) and
// ProposalOrRef (section 12.4).
#pragma once

#include <variant>

#include "zt/mls/extension.h"
#include "zt/mls/key_package.h"
#include "zt/mls/leaf_node.h"
#include "zt/mls/protocol_types.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

struct ExternalPsk {
  static constexpr PskType kSelectTag = PskType::kExternal;
  Bytes psk_id;
  ZT_TLS_FIELDS(psk_id)
  bool operator==(const ExternalPsk&) const = default;
};

struct ResumptionPsk {
  static constexpr PskType kSelectTag = PskType::kResumption;
  ResumptionPskUsage usage = ResumptionPskUsage::kApplication;
  Bytes psk_group_id;
  uint64_t psk_epoch = 0;
  ZT_TLS_FIELDS(usage, psk_group_id, psk_epoch)
  bool operator==(const ResumptionPsk&) const = default;
};

struct PreSharedKeyId {
  std::variant<ExternalPsk, ResumptionPsk> psk;
  Bytes psk_nonce;
  ZT_TLS_FIELDS(psk, psk_nonce)
  bool operator==(const PreSharedKeyId&) const = default;
};

struct Add {
  static constexpr ProposalType kSelectTag = kProposalAdd;
  KeyPackage key_package;
  ZT_TLS_FIELDS(key_package)
  bool operator==(const Add&) const = default;
};

struct Update {
  static constexpr ProposalType kSelectTag = kProposalUpdate;
  LeafNode leaf_node;
  ZT_TLS_FIELDS(leaf_node)
  bool operator==(const Update&) const = default;
};

struct Remove {
  static constexpr ProposalType kSelectTag = kProposalRemove;
  uint32_t removed = 0;
  ZT_TLS_FIELDS(removed)
  bool operator==(const Remove&) const = default;
};

struct PreSharedKey {
  static constexpr ProposalType kSelectTag = kProposalPsk;
  PreSharedKeyId psk;
  ZT_TLS_FIELDS(psk)
  bool operator==(const PreSharedKey&) const = default;
};

struct ReInit {
  static constexpr ProposalType kSelectTag = kProposalReinit;
  Bytes group_id;
  ProtocolVersion version = ProtocolVersion::kMls10;
  CipherSuite cipher_suite = 0;
  Extensions extensions;
  ZT_TLS_FIELDS(group_id, version, cipher_suite, extensions)
  bool operator==(const ReInit&) const = default;
};

struct ExternalInit {
  static constexpr ProposalType kSelectTag = kProposalExternalInit;
  Bytes kem_output;
  ZT_TLS_FIELDS(kem_output)
  bool operator==(const ExternalInit&) const = default;
};

struct GroupContextExtensions {
  static constexpr ProposalType kSelectTag = kProposalGroupContextExtensions;
  Extensions extensions;
  ZT_TLS_FIELDS(extensions)
  bool operator==(const GroupContextExtensions&) const = default;
};

struct Proposal {
  static constexpr ContentType kSelectTag = ContentType::kProposal;  // in FramedContent
  std::variant<Add, Update, Remove, PreSharedKey, ReInit, ExternalInit, GroupContextExtensions>
      value;
  ZT_TLS_FIELDS(value)
  bool operator==(const Proposal&) const = default;

  ProposalType type() const { return static_cast<ProposalType>(value.index() + 1); }
};

using ProposalOrRefValue = std::variant<Proposal, ProposalRef>;

template <>
struct SelectTag<ProposalOrRefValue, Proposal> {
  static constexpr ProposalOrRefType value = ProposalOrRefType::kProposal;
};
template <>
struct SelectTag<ProposalOrRefValue, ProposalRef> {
  static constexpr ProposalOrRefType value = ProposalOrRefType::kReference;
};

struct ProposalOrRef {
  ProposalOrRefValue value;
  ZT_TLS_FIELDS(value)
  bool operator==(const ProposalOrRef&) const = default;
};

}  // namespace zt::mls
