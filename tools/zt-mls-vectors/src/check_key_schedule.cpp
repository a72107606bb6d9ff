// key-schedule: epoch after epoch from initial_init_secret, every secret, the
// GroupContext, external_pub and one exporter output.
#include <string>

#include "zt/base/bytes.h"
#include "zt/mls/key_schedule.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

Bytes hex_at(const nlohmann::json& v, const char* key) {
  return from_hex(v.at(key).get<std::string>());
}

std::string check_secrets(const mls::EpochSecrets& s, const nlohmann::json& e) {
  const struct {
    const char* name;
    const crypto::SecretBytes& got;
  } fields[] = {
      {"joiner_secret", s.joiner_secret},
      {"welcome_secret", s.welcome_secret},
      {"init_secret", s.init_secret},
      {"sender_data_secret", s.sender_data_secret},
      {"encryption_secret", s.encryption_secret},
      {"exporter_secret", s.exporter_secret},
      {"epoch_authenticator", s.epoch_authenticator},
      {"external_secret", s.external_secret},
      {"confirmation_key", s.confirmation_key},
      {"membership_key", s.membership_key},
      {"resumption_psk", s.resumption_psk},
  };
  for (const auto& f : fields) {
    if (!crypto::constant_time_equal(f.got.reveal(), hex_at(e, f.name))) return f.name;
  }
  return {};
}

}  // namespace

VectorResult check_key_schedule(const nlohmann::json& v) {
  const auto suite_id = v.at("cipher_suite").get<uint16_t>();
  const crypto::SuiteAlgorithms& suite = mls::suite_algorithms(suite_id);
  const Bytes group_id = hex_at(v, "group_id");
  crypto::SecretBytes init_secret(hex_at(v, "initial_init_secret"));
  uint64_t epoch = 0;
  for (const auto& e : v.at("epochs")) {
    const std::string where = "epoch " + std::to_string(epoch) + ": ";
    mls::GroupContext context;
    context.cipher_suite = suite_id;
    context.group_id = group_id;
    context.epoch = epoch;
    context.tree_hash = hex_at(e, "tree_hash");
    context.confirmed_transcript_hash = hex_at(e, "confirmed_transcript_hash");
    if (mls::encode(context) != hex_at(e, "group_context"))
      return VectorResult::fail(where + "group_context");

    const mls::EpochSecrets secrets = mls::derive_epoch_secrets(
        suite, init_secret.reveal(), hex_at(e, "commit_secret"), hex_at(e, "psk_secret"), context);
    if (std::string failed = check_secrets(secrets, e); !failed.empty())
      return VectorResult::fail(where + failed);
    if (mls::external_public_key(suite, secrets.external_secret.reveal()) !=
        hex_at(e, "external_pub")) {
      return VectorResult::fail(where + "external_pub");
    }
    const auto& x = e.at("exporter");
    const crypto::SecretBytes exported =
        mls::mls_exporter(suite, secrets.exporter_secret.reveal(), x.at("label").get<std::string>(),
                          hex_at(x, "context"), x.at("length").get<uint32_t>());
    if (!crypto::constant_time_equal(exported.reveal(), hex_at(x, "secret"))) {
      return VectorResult::fail(where + "exporter");
    }
    init_secret = secrets.init_secret;
    ++epoch;
  }
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
