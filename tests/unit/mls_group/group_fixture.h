// Test members and a "meeting" of Group objects that delivers every
// commit to every member (an in-memory Delivery Service).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zt/mls/group.h"

namespace zt::mls::testing {

inline constexpr CipherSuite kSuite = 1;

KeyPackageBundle make_bundle(const std::string& name, CipherSuite suite = kSuite);
Bytes pem_to_der(const std::string& pem);
// prefix + decimal i (avoids a GCC 12 -Wrestrict false positive on string +).
std::string numbered(const char* prefix, size_t i);

// The code `g` refuses `message` with (the test fails if it accepts it).
MessageErrorCode rejection(Group& g, const MlsMessage& message);

// Client-state blobs ("ZTCS" version | nonce | AES-256-GCM under `key`):
// the sealed plaintext of one, and a blob of `version` around a plaintext.
Bytes open_state(BytesView blob, BytesView key);
Bytes seal_state(BytesView plain, BytesView key, uint8_t version);
// The plaintext of `g`'s state in an older version (3 or 2): the v4 one
// without what those lack (the tree hash cache, past epochs' application
// keys, for v2 the ReInit). `g` must hold no past epoch's application keys
// (restored with retained_key_bytes = 0, say).
Bytes older_state_plaintext(const Group& g, BytesView key, uint8_t version);

struct Meeting {
  GroupOptions options;
  std::vector<std::unique_ptr<Group>> members;  // by leaf index; nullptr = left

  explicit Meeting(size_t n, GroupOptions opts = {});
  Group& at(size_t leaf) { return *members.at(leaf); }
  // `committer` commits `proposals` (plus pending ones); everyone else
  // processes it; new members join from the Welcome.
  AppliedCommit commit(uint32_t committer, std::vector<Proposal> proposals = {},
                       std::vector<KeyPackageBundle> joiners = {});
  void add_joined(Group g);
  // Every active member has the same epoch, authenticator and exporter.
  void expect_agreement() const;
  size_t active() const;
};

}  // namespace zt::mls::testing
