#include "zt/mls/crypto_labels.h"

#include <gtest/gtest.h>

#include "zt/crypto/kem.h"
#include "zt/crypto/signature.h"

namespace zt::mls {
namespace {

class CryptoLabelsTest : public ::testing::TestWithParam<CipherSuite> {
 protected:
  const crypto::SuiteAlgorithms& suite = suite_algorithms(GetParam());
};

TEST_P(CryptoLabelsTest, SignatureIsBoundToLabelContentAndKey) {
  const auto key = crypto::SigningKey::generate(suite.signature);
  const crypto::SecretBytes priv = key.raw_private_key();
  const Bytes pub = key.public_key();
  const Bytes content = from_hex("00112233");
  Bytes sig = sign_with_label(suite, priv.reveal(), "LeafNodeTBS", content);
  EXPECT_TRUE(verify_with_label(suite, pub, "LeafNodeTBS", content, sig));
  EXPECT_FALSE(verify_with_label(suite, pub, "GroupInfoTBS", content, sig));
  EXPECT_FALSE(verify_with_label(suite, pub, "LeafNodeTBS", from_hex("00112234"), sig));
  Bytes bad = sig;
  bad[bad.size() / 2] ^= 0x01;
  EXPECT_FALSE(verify_with_label(suite, pub, "LeafNodeTBS", content, bad));
  EXPECT_FALSE(
      verify_with_label(suite, from_hex("0102"), "LeafNodeTBS", content, sig));  // malformed key
}

TEST_P(CryptoLabelsTest, EncryptionIsBoundToLabelAndContextAndRejectsCorruption) {
  crypto::Dhkem kem(suite.kem);
  const crypto::KemKeyPair kp = kem.generate_key_pair();
  const Bytes plaintext = from_hex("5365637265742070617468");
  HpkeCiphertext ct =
      encrypt_with_label(suite, kp.public_key, "UpdatePathNode", from_hex("c0"), plaintext);
  auto opened = decrypt_with_label(suite, kp.private_key.reveal(), "UpdatePathNode", from_hex("c0"),
                                   ct.kem_output, ct.ciphertext);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(crypto::constant_time_equal(opened->reveal(), plaintext));
  EXPECT_FALSE(decrypt_with_label(suite, kp.private_key.reveal(), "Welcome", from_hex("c0"),
                                  ct.kem_output, ct.ciphertext));
  EXPECT_FALSE(decrypt_with_label(suite, kp.private_key.reveal(), "UpdatePathNode", from_hex("c1"),
                                  ct.kem_output, ct.ciphertext));
  Bytes bad = ct.ciphertext;
  bad[0] ^= 0x01;
  auto rejected = decrypt_with_label(suite, kp.private_key.reveal(), "UpdatePathNode",
                                     from_hex("c0"), ct.kem_output, bad);
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().code(), crypto::CryptoErrorCode::kAuthenticationFailed);
}

TEST_P(CryptoLabelsTest, ExpandWithLabelHonoursLengthAndLabel) {
  const Bytes secret(suite.nh, 0x42);
  auto a = expand_with_label(suite, secret, "key", {}, 16);
  EXPECT_EQ(a.size(), 16u);
  EXPECT_FALSE(a == expand_with_label(suite, secret, "nonce", {}, 16));
  EXPECT_EQ(derive_secret(suite, secret, "x").size(), suite.nh);
  EXPECT_FALSE(derive_tree_secret(suite, secret, "key", 0, 16) ==
               derive_tree_secret(suite, secret, "key", 1, 16));
}

TEST_P(CryptoLabelsTest, ReferencesDependOnTheirLabel) {
  const Bytes value = from_hex("0a0b");
  EXPECT_EQ(ref_hash(suite, "a", value).size(), suite.nh);
  EXPECT_NE(ref_hash(suite, "MLS 1.0 KeyPackage Reference", value),
            ref_hash(suite, "MLS 1.0 Proposal Reference", value));
}

INSTANTIATE_TEST_SUITE_P(AllSuites, CryptoLabelsTest, ::testing::Values(1, 2, 3, 4, 5, 6, 7));

TEST(SuiteAlgorithmsTest, UnknownSuiteThrows) {
  EXPECT_THROW(suite_algorithms(0x0a0a), crypto::CryptoError);
}

}  // namespace
}  // namespace zt::mls
