// A client's own KeyPackage with the private keys behind it (RFC 9420
// section 10): the signature key, the leaf's HPKE key and the init key.
#pragma once

#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/key_package.h"

namespace zt::mls {

struct KeyPackageBundle {
  KeyPackage key_package;
  crypto::SecretBytes init_private_key;
  crypto::SecretBytes encryption_private_key;
  crypto::SecretBytes signature_private_key;
};

struct KeyPackageParams {
  CipherSuite cipher_suite = 1;
  Credential credential;
  crypto::SecretBytes signature_private_key;  // empty: a fresh key is generated
  Lifetime lifetime{0, ~uint64_t{0}};
  Capabilities capabilities;  // empty lists get this suite, MLS 1.0, basic + X.509
  Extensions leaf_extensions;
  Extensions extensions;  // KeyPackage extensions
};

// Generates the HPKE keys, signs the leaf and the KeyPackage.
KeyPackageBundle create_key_package(
    KeyPackageParams params, crypto::RandomSource& random = crypto::SystemRandom::instance());

// The default capabilities of a zt client for `suite`.
Capabilities default_capabilities(CipherSuite suite);

}  // namespace zt::mls
