// Master keys from a file (a mounted Kubernetes Secret), one version a line:
//   <version>:<64 hex digits>
// (a file of one bare 64-hex line is version 1). To rotate, add a line with
// a higher version to the Secret, then call RotateMasterKey; keep the old
// line until rotation reports nothing remaining.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "master_key_provider.h"

namespace zt::kms {

class KeyFileProvider final : public MasterKeyProvider {
 public:
  // Parses `contents`; `path` (may be empty) is reread by reload().
  // Throws std::invalid_argument naming the bad line (never its key).
  explicit KeyFileProvider(const crypto::SecretBytes& contents, std::string path = "");

  int current_version() const override;
  std::vector<int> versions() const override;
  Bytes wrap(int version, BytesView aad, const crypto::SecretBytes& key,
             crypto::RandomSource& random) override;
  crypto::SecretBytes unwrap(int version, BytesView aad, BytesView wrapped) override;
  void reload() override;

  static std::map<int, crypto::SecretBytes> parse(const crypto::SecretBytes& contents);
  // "1:<hex>\n" of a fresh random key, for a new key file.
  static crypto::SecretBytes generate(int version, crypto::RandomSource& random);

 private:
  crypto::SecretBytes key(int version) const;

  std::string path_;
  mutable std::mutex mu_;
  std::map<int, crypto::SecretBytes> keys_;
};

// The configured key file's contents, or (none configured) <state_dir>/master.key,
// created with a fresh key on first start (mode 600, atomically: concurrent
// first starts agree on one key).
crypto::SecretBytes load_or_create_key_file(crypto::SecretBytes configured_contents,
                                            const std::string& state_dir, std::string* path_out,
                                            crypto::RandomSource& random);

}  // namespace zt::kms
