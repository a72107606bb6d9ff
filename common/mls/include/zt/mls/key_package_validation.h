// KeyPackage validation (RFC 9420 section 10.1) and the last_resort
// extension (draft-ietf-mls-extensions, type 0x000A): a KeyPackage marked
// last resort may be handed out more than once when no other is left.
#pragma once

#include "zt/mls/error.h"
#include "zt/crypto/cipher_suite.h"
#include "zt/mls/key_package.h"
#include "zt/mls/leaf_node_validation.h"

namespace zt::mls {

inline constexpr ExtensionType kExtensionLastResort = 0x000A;

bool is_last_resort(const KeyPackage& key_package);

// Sets key_package.signature (SignWithLabel "KeyPackageTBS").
void sign_key_package(const crypto::SuiteAlgorithms& suite, KeyPackage& key_package,
                      BytesView signature_private_key);

// Checks, for adding to the group of `tree` (cipher suite `group_suite`):
// version and cipher suite, the leaf node (section 7.3 with source
// key_package; check.source is forced), the KeyPackage signature,
// init_key != encryption_key, and a last_resort extension with an empty
// payload. Throws LeafNodeError / CredentialError / KeyPackageError.
MemberIdentity validate_key_package(const RatchetTreeState& tree, CipherSuite group_suite,
                                    const KeyPackage& key_package, LeafNodeCheck check);

enum class KeyPackageFailure : uint8_t { kVersion, kCipherSuite, kBadSignature, kInitKeyReused, kBadExtension };

class KeyPackageError : public Error {
 public:
  KeyPackageError(KeyPackageFailure failure, const std::string& what)
      : Error(ErrorCategory::kKeyPackage, what), failure_(failure) {}
  KeyPackageFailure failure() const { return failure_; }

 private:
  KeyPackageFailure failure_;
};

}  // namespace zt::mls
