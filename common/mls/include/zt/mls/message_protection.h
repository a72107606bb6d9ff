// Message protection (RFC 9420 sections 6.1-6.3).
// - Authentication: the FramedContent signature (SignWithLabel
//   "FramedContentTBS") over wire format, content and, for member senders,
//   the GroupContext.
// - PublicMessage: the signed content plus, for members, a membership tag
//   (MAC over AuthenticatedContentTBM with the epoch's membership_key).
// - PrivateMessage: the content encrypted with the sender's ratchet key
//   (nonce XOR reuse guard, zero padding), the sender data encrypted with a
//   key derived from the sender_data_secret and a ciphertext sample.
// Unprotect functions verify everything and return a typed MessageError;
// nothing is returned that did not authenticate.
#pragma once

#include <functional>
#include <optional>

#include "zt/base/expected.h"
#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/framing.h"
#include "zt/mls/message_error.h"
#include "zt/mls/private_message.h"
#include "zt/mls/public_message.h"
#include "zt/mls/secret_tree.h"

namespace zt::mls {

// Finds the signature public key of a sender (from the ratchet tree for
// members, external_senders for external ones); nullopt if there is none.
using SignerKeyLookup = std::function<std::optional<SignaturePublicKey>(const Sender&)>;

// The encoded FramedContentTBS.
Bytes framed_content_tbs(WireFormat wire_format, const FramedContent& content,
                         const GroupContext& context);

// Signs `content` for `wire_format`; the confirmation tag of a commit is left
// for the caller (it depends on the signature through the transcript hash).
AuthenticatedContent sign_framed_content(const crypto::SuiteAlgorithms& suite,
                                         BytesView signature_private_key, WireFormat wire_format,
                                         FramedContent content, const GroupContext& context);
bool verify_framed_content(const crypto::SuiteAlgorithms& suite, BytesView signature_public_key,
                           const AuthenticatedContent& content, const GroupContext& context);

// MAC(membership_key, AuthenticatedContentTBM).
Mac membership_tag(const crypto::SuiteAlgorithms& suite, BytesView membership_key,
                   const AuthenticatedContent& content, const GroupContext& context);

// kApplicationAsPublic for application data, kMalformed for a wire format
// other than PublicMessage. The membership tag is added for member senders.
Expected<PublicMessage, MessageError> protect_public(const crypto::SuiteAlgorithms& suite,
                                                     const AuthenticatedContent& content,
                                                     const GroupContext& context,
                                                     BytesView membership_key);
Expected<AuthenticatedContent, MessageError> unprotect_public(const crypto::SuiteAlgorithms& suite,
                                                              const PublicMessage& message,
                                                              const GroupContext& context,
                                                              BytesView membership_key,
                                                              const SignerKeyLookup& signer_key);
// Everything unprotect_public checks except the membership tag, which needs
// the epoch's membership_key: what a Delivery Service that holds no secret
// can verify (group, epoch, framing, the sender's signature).
Expected<AuthenticatedContent, MessageError> verify_public_message(
    const crypto::SuiteAlgorithms& suite, const PublicMessage& message, const GroupContext& context,
    const SignerKeyLookup& signer_key);

// The sender-data AEAD key and nonce for a content ciphertext.
struct SenderDataKey {
  crypto::SecretBytes key;
  crypto::SecretBytes nonce;
};
SenderDataKey sender_data_key(const crypto::SuiteAlgorithms& suite, BytesView sender_data_secret,
                              BytesView ciphertext);

struct PrivateProtectOptions {
  size_t padding = 0;                      // zero bytes appended to the plaintext
  crypto::RandomSource* random = nullptr;  // reuse guard source; nullptr = SystemRandom
};

// Encrypts member content signed for WireFormat::kPrivateMessage with the
// next key of the sender's ratchet (kInvalidSender for a non-member sender).
Expected<PrivateMessage, MessageError> protect_private(const crypto::SuiteAlgorithms& suite,
                                                       const AuthenticatedContent& content,
                                                       SecretTree& tree,
                                                       BytesView sender_data_secret,
                                                       const PrivateProtectOptions& options = {});
// Decrypts and verifies; the generation's key is deleted on success (and
// kept if the content does not decrypt, so a corrupted copy cannot burn it).
Expected<AuthenticatedContent, MessageError> unprotect_private(const crypto::SuiteAlgorithms& suite,
                                                               const PrivateMessage& message,
                                                               const GroupContext& context,
                                                               SecretTree& tree,
                                                               BytesView sender_data_secret,
                                                               const SignerKeyLookup& signer_key);

}  // namespace zt::mls
