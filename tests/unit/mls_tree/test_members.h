// Test members for the ratchet-tree tests: key pairs and signed leaves,
// and groups built by Adds then one commit per member.
#pragma once

#include <vector>

#include "zt/crypto/cipher_suite.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/key_package.h"
#include "zt/mls/ratchet_tree_state.h"
#include "zt/mls/treekem.h"

namespace zt::mls::testing {

struct TestMember {
  crypto::SecretBytes signature_priv;
  crypto::SecretBytes encryption_priv;
  crypto::SecretBytes init_priv;
  KeyPackage key_package;
};

const crypto::SuiteAlgorithms& suite1();
// A KeyPackage with a basic credential "member-<n>" (credentials basic and
// X.509 in its capabilities), lifetime [0, 2^63).
TestMember make_member(uint32_t n);
// Same with a given credential and signature key.
TestMember make_member_with(Credential credential, const crypto::SecretBytes& signature_priv);

struct TestGroup {
  RatchetTreeState tree;
  std::vector<TestMember> members;
  std::vector<TreeKemPrivateKey> privs;
  GroupContext context;
};

// n members added to a one-member tree; if `commit_each`, every member then
// commits an UpdatePath in turn (a filled tree) and all others process it.
TestGroup make_group(uint32_t n, bool commit_each);

// Member `sender` commits with a path; every other member merges and
// decrypts; returns the commit secret (all must agree: checked with EXPECT).
crypto::SecretBytes commit_and_process(TestGroup& group, LeafIndex sender);

}  // namespace zt::mls::testing
