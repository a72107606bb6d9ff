// secret-tree: sender-data key/nonce, and each leaf's handshake and
// application ratchet keys and nonces at the listed generations.
#include <string>

#include "zt/base/bytes.h"
#include "zt/mls/message_protection.h"
#include "zt/mls/secret_tree.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

Bytes hex_at(const nlohmann::json& v, const char* key) {
  return from_hex(v.at(key).get<std::string>());
}

bool same(const crypto::SecretBytes& got, const Bytes& want) {
  return crypto::constant_time_equal(got.reveal(), want);
}

std::string check_ratchet(mls::SecretTree& tree, uint32_t leaf, mls::RatchetType type,
                          const nlohmann::json& entry, const char* key_name,
                          const char* nonce_name) {
  const auto generation = entry.at("generation").get<uint32_t>();
  auto key = tree.take_key(leaf, type, generation);
  const std::string where =
      "leaf " + std::to_string(leaf) + " generation " + std::to_string(generation) + ": ";
  if (!key) return where + std::string(mls::to_string(key.error().code()));
  if (!same(key->key, hex_at(entry, key_name))) return where + key_name;
  if (!same(key->nonce, hex_at(entry, nonce_name))) return where + nonce_name;
  return {};
}

}  // namespace

VectorResult check_secret_tree(const nlohmann::json& v) {
  const crypto::SuiteAlgorithms& suite =
      mls::suite_algorithms(v.at("cipher_suite").get<uint16_t>());
  const auto& sd = v.at("sender_data");
  const mls::SenderDataKey sender_key =
      mls::sender_data_key(suite, hex_at(sd, "sender_data_secret"), hex_at(sd, "ciphertext"));
  if (!same(sender_key.key, hex_at(sd, "key"))) return VectorResult::fail("sender_data key");
  if (!same(sender_key.nonce, hex_at(sd, "nonce"))) return VectorResult::fail("sender_data nonce");

  const auto& leaves = v.at("leaves");
  // Generations in the vectors are far enough apart to need a wide window.
  mls::SecretTreeOptions options;
  options.max_forward_distance = 1u << 20;
  mls::SecretTree tree(suite, hex_at(v, "encryption_secret"), static_cast<uint32_t>(leaves.size()),
                       options);
  for (uint32_t leaf = 0; leaf < leaves.size(); ++leaf) {
    for (const auto& entry : leaves[leaf]) {
      for (std::string failed : {check_ratchet(tree, leaf, mls::RatchetType::kHandshake, entry,
                                               "handshake_key", "handshake_nonce"),
                                 check_ratchet(tree, leaf, mls::RatchetType::kApplication, entry,
                                               "application_key", "application_nonce")}) {
        if (!failed.empty()) return VectorResult::fail(failed);
      }
    }
  }
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
