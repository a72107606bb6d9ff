#include "zt/mls/key_schedule.h"

#include "zt/crypto/hash.h"
#include "zt/crypto/kem.h"

namespace zt::mls {
namespace {

BytesView or_zero(BytesView secret, const Bytes& zero) {
  return secret.empty() ? BytesView(zero) : secret;
}

}  // namespace

EpochSecrets derive_epoch_secrets(const crypto::SuiteAlgorithms& suite, BytesView init_secret_prev,
                                  BytesView commit_secret, BytesView psk_secret,
                                  const GroupContext& context) {
  const Bytes zero = zero_secret(suite);
  const Bytes group_context = encode(context);
  const crypto::SecretBytes extracted =
      kdf_extract(suite, init_secret_prev, or_zero(commit_secret, zero));
  const crypto::SecretBytes joiner =
      expand_with_label(suite, extracted.reveal(), "joiner", group_context, suite.nh);
  return derive_epoch_secrets_from_joiner(suite, joiner.reveal(), psk_secret, context);
}

EpochSecrets derive_epoch_secrets_from_joiner(const crypto::SuiteAlgorithms& suite,
                                              BytesView joiner_secret, BytesView psk_secret,
                                              const GroupContext& context) {
  const Bytes zero = zero_secret(suite);
  const Bytes group_context = encode(context);
  EpochSecrets s;
  s.joiner_secret = crypto::SecretBytes(joiner_secret);
  const crypto::SecretBytes member = kdf_extract(suite, joiner_secret, or_zero(psk_secret, zero));
  s.welcome_secret = derive_secret(suite, member.reveal(), "welcome");
  s.epoch_secret = expand_with_label(suite, member.reveal(), "epoch", group_context, suite.nh);
  const BytesView epoch = s.epoch_secret.reveal();
  s.sender_data_secret = derive_secret(suite, epoch, "sender data");
  s.encryption_secret = derive_secret(suite, epoch, "encryption");
  s.exporter_secret = derive_secret(suite, epoch, "exporter");
  s.external_secret = derive_secret(suite, epoch, "external");
  s.confirmation_key = derive_secret(suite, epoch, "confirm");
  s.membership_key = derive_secret(suite, epoch, "membership");
  s.resumption_psk = derive_secret(suite, epoch, "resumption");
  s.epoch_authenticator = derive_secret(suite, epoch, "authentication");
  s.init_secret = derive_secret(suite, epoch, "init");
  return s;
}

crypto::SecretBytes mls_exporter(const crypto::SuiteAlgorithms& suite, BytesView exporter_secret,
                                 std::string_view label, BytesView context, size_t length) {
  const crypto::SecretBytes derived = derive_secret(suite, exporter_secret, label);
  return expand_with_label(suite, derived.reveal(), "exported", crypto::hash(suite.hash, context),
                           length);
}

Bytes external_public_key(const crypto::SuiteAlgorithms& suite, BytesView external_secret) {
  return crypto::Dhkem(suite.kem).derive_key_pair(external_secret).public_key;
}

WelcomeKey welcome_key(const crypto::SuiteAlgorithms& suite, BytesView welcome_secret) {
  return {expand_with_label(suite, welcome_secret, "key", {}, suite.nk),
          expand_with_label(suite, welcome_secret, "nonce", {}, suite.nn)};
}

}  // namespace zt::mls
