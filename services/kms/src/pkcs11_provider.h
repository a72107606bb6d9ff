// Master keys in an HSM through PKCS#11 (tested with SoftHSM2): each
// version is an AES-256 secret key object in the token labelled
// "zt-kms-master-v<version>", generated inside the token as sensitive and
// not extractable, so it never leaves it. Wrapping and unwrapping run inside
// the token (C_Encrypt / C_Decrypt with CKM_AES_GCM); the wrapped form is
// the key-file provider's: nonce || ciphertext || tag, AAD = URI || version.
// An empty token gets its first key at start (kms_app.cpp). To rotate
// later, create "zt-kms-master-v<N+1>" in the token with the HSM's own tools
// (AES-256, sensitive, not extractable, encrypt/decrypt), then call
// RotateMasterKey (reload() lists the token's keys again).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "master_key_provider.h"

namespace zt::kms {

struct Pkcs11Options {
  std::string module_path;  // e.g. /usr/lib/softhsm/libsofthsm2.so
  std::string token_label;
  crypto::SecretBytes pin;  // the token's user PIN
};

class Pkcs11Provider final : public MasterKeyProvider {
 public:
  // Loads the module, opens a session on the token and logs in; throws
  // std::runtime_error naming the PKCS#11 call and its CKR code.
  explicit Pkcs11Provider(Pkcs11Options options);
  ~Pkcs11Provider() override;

  int current_version() const override;  // 0 when the token holds no key
  std::vector<int> versions() const override;
  Bytes wrap(int version, BytesView aad, const crypto::SecretBytes& key,
             crypto::RandomSource& random) override;
  crypto::SecretBytes unwrap(int version, BytesView aad, BytesView wrapped) override;
  void reload() override;

  // Generates version `version` inside the token (sensitive, not
  // extractable); throws if it exists.
  void create_version(int version);
  // True when the token refuses to reveal the key's value (CKA_VALUE).
  bool key_is_sealed_in_token(int version) const;

 private:
  struct Module;
  unsigned long handle(int version) const;
  void list_keys_locked();

  std::unique_ptr<Module> module_;
  mutable std::mutex mu_;  // one PKCS#11 session, used by one thread at a time
  std::map<int, unsigned long> keys_;
};

// Versions from several providers (a key file's old versions next to the
// HSM's new ones, during a rotation from the file to the HSM): each call goes
// to the provider holding the version; the newest version wraps. Throws
// std::invalid_argument when two providers hold the same version.
class CompositeProvider final : public MasterKeyProvider {
 public:
  explicit CompositeProvider(std::vector<std::unique_ptr<MasterKeyProvider>> providers);

  int current_version() const override;
  std::vector<int> versions() const override;
  Bytes wrap(int version, BytesView aad, const crypto::SecretBytes& key,
             crypto::RandomSource& random) override;
  crypto::SecretBytes unwrap(int version, BytesView aad, BytesView wrapped) override;
  void reload() override;

 private:
  MasterKeyProvider& holder(int version) const;

  std::vector<std::unique_ptr<MasterKeyProvider>> providers_;
};

}  // namespace zt::kms
