#include "wire_codec.h"

#include "zt/crypto/cipher_suite.h"
#include "zt/mls/key_package_bundle.h"

namespace zt::mls_interop {

mls::KeyPackage decode_key_package(const std::string& data) {
  if (auto msg = mls::decode<mls::MlsMessage>(as_bytes(data))) {
    if (auto* kp = std::get_if<mls::KeyPackage>(&msg->message)) return std::move(*kp);
    throw InvalidInput("key_package: MLSMessage does not carry a KeyPackage");
  }
  return decode_field<mls::KeyPackage>(data, "key_package");
}

mls::GroupInfo decode_group_info(const std::string& data) {
  auto msg = decode_field<mls::MlsMessage>(data, "group_info");
  auto* gi = std::get_if<mls::GroupInfo>(&msg.message);
  if (gi == nullptr) throw InvalidInput("group_info: MLSMessage does not carry a GroupInfo");
  return std::move(*gi);
}

std::optional<mls::RatchetTree> decode_tree(const std::string& data) {
  if (data.empty()) return std::nullopt;
  return decode_field<mls::RatchetTree>(data, "ratchet_tree");
}

mls::Extensions to_extensions(
    const google::protobuf::RepeatedPtrField<mls_client::Extension>& list) {
  mls::Extensions out;
  for (const auto& e : list) {
    if (e.extension_type() > 0xffff) throw InvalidInput("extension_type is not a uint16");
    out.push_back(
        {static_cast<mls::ExtensionType>(e.extension_type()), to_bytes(e.extension_data())});
  }
  return out;
}

std::optional<uint32_t> find_leaf(const mls::RatchetTree& tree, BytesView identity) {
  for (size_t node = 0; node < tree.size(); node += 2) {
    if (!tree[node]) continue;
    const auto* leaf = std::get_if<mls::LeafNode>(&tree[node]->value);
    if (leaf == nullptr) continue;
    const auto* basic = std::get_if<mls::BasicCredential>(&leaf->credential.value);
    if (basic != nullptr && std::equal(basic->identity.begin(), basic->identity.end(),
                                       identity.begin(), identity.end())) {
      return static_cast<uint32_t>(node / 2);
    }
  }
  return std::nullopt;
}

std::string own_identity(const mls::Group& g) {
  const mls::LeafNode* leaf = g.tree().leaf(g.own_leaf());
  if (leaf == nullptr) return {};
  const auto* basic = std::get_if<mls::BasicCredential>(&leaf->credential.value);
  return basic != nullptr ? to_string(basic->identity) : std::string();
}

mls::KeyPackageBundle new_key_package(uint32_t suite, const std::string& identity) {
  if (suite > 0xffff || !crypto::find_suite_algorithms(static_cast<uint16_t>(suite))) {
    throw InvalidInput("unsupported cipher suite " + std::to_string(suite));
  }
  mls::KeyPackageParams params;
  params.cipher_suite = static_cast<mls::CipherSuite>(suite);
  params.credential = mls::Credential{mls::BasicCredential{to_bytes(identity)}};
  return mls::create_key_package(std::move(params));
}

}  // namespace zt::mls_interop
