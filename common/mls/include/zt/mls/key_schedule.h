// The MLS key schedule (RFC 9420 section 8): from the previous init_secret,
// the commit_secret, the psk_secret and the new GroupContext to every epoch
// secret; the exporter (8.5), the external public key (8.3), the welcome
// key and nonce (12.4.3.1). All secrets are SecretBytes.
#pragma once

#include <string_view>

#include "zt/base/bytes.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/group_context.h"

namespace zt::mls {

struct EpochSecrets {
  crypto::SecretBytes joiner_secret;
  crypto::SecretBytes welcome_secret;
  crypto::SecretBytes epoch_secret;
  crypto::SecretBytes sender_data_secret;
  crypto::SecretBytes encryption_secret;
  crypto::SecretBytes exporter_secret;
  crypto::SecretBytes epoch_authenticator;
  crypto::SecretBytes external_secret;
  crypto::SecretBytes confirmation_key;
  crypto::SecretBytes membership_key;
  crypto::SecretBytes resumption_psk;
  crypto::SecretBytes init_secret;  // init_secret_[n], input of the next epoch
};

// A member advancing the epoch: joiner_secret = ExpandWithLabel(
// Extract(init_secret_prev, commit_secret), "joiner", GroupContext, Nh), then
// as derive_epoch_secrets_from_joiner. `psk_secret` empty means Nh zeros.
EpochSecrets derive_epoch_secrets(const crypto::SuiteAlgorithms& suite, BytesView init_secret_prev,
                                  BytesView commit_secret, BytesView psk_secret,
                                  const GroupContext& context);
// A joiner from a Welcome (it learns joiner_secret from GroupSecrets).
EpochSecrets derive_epoch_secrets_from_joiner(const crypto::SuiteAlgorithms& suite,
                                              BytesView joiner_secret, BytesView psk_secret,
                                              const GroupContext& context);

// MLS-Exporter(label, context, length) over the epoch's exporter_secret.
crypto::SecretBytes mls_exporter(const crypto::SuiteAlgorithms& suite, BytesView exporter_secret,
                                 std::string_view label, BytesView context, size_t length);

// The public half of KEM.DeriveKeyPair(external_secret) (ExternalPub).
Bytes external_public_key(const crypto::SuiteAlgorithms& suite, BytesView external_secret);

// The AEAD key and nonce that encrypt GroupInfo in a Welcome.
struct WelcomeKey {
  crypto::SecretBytes key;
  crypto::SecretBytes nonce;
};
WelcomeKey welcome_key(const crypto::SuiteAlgorithms& suite, BytesView welcome_secret);

}  // namespace zt::mls
