#include "zt/mls/key_package_bundle.h"

#include "zt/crypto/signature.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/key_package_validation.h"
#include "zt/mls/leaf_node_signature.h"

namespace zt::mls {

Capabilities default_capabilities(CipherSuite suite) {
  Capabilities c;
  c.versions = {ProtocolVersion::kMls10};
  c.cipher_suites = {suite};
  c.extensions = {};
  c.proposals = {};
  c.credentials = {kCredentialBasic, kCredentialX509};
  return c;
}

KeyPackageBundle create_key_package(KeyPackageParams params, crypto::RandomSource& random) {
  const crypto::SuiteAlgorithms& suite = suite_algorithms(params.cipher_suite);
  KeyPackageBundle out;
  if (params.signature_private_key.empty()) {
    out.signature_private_key =
        crypto::SigningKey::generate(suite.signature, random).raw_private_key();
  } else {
    out.signature_private_key = std::move(params.signature_private_key);
  }
  crypto::Dhkem kem(suite.kem);
  crypto::KemKeyPair leaf_keys = kem.generate_key_pair(random);
  crypto::KemKeyPair init_keys = kem.generate_key_pair(random);
  out.encryption_private_key = std::move(leaf_keys.private_key);
  out.init_private_key = std::move(init_keys.private_key);

  LeafNode leaf;
  leaf.encryption_key = std::move(leaf_keys.public_key);
  leaf.signature_key =
      crypto::derive_signature_public_key(suite.signature, out.signature_private_key.reveal());
  leaf.credential = std::move(params.credential);
  leaf.capabilities = params.capabilities.cipher_suites.empty()
                          ? default_capabilities(params.cipher_suite)
                          : std::move(params.capabilities);
  leaf.source = KeyPackageLeafSource{params.lifetime};
  leaf.extensions = std::move(params.leaf_extensions);
  sign_leaf_node(suite, leaf, out.signature_private_key.reveal(), {}, 0);

  KeyPackage& kp = out.key_package;
  kp.version = ProtocolVersion::kMls10;
  kp.cipher_suite = params.cipher_suite;
  kp.init_key = std::move(init_keys.public_key);
  kp.leaf_node = std::move(leaf);
  kp.extensions = std::move(params.extensions);
  sign_key_package(suite, kp, out.signature_private_key.reveal());
  return out;
}

}  // namespace zt::mls
