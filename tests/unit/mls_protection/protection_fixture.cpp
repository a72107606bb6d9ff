#include "protection_fixture.h"

namespace zt::mls::testing {

ProtectionFixture::ProtectionFixture(CipherSuite suite_id)
    : suite(suite_algorithms(suite_id)),
      signature_priv(crypto::SigningKey::generate(suite.signature).raw_private_key()),
      signature_pub(crypto::derive_signature_public_key(suite.signature, signature_priv.reveal())),
      encryption_secret(suite.nh, 0x11),
      sender_data_secret(suite.nh, 0x22),
      membership_key(suite.nh, 0x33),
      sender_tree(suite, encryption_secret, 2),
      receiver_tree(suite, encryption_secret, 2) {
  context.cipher_suite = suite_id;
  context.group_id = from_hex("67726f7570");
  context.epoch = 7;
  context.tree_hash = Bytes(suite.nh, 0x44);
  context.confirmed_transcript_hash = Bytes(suite.nh, 0x55);
}

SignerKeyLookup ProtectionFixture::signer() const {
  return [pub = signature_pub](const Sender& s) -> std::optional<SignaturePublicKey> {
    const auto* m = std::get_if<MemberSender>(&s.value);
    if (m == nullptr || m->leaf_index != kSender) return std::nullopt;
    return pub;
  };
}

FramedContent ProtectionFixture::framed(Content content) const {
  return FramedContent{context.group_id, context.epoch, Sender{MemberSender{kSender}},
                       from_hex("aad0"), std::move(content)};
}

AuthenticatedContent ProtectionFixture::sign(WireFormat wire_format, Content content) const {
  auto out = sign_framed_content(suite, signature_priv.reveal(), wire_format,
                                 framed(std::move(content)), context);
  if (out.content.content_type() == ContentType::kCommit)
    out.auth.confirmation_tag = Bytes(suite.nh, 0x66);
  return out;
}

Expected<PrivateMessage, MessageError> ProtectionFixture::protect_application(BytesView data,
                                                                              size_t padding) {
  return protect_private(
      suite, sign(WireFormat::kPrivateMessage, ApplicationData{Bytes(data.begin(), data.end())}),
      sender_tree, sender_data_secret, {.padding = padding});
}

Expected<AuthenticatedContent, MessageError> ProtectionFixture::unprotect(
    const PrivateMessage& message) {
  return unprotect_private(suite, message, context, receiver_tree, sender_data_secret, signer());
}

Bytes application_data_of(const AuthenticatedContent& content) {
  const auto* app = std::get_if<ApplicationData>(&content.content.content);
  return app ? app->application_data : Bytes();
}

}  // namespace zt::mls::testing
