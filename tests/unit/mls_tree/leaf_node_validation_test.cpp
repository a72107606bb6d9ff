#include <gtest/gtest.h>

#include "test_members.h"
#include "zt/mls/key_package_validation.h"
#include "zt/mls/leaf_node_signature.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls::testing {
namespace {

LeafNodeFailure failure_of(const RatchetTreeState& tree, const LeafNode& leaf, const LeafNodeCheck& check) {
  try {
    validate_leaf_node(tree, leaf, check);
  } catch (const LeafNodeError& e) {
    return e.failure();
  }
  ADD_FAILURE() << "leaf node accepted";
  return LeafNodeFailure::kBadSignature;
}

// Re-signs a key_package-source leaf after editing it.
LeafNode resigned(LeafNode leaf, const TestMember& m) {
  sign_leaf_node(suite1(), leaf, m.signature_priv.reveal(), {}, 0);
  return leaf;
}

TEST(LeafNodeValidation, AcceptsAFreshMember) {
  TestGroup g = make_group(3, true);
  TestMember m = make_member(20);
  auto id = validate_key_package(g.tree, 1, m.key_package, {});
  EXPECT_EQ(id.status, VerificationStatus::kUnverified);
  EXPECT_EQ(std::string(id.basic_identity.begin(), id.basic_identity.end()), "member-20");
  EXPECT_FALSE(is_last_resort(m.key_package));
}

TEST(LeafNodeValidation, RejectsEachRuleViolation) {
  TestGroup g = make_group(3, true);
  TestMember m = make_member(21);
  const LeafNode& leaf = m.key_package.leaf_node;
  LeafNodeCheck check;

  LeafNode bad_sig = leaf;
  bad_sig.signature.back() ^= 1;
  EXPECT_EQ(failure_of(g.tree, bad_sig, check), LeafNodeFailure::kBadSignature);

  LeafNode dup_key = leaf;
  dup_key.encryption_key = Bytes(g.tree.encryption_key(g.tree.root()).begin(), g.tree.encryption_key(g.tree.root()).end());
  EXPECT_EQ(failure_of(g.tree, resigned(dup_key, m), check), LeafNodeFailure::kDuplicateKey);

  LeafNode odd_ext = leaf;
  odd_ext.extensions.push_back({0x0f0f, {}});
  EXPECT_EQ(failure_of(g.tree, resigned(odd_ext, m), check), LeafNodeFailure::kExtensionUnsupported);

  LeafNode x509_only = leaf;
  x509_only.capabilities.credentials = {kCredentialX509};  // cannot talk to basic members
  EXPECT_EQ(failure_of(g.tree, resigned(x509_only, m), check), LeafNodeFailure::kCredentialUnsupported);

  Extensions group_ext{{kExtensionRequiredCapabilities, encode(RequiredCapabilities{{0x0f0f}, {}, {}})}};
  LeafNodeCheck with_required = check;
  with_required.group_extensions = &group_ext;
  EXPECT_EQ(failure_of(g.tree, leaf, with_required), LeafNodeFailure::kRequiredCapabilities);

  LeafNodeCheck as_update = check;
  as_update.source = LeafNodeSourceType::kUpdate;
  EXPECT_EQ(failure_of(g.tree, leaf, as_update), LeafNodeFailure::kWrongSource);
}

TEST(LeafNodeValidation, LifetimeUsesTheInjectedClock) {
  TestGroup g = make_group(2, false);
  TestMember m = make_member(22);
  LeafNode leaf = m.key_package.leaf_node;
  leaf.source = KeyPackageLeafSource{{1'000, 2'000}};
  leaf = resigned(leaf, m);
  ManualClock clock;
  LeafNodeCheck check;
  check.clock = &clock;
  clock.set_wall(std::chrono::system_clock::time_point(std::chrono::seconds(1'500)));
  EXPECT_NO_THROW(validate_leaf_node(g.tree, leaf, check));
  clock.set_wall(std::chrono::system_clock::time_point(std::chrono::seconds(2'001)));
  EXPECT_EQ(failure_of(g.tree, leaf, check), LeafNodeFailure::kLifetime);
  clock.set_wall(std::chrono::system_clock::time_point(std::chrono::seconds(999)));
  EXPECT_EQ(failure_of(g.tree, leaf, check), LeafNodeFailure::kLifetime);
}

TEST(LeafNodeValidation, UpdateMustChangeTheEncryptionKey) {
  TestGroup g = make_group(3, false);
  LeafNode same = *g.tree.leaf(1);
  same.source = UpdateLeafSource{};
  sign_leaf_node(suite1(), same, g.members[1].signature_priv.reveal(), g.context.group_id, 1);
  LeafNodeCheck check;
  check.source = LeafNodeSourceType::kUpdate;
  check.group_id = g.context.group_id;
  check.leaf_index = 1;
  EXPECT_EQ(failure_of(g.tree, same, check), LeafNodeFailure::kEncryptionKeyUnchanged);
}

TEST(KeyPackageValidation, RejectsSuiteSignatureInitKeyAndBadLastResort) {
  TestGroup g = make_group(2, false);
  TestMember m = make_member(23);
  auto expect_failure = [&](const KeyPackage& kp, KeyPackageFailure want) {
    try {
      validate_key_package(g.tree, 1, kp, {});
      ADD_FAILURE() << "accepted";
    } catch (const KeyPackageError& e) {
      EXPECT_EQ(e.failure(), want);
    }
  };
  KeyPackage other_suite = m.key_package;
  other_suite.cipher_suite = 2;
  expect_failure(other_suite, KeyPackageFailure::kCipherSuite);
  KeyPackage bad_sig = m.key_package;
  bad_sig.signature[0] ^= 1;
  expect_failure(bad_sig, KeyPackageFailure::kBadSignature);
  KeyPackage same_init = m.key_package;
  same_init.init_key = same_init.leaf_node.encryption_key;
  sign_key_package(suite1(), same_init, m.signature_priv.reveal());
  expect_failure(same_init, KeyPackageFailure::kInitKeyReused);

  KeyPackage last = m.key_package;
  last.extensions.push_back({kExtensionLastResort, {}});
  sign_key_package(suite1(), last, m.signature_priv.reveal());
  EXPECT_TRUE(is_last_resort(last));
  EXPECT_NO_THROW(validate_key_package(g.tree, 1, last, {}));
  last.extensions.back().extension_data = {1};
  sign_key_package(suite1(), last, m.signature_priv.reveal());
  expect_failure(last, KeyPackageFailure::kBadExtension);
}

}  // namespace
}  // namespace zt::mls::testing
