// psk_secret: external PSKs (psk_id, psk, psk_nonce) fold into psk_secret.
#include <string>
#include <vector>

#include "zt/base/bytes.h"
#include "zt/mls/psk_secret.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

Bytes hex_at(const nlohmann::json& v, const char* key) {
  return from_hex(v.at(key).get<std::string>());
}

}  // namespace

VectorResult check_psk_secret(const nlohmann::json& v) {
  const crypto::SuiteAlgorithms& suite =
      mls::suite_algorithms(v.at("cipher_suite").get<uint16_t>());
  std::vector<mls::PskWithSecret> psks;
  for (const auto& p : v.at("psks")) {
    mls::PreSharedKeyId id{mls::ExternalPsk{hex_at(p, "psk_id")}, hex_at(p, "psk_nonce")};
    psks.push_back({std::move(id), crypto::SecretBytes(hex_at(p, "psk"))});
  }
  const crypto::SecretBytes got = mls::psk_secret(suite, psks);
  if (!crypto::constant_time_equal(got.reveal(), hex_at(v, "psk_secret")))
    return VectorResult::fail("psk_secret");
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
