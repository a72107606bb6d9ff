#include "zt/crypto/signature.h"

#include <gtest/gtest.h>

namespace zt::crypto {
namespace {

class SignatureSchemes : public ::testing::TestWithParam<SignatureScheme> {};

TEST_P(SignatureSchemes, SignVerifyAndCorruptionRejected) {
  const SigningKey key = SigningKey::generate(GetParam());
  const Bytes msg =
      Bytes(as_bytes("commit for epoch 7").begin(), as_bytes("commit for epoch 7").end());
  const Bytes sig = key.sign(msg);
  const VerifyingKey pub = VerifyingKey::from_raw(GetParam(), key.public_key());
  EXPECT_TRUE(pub.verify(msg, sig));
  EXPECT_TRUE(verify(GetParam(), key.public_key(), msg, sig));

  for (size_t pos : {size_t{0}, sig.size() / 2, sig.size() - 1}) {
    Bytes bad = sig;
    bad[pos] ^= 0x01;
    EXPECT_FALSE(pub.verify(msg, bad)) << "flipped byte " << pos;
  }
  Bytes other = msg;
  other.back() ^= 0x01;
  EXPECT_FALSE(pub.verify(other, sig));
  EXPECT_FALSE(pub.verify(msg, {}));
  EXPECT_FALSE(pub.verify(msg, BytesView(sig).first(sig.size() - 1)));
  const SigningKey stranger = SigningKey::generate(GetParam());
  EXPECT_FALSE(VerifyingKey::from_raw(GetParam(), stranger.public_key()).verify(msg, sig));
}

TEST_P(SignatureSchemes, RawImportExportRoundTrip) {
  const SigningKey key = SigningKey::generate(GetParam());
  const SecretBytes raw = key.raw_private_key();
  EXPECT_EQ(raw.size(), signature_private_key_size(GetParam()));
  const Bytes pub = key.public_key();
  EXPECT_EQ(pub.size(), signature_public_key_size(GetParam()));
  const SigningKey again = SigningKey::from_raw(GetParam(), raw.reveal());
  EXPECT_EQ(again.public_key(), pub);
  EXPECT_EQ(again.raw_private_key(), raw);
  EXPECT_EQ(derive_signature_public_key(GetParam(), raw.reveal()), pub);
  EXPECT_EQ(VerifyingKey::from_raw(GetParam(), pub).raw(), pub);
  EXPECT_TRUE(
      verify(GetParam(), pub, as_bytes("m"), sign(GetParam(), raw.reveal(), as_bytes("m"))));
  EXPECT_THROW(SigningKey::from_raw(GetParam(), BytesView(raw.reveal()).first(raw.size() - 1)),
               CryptoError);
  EXPECT_THROW(VerifyingKey::from_raw(GetParam(), BytesView(pub).first(pub.size() - 1)),
               CryptoError);
}

TEST_P(SignatureSchemes, DeterministicKeyGeneration) {
  const size_t n = signature_private_key_size(GetParam());
  FixedRandom a({Bytes(n, 0x01)}), b({Bytes(n, 0x01)});
  EXPECT_EQ(SigningKey::generate(GetParam(), a).public_key(),
            SigningKey::generate(GetParam(), b).public_key());
}

INSTANTIATE_TEST_SUITE_P(All, SignatureSchemes,
                         ::testing::Values(SignatureScheme::kEd25519, SignatureScheme::kEd448,
                                           SignatureScheme::kEcdsaP256Sha256,
                                           SignatureScheme::kEcdsaP384Sha384,
                                           SignatureScheme::kEcdsaP521Sha512));

// RFC 8032 §7.1 TEST 1.
TEST(Ed25519, Rfc8032Test1) {
  const Bytes sk = from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  EXPECT_EQ(to_hex(derive_signature_public_key(SignatureScheme::kEd25519, sk)),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(to_hex(sign(SignatureScheme::kEd25519, sk, {})),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
            "701cf9b46bd25bf5f0595"
            "bbe24655141438e7a100b");
}

// RFC 8032 §7.4 "Blank".
TEST(Ed448, Rfc8032Blank) {
  const Bytes sk = from_hex(
      "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b9449"
      "2f8f032e7549a20098f95b");
  EXPECT_EQ(to_hex(derive_signature_public_key(SignatureScheme::kEd448, sk)),
            "5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778edf124769b46c7061bd678"
            "3df1e50f6cd1fa1abeafe8"
            "256180");
}

// Private scalar 1 has the generator as public key: checks both encodings.
TEST(Ecdsa, ScalarOneGivesGenerator) {
  Bytes one(32, 0);
  one.back() = 1;
  EXPECT_EQ(to_hex(derive_signature_public_key(SignatureScheme::kEcdsaP256Sha256, one)),
            "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7"
            "eb4a7c0f9e162bce33576b3"
            "15ececbb6406837bf51f5");
}

TEST(Ecdsa, RejectsBadKeys) {
  const SignatureScheme s = SignatureScheme::kEcdsaP256Sha256;
  EXPECT_THROW(SigningKey::from_raw(s, Bytes(32, 0)), CryptoError);     // zero scalar
  EXPECT_THROW(SigningKey::from_raw(s, Bytes(32, 0xFF)), CryptoError);  // >= group order
  Bytes pub = SigningKey::generate(s).public_key();
  Bytes off_curve = pub;
  off_curve.back() ^= 0x01;
  EXPECT_THROW(VerifyingKey::from_raw(s, off_curve), CryptoError);
  Bytes compressed_tag = pub;
  compressed_tag[0] = 0x02;
  EXPECT_THROW(VerifyingKey::from_raw(s, compressed_tag), CryptoError);
  try {
    VerifyingKey::from_raw(s, off_curve);
    ADD_FAILURE() << "off-curve point accepted";
  } catch (const CryptoError& e) {
    EXPECT_EQ(e.code(), CryptoErrorCode::kInvalidKey);
  }
}

}  // namespace
}  // namespace zt::crypto
