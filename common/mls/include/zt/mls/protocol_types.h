// Scalar types and enums of RFC 9420 used across the wire structs.
// IANA registries that receivers must tolerate unknown values of
// (cipher suites, extension/proposal/credential types) are plain integers;
// closed enums are enum classes whose decoding rejects undefined values.
#pragma once

#include <cstdint>

#include "zt/base/bytes.h"

namespace zt::mls {

using CipherSuite = uint16_t;     // "MLS Cipher Suites" registry
using ExtensionType = uint16_t;   // "MLS Extension Types" registry
using ProposalType = uint16_t;    // "MLS Proposal Types" registry
using CredentialType = uint16_t;  // "MLS Credential Types" registry

using HpkePublicKey = Bytes;       // opaque HPKEPublicKey<V>
using SignaturePublicKey = Bytes;  // opaque SignaturePublicKey<V>
using HashReference = Bytes;       // opaque HashReference<V>
using KeyPackageRef = HashReference;
using ProposalRef = HashReference;
using Mac = Bytes;  // opaque MAC<V>

enum class ProtocolVersion : uint16_t { kReserved = 0, kMls10 = 1 };
// Any non-reserved version parses (ReInit and Capabilities may name future ones).
constexpr bool tls_enum_valid(ProtocolVersion v) { return v != ProtocolVersion::kReserved; }

enum class WireFormat : uint16_t {
  kReserved = 0,
  kPublicMessage = 1,
  kPrivateMessage = 2,
  kWelcome = 3,
  kGroupInfo = 4,
  kKeyPackage = 5,
};
constexpr bool tls_enum_valid(WireFormat w) {
  return w >= WireFormat::kPublicMessage && w <= WireFormat::kKeyPackage;
}

enum class ContentType : uint8_t { kReserved = 0, kApplication = 1, kProposal = 2, kCommit = 3 };
constexpr bool tls_enum_valid(ContentType c) {
  return c >= ContentType::kApplication && c <= ContentType::kCommit;
}

enum class SenderType : uint8_t {
  kReserved = 0,
  kMember = 1,
  kExternal = 2,
  kNewMemberProposal = 3,
  kNewMemberCommit = 4,
};

enum class LeafNodeSourceType : uint8_t {
  kReserved = 0,
  kKeyPackage = 1,
  kUpdate = 2,
  kCommit = 3
};

enum class NodeType : uint8_t { kReserved = 0, kLeaf = 1, kParent = 2 };

enum class PskType : uint8_t { kReserved = 0, kExternal = 1, kResumption = 2 };

enum class ResumptionPskUsage : uint8_t {
  kReserved = 0,
  kApplication = 1,
  kReinit = 2,
  kBranch = 3
};
constexpr bool tls_enum_valid(ResumptionPskUsage u) {
  return u >= ResumptionPskUsage::kApplication && u <= ResumptionPskUsage::kBranch;
}

enum class ProposalOrRefType : uint8_t { kReserved = 0, kProposal = 1, kReference = 2 };

// Registered values (RFC 9420 section 17).
inline constexpr CredentialType kCredentialBasic = 1;
inline constexpr CredentialType kCredentialX509 = 2;

inline constexpr ProposalType kProposalAdd = 1;
inline constexpr ProposalType kProposalUpdate = 2;
inline constexpr ProposalType kProposalRemove = 3;
inline constexpr ProposalType kProposalPsk = 4;
inline constexpr ProposalType kProposalReinit = 5;
inline constexpr ProposalType kProposalExternalInit = 6;
inline constexpr ProposalType kProposalGroupContextExtensions = 7;

inline constexpr ExtensionType kExtensionApplicationId = 1;
inline constexpr ExtensionType kExtensionRatchetTree = 2;
inline constexpr ExtensionType kExtensionRequiredCapabilities = 3;
inline constexpr ExtensionType kExtensionExternalPub = 4;
inline constexpr ExtensionType kExtensionExternalSenders = 5;

}  // namespace zt::mls
