// PrivateMessage protect / unprotect (RFC 9420 section 6.3).
#include <array>

#include "zt/crypto/aead.h"
#include "zt/mls/message_protection.h"

namespace zt::mls {
namespace {

constexpr size_t kReuseGuardSize = 4;

MessageError error(MessageErrorCode code) { return MessageError(code); }

// The content nonce: the ratchet nonce with its first four bytes XORed with
// the reuse guard.
std::array<uint8_t, 32> guarded_nonce(const RatchetKey& key,
                                      const std::array<uint8_t, kReuseGuardSize>& guard) {
  std::array<uint8_t, 32> nonce{};
  const BytesView n = key.nonce.reveal();
  std::copy(n.begin(), n.end(), nonce.begin());
  for (size_t i = 0; i < kReuseGuardSize; ++i) nonce[i] ^= guard[i];
  return nonce;
}

Bytes content_aad(const PrivateMessage& m) {
  return encode(PrivateContentAad{m.group_id, m.epoch, m.content_type, m.authenticated_data});
}

Bytes sender_data_aad(const PrivateMessage& m) {
  return encode(SenderDataAad{m.group_id, m.epoch, m.content_type});
}

}  // namespace

SenderDataKey sender_data_key(const crypto::SuiteAlgorithms& suite, BytesView sender_data_secret,
                              BytesView ciphertext) {
  const BytesView sample = ciphertext.first(std::min(ciphertext.size(), suite.nh));
  return {expand_with_label(suite, sender_data_secret, "key", sample, suite.nk),
          expand_with_label(suite, sender_data_secret, "nonce", sample, suite.nn)};
}

Expected<PrivateMessage, MessageError> protect_private(const crypto::SuiteAlgorithms& suite,
                                                       const AuthenticatedContent& content,
                                                       SecretTree& tree,
                                                       BytesView sender_data_secret,
                                                       const PrivateProtectOptions& options) {
  const FramedContent& fc = content.content;
  if (content.wire_format != WireFormat::kPrivateMessage)
    return unexpected(error(MessageErrorCode::kMalformed));
  const auto* member = std::get_if<MemberSender>(&fc.sender.value);
  if (!member) return unexpected(error(MessageErrorCode::kInvalidSender));
  const ContentType type = fc.content_type();
  if (content.auth.confirmation_tag.has_value() != (type == ContentType::kCommit)) {
    return unexpected(error(MessageErrorCode::kMalformed));
  }
  auto key = tree.next_key(member->leaf_index, ratchet_type_for(type));
  if (!key) return unexpected(key.error());

  SenderData sender_data{member->leaf_index, key->generation, {}};
  crypto::RandomSource& random =
      options.random ? *options.random : crypto::SystemRandom::instance();
  random.fill(sender_data.reuse_guard);

  PrivateMessage out{fc.group_id, fc.epoch, type, fc.authenticated_data, {}, {}};
  Bytes plaintext;
  encode_to(plaintext, PrivateMessageContent{fc.content, content.auth, options.padding});
  const auto nonce = guarded_nonce(*key, sender_data.reuse_guard);
  out.ciphertext = crypto::aead_seal(suite.aead, key->key.reveal(),
                                     BytesView(nonce).first(suite.nn), content_aad(out), plaintext);
  const SenderDataKey sd = sender_data_key(suite, sender_data_secret, out.ciphertext);
  out.encrypted_sender_data = crypto::aead_seal(suite.aead, sd.key.reveal(), sd.nonce.reveal(),
                                                sender_data_aad(out), encode(sender_data));
  return out;
}

Expected<AuthenticatedContent, MessageError> unprotect_private(const crypto::SuiteAlgorithms& suite,
                                                               const PrivateMessage& message,
                                                               const GroupContext& context,
                                                               SecretTree& tree,
                                                               BytesView sender_data_secret,
                                                               const SignerKeyLookup& signer_key) {
  if (message.group_id != context.group_id) return unexpected(error(MessageErrorCode::kWrongGroup));
  if (message.epoch != context.epoch) return unexpected(error(MessageErrorCode::kWrongEpoch));

  const SenderDataKey sd = sender_data_key(suite, sender_data_secret, message.ciphertext);
  auto sender_bytes = crypto::aead_open(suite.aead, sd.key.reveal(), sd.nonce.reveal(),
                                        sender_data_aad(message), message.encrypted_sender_data);
  if (!sender_bytes) return unexpected(error(MessageErrorCode::kSenderDataDecryptFailed));
  auto sender_data = decode<SenderData>(*sender_bytes);
  if (!sender_data) return unexpected(error(MessageErrorCode::kMalformed));

  const RatchetType ratchet = ratchet_type_for(message.content_type);
  auto key = tree.take_key(sender_data->leaf_index, ratchet, sender_data->generation);
  if (!key) return unexpected(key.error());
  const auto nonce = guarded_nonce(*key, sender_data->reuse_guard);
  auto plaintext =
      crypto::aead_open(suite.aead, key->key.reveal(), BytesView(nonce).first(suite.nn),
                        content_aad(message), message.ciphertext);
  if (!plaintext) {
    tree.put_back_key(sender_data->leaf_index, ratchet, std::move(*key));
    return unexpected(error(MessageErrorCode::kContentDecryptFailed));
  }
  auto inner = decode_private_message_content(*plaintext, message.content_type);
  if (!inner) return unexpected(error(MessageErrorCode::kMalformed));

  AuthenticatedContent out;
  out.wire_format = WireFormat::kPrivateMessage;
  out.content =
      FramedContent{message.group_id, message.epoch, Sender{MemberSender{sender_data->leaf_index}},
                    message.authenticated_data, std::move(inner->content)};
  out.auth = std::move(inner->auth);
  const std::optional<SignaturePublicKey> signer = signer_key(out.content.sender);
  if (!signer) return unexpected(error(MessageErrorCode::kUnknownSigner));
  if (!verify_framed_content(suite, *signer, out, context))
    return unexpected(error(MessageErrorCode::kBadSignature));
  return out;
}

}  // namespace zt::mls
