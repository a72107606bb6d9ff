// crypto-basics: RefHash, ExpandWithLabel, DeriveSecret, DeriveTreeSecret,
// SignWithLabel/VerifyWithLabel, EncryptWithLabel/DecryptWithLabel.
#include <string>

#include "zt/base/bytes.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

Bytes hex_at(const nlohmann::json& v, const char* key) {
  return from_hex(v.at(key).get<std::string>());
}
std::string str_at(const nlohmann::json& v, const char* key) {
  return v.at(key).get<std::string>();
}

std::string check_derivations(const crypto::SuiteAlgorithms& suite, const nlohmann::json& v) {
  const auto& rh = v.at("ref_hash");
  if (mls::ref_hash(suite, str_at(rh, "label"), hex_at(rh, "value")) != hex_at(rh, "out"))
    return "ref_hash";
  const auto& ewl = v.at("expand_with_label");
  auto expanded = mls::expand_with_label(suite, hex_at(ewl, "secret"), str_at(ewl, "label"),
                                         hex_at(ewl, "context"), ewl.at("length").get<uint16_t>());
  if (!crypto::constant_time_equal(expanded.reveal(), hex_at(ewl, "out")))
    return "expand_with_label";
  const auto& ds = v.at("derive_secret");
  auto derived = mls::derive_secret(suite, hex_at(ds, "secret"), str_at(ds, "label"));
  if (!crypto::constant_time_equal(derived.reveal(), hex_at(ds, "out"))) return "derive_secret";
  const auto& dts = v.at("derive_tree_secret");
  auto tree_secret = mls::derive_tree_secret(suite, hex_at(dts, "secret"), str_at(dts, "label"),
                                             dts.at("generation").get<uint32_t>(),
                                             dts.at("length").get<uint16_t>());
  if (!crypto::constant_time_equal(tree_secret.reveal(), hex_at(dts, "out")))
    return "derive_tree_secret";
  return {};
}

std::string check_signature(const crypto::SuiteAlgorithms& suite, const nlohmann::json& v) {
  const auto& s = v.at("sign_with_label");
  const Bytes pub = hex_at(s, "pub");
  const Bytes content = hex_at(s, "content");
  const std::string label = str_at(s, "label");
  if (!mls::verify_with_label(suite, pub, label, content, hex_at(s, "signature")))
    return "verify_with_label";
  const Bytes ours = mls::sign_with_label(suite, hex_at(s, "priv"), label, content);
  if (!mls::verify_with_label(suite, pub, label, content, ours))
    return "sign_with_label round trip";
  if (mls::verify_with_label(suite, pub, label + "x", content, ours))
    return "verify_with_label accepts another label";
  return {};
}

std::string check_encryption(const crypto::SuiteAlgorithms& suite, const nlohmann::json& v) {
  const auto& e = v.at("encrypt_with_label");
  const Bytes priv = hex_at(e, "priv");
  const Bytes context = hex_at(e, "context");
  const Bytes plaintext = hex_at(e, "plaintext");
  const std::string label = str_at(e, "label");
  auto opened = mls::decrypt_with_label(suite, priv, label, context, hex_at(e, "kem_output"),
                                        hex_at(e, "ciphertext"));
  if (!opened || !crypto::constant_time_equal(opened->reveal(), plaintext))
    return "decrypt_with_label";
  auto sealed = mls::encrypt_with_label(suite, hex_at(e, "pub"), label, context, plaintext);
  auto reopened =
      mls::decrypt_with_label(suite, priv, label, context, sealed.kem_output, sealed.ciphertext);
  if (!reopened || !crypto::constant_time_equal(reopened->reveal(), plaintext))
    return "encrypt_with_label round trip";
  return {};
}

}  // namespace

VectorResult check_crypto_basics(const nlohmann::json& v) {
  const crypto::SuiteAlgorithms& suite =
      mls::suite_algorithms(v.at("cipher_suite").get<uint16_t>());
  for (auto check : {check_derivations, check_signature, check_encryption}) {
    if (std::string failed = check(suite, v); !failed.empty()) return VectorResult::fail(failed);
  }
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
