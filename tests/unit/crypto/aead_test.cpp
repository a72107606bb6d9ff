#include "zt/crypto/aead.h"

#include <gtest/gtest.h>

#include "zt/crypto/aes_ctr.h"

namespace zt::crypto {
namespace {

// GCM spec (McGrew-Viega) test case 2: zero key, zero IV, one zero block.
TEST(Aead, AesGcmKnownAnswer) {
  const Bytes key(16, 0), nonce(12, 0), pt(16, 0);
  const Bytes ct = aead_seal(AeadAlgorithm::kAes128Gcm, key, nonce, {}, pt);
  EXPECT_EQ(to_hex(ct), "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
  auto back = aead_open(AeadAlgorithm::kAes128Gcm, key, nonce, {}, ct);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, pt);
}

class AeadRoundTrip : public ::testing::TestWithParam<AeadAlgorithm> {
 protected:
  Bytes key() const { return Bytes(aead_key_size(GetParam()), 0x42); }
  const Bytes nonce_ = from_hex("000102030405060708090a0b");
  const Bytes aad_ = from_hex("feedface");
  const Bytes pt_ = Bytes(100, 0x5a);
};

TEST_P(AeadRoundTrip, SealOpenInPlaceAndFlippedBitsRejected) {
  AeadContext ctx(GetParam(), key());
  Bytes buf(pt_.size() + ctx.tag_size());
  std::copy(pt_.begin(), pt_.end(), buf.begin());
  auto n = ctx.seal(nonce_, aad_, BytesView(buf).first(pt_.size()), buf);  // in place
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, buf.size());
  EXPECT_EQ(buf, aead_seal(GetParam(), key(), nonce_, aad_, pt_));

  Bytes out(pt_.size());
  auto m = ctx.open(nonce_, aad_, buf, out);
  ASSERT_TRUE(m);
  EXPECT_EQ(out, pt_);

  for (size_t pos : {size_t{0}, pt_.size() - 1, pt_.size(), buf.size() - 1}) {  // body and tag
    Bytes bad = buf;
    bad[pos] ^= 0x01;
    auto r = ctx.open(nonce_, aad_, bad, out);
    ASSERT_FALSE(r) << pos;
    EXPECT_EQ(r.error().code(), CryptoErrorCode::kAuthenticationFailed);
    EXPECT_EQ(out, Bytes(pt_.size(), 0)) << "failed open must wipe the output";
  }
  Bytes bad_aad = aad_;
  bad_aad[0] ^= 0x80;
  auto r = ctx.open(nonce_, bad_aad, buf, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), CryptoErrorCode::kAuthenticationFailed);
  // The context still works after failures, in place too.
  auto again = ctx.open(nonce_, aad_, buf, MutableBytesView(buf).first(pt_.size()));
  ASSERT_TRUE(again);
  EXPECT_EQ(Bytes(buf.begin(), buf.begin() + 100), pt_);
}

TEST_P(AeadRoundTrip, BadLengthsAreTypedErrors) {
  EXPECT_THROW(AeadContext(GetParam(), Bytes(7, 0)), CryptoError);
  AeadContext ctx(GetParam(), key());
  Bytes small(pt_.size());
  auto r = ctx.seal(nonce_, {}, pt_, small);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), CryptoErrorCode::kBufferTooSmall);
  Bytes out(200);
  auto s = ctx.seal(Bytes(8, 0), {}, pt_, out);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), CryptoErrorCode::kInvalidNonce);
  auto t = ctx.open(nonce_, {}, Bytes(15, 0), out);
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code(), CryptoErrorCode::kAuthenticationFailed);
  EXPECT_FALSE(aead_open(GetParam(), key(), nonce_, {}, Bytes(40, 0)));
}

INSTANTIATE_TEST_SUITE_P(All, AeadRoundTrip,
                         ::testing::Values(AeadAlgorithm::kAes128Gcm, AeadAlgorithm::kAes256Gcm,
                                           AeadAlgorithm::kChaCha20Poly1305));

// NIST SP 800-38A F.5.1 (CTR-AES128.Encrypt), first two blocks.
TEST(AesCtr, Sp80038aKnownAnswerAndIvReset) {
  AesCtrContext ctx(CtrAlgorithm::kAes128Ctr, from_hex("2b7e151628aed2a6abf7158809cf4f3c"));
  const Bytes iv = from_hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  const Bytes pt = from_hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
  Bytes out(pt.size());
  for (int i = 0; i < 2; ++i) {  // each call restarts from its IV
    ASSERT_TRUE(ctx.crypt(iv, pt, out));
    EXPECT_EQ(to_hex(out), "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff");
  }
  Bytes in_place = out;
  ASSERT_TRUE(ctx.crypt(iv, in_place, in_place));
  EXPECT_EQ(in_place, pt);
  auto bad = ctx.crypt(Bytes(12, 0), pt, out);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), CryptoErrorCode::kInvalidNonce);
}

}  // namespace
}  // namespace zt::crypto
