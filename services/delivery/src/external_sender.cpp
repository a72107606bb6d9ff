#include "external_sender.h"

#include <stdexcept>

#include "delivery_error.h"
#include "zt/crypto/cipher_suite.h"
#include "zt/crypto/random.h"
#include "zt/crypto/signature.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/message_protection.h"

namespace zt::delivery {
namespace {

constexpr std::size_t kSeedBytes = 32;

std::string_view trimmed(std::string_view s) {
  auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

}  // namespace

ExternalSenderKey::ExternalSenderKey(const crypto::SecretBytes& seed_hex) {
  const std::string_view hex = trimmed(seed_hex.reveal_text());
  if (hex.size() != 2 * kSeedBytes ||
      hex.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
    throw std::runtime_error(
        "delivery.signing_key_file must hold 64 hex digits (a 32-byte Ed25519 seed)");
  }
  seed_ = crypto::secret_from_hex(hex);
  public_key_ =
      crypto::derive_signature_public_key(crypto::SignatureScheme::kEd25519, seed_.reveal());
}

ExternalSenderKey ExternalSenderKey::generate() {
  crypto::SecretBytes seed(kSeedBytes);
  crypto::SystemRandom::instance().fill(seed.reveal_mutable());
  return ExternalSenderKey(crypto::secret_to_hex(seed));
}

mls::ExternalSender ExternalSenderKey::external_sender(uint16_t cipher_suite) const {
  auto suite = crypto::find_suite_algorithms(cipher_suite);
  if (!suite || suite->signature != crypto::SignatureScheme::kEd25519) {
    throw DeliveryError::invalid_argument("the Delivery Service signs with Ed25519: cipher suite " +
                                          std::to_string(cipher_suite) +
                                          " uses another signature scheme");
  }
  std::string identity = kExternalSenderIdentity;
  return mls::ExternalSender{
      public_key_, mls::Credential{mls::BasicCredential{Bytes(identity.begin(), identity.end())}}};
}

mls::MlsMessage ExternalSenderKey::propose(uint16_t cipher_suite, BytesView group_id,
                                           uint64_t epoch, uint32_t sender_index,
                                           mls::Proposal proposal) const {
  external_sender(cipher_suite);  // an Ed25519 suite
  mls::FramedContent content;
  content.group_id.assign(group_id.begin(), group_id.end());
  content.epoch = epoch;
  content.sender = mls::Sender{mls::ExternalSenderIndex{sender_index}};
  content.content = std::move(proposal);
  // An external sender signs no GroupContext (FramedContentTBS section 6.1).
  mls::AuthenticatedContent signed_content =
      mls::sign_framed_content(mls::suite_algorithms(cipher_suite), seed_.reveal(),
                               mls::WireFormat::kPublicMessage, std::move(content), {});
  mls::PublicMessage pm{std::move(signed_content.content), std::move(signed_content.auth),
                        std::nullopt};
  return mls::MlsMessage{mls::ProtocolVersion::kMls10, std::move(pm)};
}

Bytes ExternalSenderKey::sign(BytesView message) const {
  return crypto::sign(crypto::SignatureScheme::kEd25519, seed_.reveal(), message);
}

}  // namespace zt::delivery
