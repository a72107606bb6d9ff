// passive-client-welcome, and the driver shared with passive-client-handling-commit
// and passive-client-random: join from the Welcome, then follow every epoch's
// proposals and commit, comparing the epoch authenticator each time.
#include <algorithm>
#include <string>

#include "zt/crypto/kem.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/crypto/signature.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/group.h"
#include "zt/mls_vectors/passive_client.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

Bytes hex(const nlohmann::json& v) { return from_hex(v.get<std::string>()); }

// The vectors give P-521 scalars without their leading zero byte.
crypto::SecretBytes padded(const nlohmann::json& v, size_t size) {
  Bytes raw = hex(v);
  if (raw.size() < size) raw.insert(raw.begin(), size - raw.size(), 0);
  return crypto::SecretBytes::adopt(std::move(raw));
}

}  // namespace

mls::MlsMessage vector_message(const nlohmann::json& v) {
  auto m = mls::decode<mls::MlsMessage>(hex(v));
  if (!m) throw std::runtime_error("message does not decode: " + m.error().to_string());
  return std::move(*m);
}

mls::Group join_passive_client(const nlohmann::json& v) {
  mls::KeyPackageBundle me;
  auto kp = vector_message(v.at("key_package"));
  if (!std::holds_alternative<mls::KeyPackage>(kp.message))
    throw std::runtime_error("key_package wire format");
  me.key_package = std::get<mls::KeyPackage>(kp.message);
  const auto& suite = mls::suite_algorithms(me.key_package.cipher_suite);
  const size_t nsk = crypto::Dhkem(suite.kem).private_key_size();
  me.init_private_key = padded(v.at("init_priv"), nsk);
  me.encryption_private_key = padded(v.at("encryption_priv"), nsk);
  me.signature_private_key =
      padded(v.at("signature_priv"), crypto::signature_private_key_size(suite.signature));
  std::vector<mls::ExternalPskEntry> psks;
  for (const auto& p : v.at("external_psks")) {
    psks.push_back({hex(p.at("psk_id")), crypto::SecretBytes(hex(p.at("psk")))});
  }
  std::optional<mls::RatchetTree> tree;
  if (!v.at("ratchet_tree").is_null()) {
    auto nodes = mls::decode<mls::RatchetTree>(hex(v.at("ratchet_tree")));
    if (!nodes) throw std::runtime_error("ratchet_tree does not decode");
    tree = std::move(*nodes);
  }
  mls::GroupOptions options;
  options.retained_epochs = 8;
  mls::Group group =
      mls::Group::join(vector_message(v.at("welcome")), me, tree, options, std::move(psks));
  if (!crypto::constant_time_equal(group.epoch_authenticator(),
                                   hex(v.at("initial_epoch_authenticator")))) {
    throw std::runtime_error("initial epoch authenticator differs");
  }
  return group;
}

VectorResult run_passive_client(const nlohmann::json& v) {
  mls::Group group = join_passive_client(v);
  size_t i = 0;
  for (const auto& epoch : v.at("epochs")) {
    std::string where = "epoch " + std::to_string(i++) + ": ";
    try {
      for (const auto& p : epoch.at("proposals")) group.handle(vector_message(p));
      group.handle(vector_message(epoch.at("commit")));
    } catch (const std::exception& e) {
      return VectorResult::fail(where + e.what());
    }
    if (!crypto::constant_time_equal(group.epoch_authenticator(),
                                     hex(epoch.at("epoch_authenticator")))) {
      return VectorResult::fail(where + "epoch authenticator differs");
    }
  }
  return VectorResult::pass();
}

VectorResult check_passive_client_welcome(const nlohmann::json& vector) {
  return run_passive_client(vector);
}

}  // namespace zt::mls_vectors
