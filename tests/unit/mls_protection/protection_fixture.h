// A two-member group epoch (sender leaf 1) for message-protection tests:
// fixed secrets, a real signature key pair, sender and receiver secret trees.
#pragma once

#include <optional>

#include "zt/crypto/signature.h"
#include "zt/mls/message_protection.h"

namespace zt::mls::testing {

struct ProtectionFixture {
  explicit ProtectionFixture(CipherSuite suite_id = 1);

  const crypto::SuiteAlgorithms& suite;
  GroupContext context;
  crypto::SecretBytes signature_priv;
  Bytes signature_pub;
  Bytes encryption_secret;
  Bytes sender_data_secret;
  Bytes membership_key;
  SecretTree sender_tree;
  SecretTree receiver_tree;

  static constexpr uint32_t kSender = 1;

  SignerKeyLookup signer() const;
  FramedContent framed(Content content) const;
  AuthenticatedContent sign(WireFormat wire_format, Content content) const;

  Expected<PrivateMessage, MessageError> protect_application(BytesView data, size_t padding = 0);
  Expected<AuthenticatedContent, MessageError> unprotect(const PrivateMessage& message);
};

// The application data inside authenticated content (empty if none).
Bytes application_data_of(const AuthenticatedContent& content);

}  // namespace zt::mls::testing
