// welcome: open the group secrets with init_priv, decrypt the GroupInfo,
// verify its signature with signer_pub and its confirmation tag with the
// key schedule started from the joiner secret (no PSKs).
#include <algorithm>
#include <string>

#include "zt/crypto/aead.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/key_schedule.h"
#include "zt/mls/mls_message.h"
#include "zt/mls/transcript_hash.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

Bytes hex(const nlohmann::json& v) { return from_hex(v.get<std::string>()); }

}  // namespace

VectorResult check_welcome(const nlohmann::json& v) {
  const auto& suite = mls::suite_algorithms(v.at("cipher_suite").get<uint16_t>());
  auto kp_msg = mls::decode<mls::MlsMessage>(hex(v.at("key_package")));
  auto w_msg = mls::decode<mls::MlsMessage>(hex(v.at("welcome")));
  if (!kp_msg || !w_msg) return VectorResult::fail("key_package or welcome does not decode");
  const auto* kp = std::get_if<mls::KeyPackage>(&kp_msg->message);
  const auto* w = std::get_if<mls::Welcome>(&w_msg->message);
  if (kp == nullptr || w == nullptr) return VectorResult::fail("wrong wire formats");

  const mls::KeyPackageRef ref = mls::make_key_package_ref(suite, *kp);
  auto it = std::find_if(w->secrets.begin(), w->secrets.end(),
                         [&](const auto& e) { return e.new_member == ref; });
  if (it == w->secrets.end()) return VectorResult::fail("no secrets for the key package");
  auto plain = mls::decrypt_with_label(
      suite, hex(v.at("init_priv")), "Welcome", w->encrypted_group_info,
      it->encrypted_group_secrets.kem_output, it->encrypted_group_secrets.ciphertext);
  if (!plain) return VectorResult::fail("group secrets do not decrypt");
  auto gs = mls::decode<mls::GroupSecrets>(plain->reveal());
  if (!gs) return VectorResult::fail("GroupSecrets does not decode");
  if (!gs->psks.empty()) return VectorResult::fail("unexpected PSKs");

  const Bytes zero = mls::zero_secret(suite);
  const auto member = mls::kdf_extract(suite, gs->joiner_secret.reveal(), zero);
  const auto welcome_secret = mls::derive_secret(suite, member.reveal(), "welcome");
  auto key = mls::welcome_key(suite, welcome_secret.reveal());
  auto gi_bytes = crypto::aead_open(suite.aead, key.key.reveal(), key.nonce.reveal(), {},
                                    w->encrypted_group_info);
  if (!gi_bytes) return VectorResult::fail("GroupInfo does not decrypt");
  auto gi = mls::decode<mls::GroupInfo>(*gi_bytes);
  if (!gi) return VectorResult::fail("GroupInfo does not decode");
  if (!mls::verify_with_label(suite, hex(v.at("signer_pub")), "GroupInfoTBS",
                              mls::encode(mls::group_info_tbs(*gi)), gi->signature)) {
    return VectorResult::fail("GroupInfo signature does not verify");
  }
  auto secrets =
      mls::derive_epoch_secrets_from_joiner(suite, gs->joiner_secret.reveal(), zero, gi->group_context);
  if (!mls::verify_confirmation_tag(suite, secrets.confirmation_key.reveal(),
                                    gi->group_context.confirmed_transcript_hash,
                                    gi->confirmation_tag)) {
    return VectorResult::fail("confirmation tag does not verify");
  }
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
