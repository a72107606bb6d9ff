// The Delivery Service's own MLS signing key (Ed25519) and the
// ExternalSender (RFC 9420 section 12.1.8.1) a group creator puts in the
// group's external_senders extension, so the DS can sign the external
// Add/Remove proposals of batched joins. The key's 32-byte seed is hex in
// a file (delivery.signing_key_file, e.g. a Kubernetes Secret shared by all
// replicas, since every replica must sign as the same external sender).
#pragma once

#include <string>

#include "zt/crypto/secret_bytes.h"
#include "zt/mls/extension.h"
#include "zt/mls/mls_message.h"

namespace zt::delivery {

inline constexpr char kExternalSenderIdentity[] = "zt-delivery";

class ExternalSenderKey {
 public:
  // `seed_hex`: the file's contents (64 hex digits, whitespace trimmed).
  // Throws std::runtime_error (no key material in the message) if malformed.
  explicit ExternalSenderKey(const crypto::SecretBytes& seed_hex);

  // A fresh random key (a process without a key file: its groups cannot
  // use DS proposals after a restart, so main.cpp warns).
  static ExternalSenderKey generate();

  // For suites whose signature scheme is Ed25519; throws
  // DeliveryError(kInvalidArgument) for the others.
  mls::ExternalSender external_sender(uint16_t cipher_suite) const;
  const Bytes& public_key() const { return public_key_; }
  Bytes sign(BytesView message) const;
  // An MLSMessage(PublicMessage) proposal of `group_id` at `epoch` from
  // this external sender (sender external, `sender_index` into the group's
  // external_senders), signed with this key (RFC 9420 section 6.1).
  mls::MlsMessage propose(uint16_t cipher_suite, BytesView group_id, uint64_t epoch,
                          uint32_t sender_index, mls::Proposal proposal) const;

 private:
  crypto::SecretBytes seed_;
  Bytes public_key_;
};

}  // namespace zt::delivery
