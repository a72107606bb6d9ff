// KeyPackage validation (RFC 9420 section 10.1).
#include "zt/mls/key_package_validation.h"

#include "zt/mls/crypto_labels.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {
namespace {

constexpr std::string_view kLabel = "KeyPackageTBS";

[[noreturn]] void fail(KeyPackageFailure f, const std::string& what) { throw KeyPackageError(f, what); }

}  // namespace

bool is_last_resort(const KeyPackage& key_package) {
  return find_extension(key_package.extensions, kExtensionLastResort) != nullptr;
}

void sign_key_package(const crypto::SuiteAlgorithms& suite, KeyPackage& key_package,
                      BytesView signature_private_key) {
  key_package.signature =
      sign_with_label(suite, signature_private_key, kLabel, encode(key_package_tbs(key_package)));
}

MemberIdentity validate_key_package(const RatchetTreeState& tree, CipherSuite group_suite,
                                    const KeyPackage& key_package, LeafNodeCheck check) {
  if (key_package.version != ProtocolVersion::kMls10) fail(KeyPackageFailure::kVersion, "unsupported version");
  if (key_package.cipher_suite != group_suite) fail(KeyPackageFailure::kCipherSuite, "cipher suite differs from the group's");
  if (!verify_with_label(tree.suite(), key_package.leaf_node.signature_key, kLabel,
                         encode(key_package_tbs(key_package)), key_package.signature)) {
    fail(KeyPackageFailure::kBadSignature, "key package signature does not verify");
  }
  if (key_package.init_key == key_package.leaf_node.encryption_key) {
    fail(KeyPackageFailure::kInitKeyReused, "init_key equals the leaf encryption key");
  }
  if (const Extension* last = find_extension(key_package.extensions, kExtensionLastResort);
      last != nullptr && !last->extension_data.empty()) {
    fail(KeyPackageFailure::kBadExtension, "last_resort extension must be empty");
  }
  check.source = LeafNodeSourceType::kKeyPackage;
  check.leaf_index.reset();
  return validate_leaf_node(tree, key_package.leaf_node, check);
}

}  // namespace zt::mls
