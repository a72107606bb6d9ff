#include <gtest/gtest.h>

#include "zt/crypto/hash.h"
#include "zt/crypto/hkdf.h"
#include "zt/crypto/hmac.h"

namespace zt::crypto {
namespace {

TEST(Hash, Sha256OfAbc) {
  EXPECT_EQ(to_hex(hash(HashAlgorithm::kSha256, as_bytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hash, SizesPerAlgorithm) {
  EXPECT_EQ(hash(HashAlgorithm::kSha1, as_bytes("x")).size(), 20u);
  EXPECT_EQ(hash(HashAlgorithm::kSha384, as_bytes("x")).size(), 48u);
  EXPECT_EQ(hash(HashAlgorithm::kSha512, as_bytes("x")).size(), 64u);
}

// RFC 4231 test case 2 and RFC 2202 test case 2: key "Jefe".
struct HmacCase {
  HashAlgorithm alg;
  const char* tag;
};

class HmacKat : public ::testing::TestWithParam<HmacCase> {};

TEST_P(HmacKat, MatchesRfcVector) {
  const auto& c = GetParam();
  const auto data = as_bytes("what do ya want for nothing?");
  EXPECT_EQ(to_hex(hmac(c.alg, as_bytes("Jefe"), data)), c.tag);
  HmacContext ctx(c.alg, as_bytes("Jefe"));
  Bytes out(ctx.tag_size());
  for (int i = 0; i < 3; ++i) {  // the context is reusable
    auto n = ctx.compute({data.subspan(0, 10), data.subspan(10)}, out);
    ASSERT_TRUE(n);
    EXPECT_EQ(to_hex(out), c.tag);
  }
  EXPECT_TRUE(ctx.verify({data}, BytesView(out).first(10)));
  out[3] ^= 1;
  auto bad = ctx.verify({data}, out);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), CryptoErrorCode::kAuthenticationFailed);
}

INSTANTIATE_TEST_SUITE_P(
    Rfc4231, HmacKat,
    ::testing::Values(HmacCase{HashAlgorithm::kSha1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
                      HmacCase{HashAlgorithm::kSha256,
                               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
                      HmacCase{HashAlgorithm::kSha384,
                               "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2"
                               "240ca5e69e2c78b3239ecfab21649"},
                      HmacCase{HashAlgorithm::kSha512,
                               "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554975"
                               "8bf75c05a994a6d034f65f8f0e6fdca"
                               "eab1a34d4a6b4b636e070a38bce737"}));

TEST(HmacContext, RejectsShortOutputBuffer) {
  HmacContext ctx(HashAlgorithm::kSha256, as_bytes("k"));
  Bytes out(31);
  auto n = ctx.compute(as_bytes("m"), out);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code(), CryptoErrorCode::kBufferTooSmall);
}

TEST(Hkdf, Rfc5869Case1) {
  const Bytes ikm(22, 0x0b);
  const Bytes salt = from_hex("000102030405060708090a0b0c");
  const Bytes info = from_hex("f0f1f2f3f4f5f6f7f8f9");
  const SecretBytes prk = hkdf_extract(HashAlgorithm::kSha256, salt, ikm);
  EXPECT_EQ(to_hex(prk.reveal()),
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
  const SecretBytes okm = hkdf_expand(HashAlgorithm::kSha256, prk.reveal(), info, 42);
  EXPECT_EQ(to_hex(okm.reveal()),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(Hkdf, Rfc5869Case3EmptySaltAndInfo) {
  const Bytes ikm(22, 0x0b);
  const SecretBytes prk = hkdf_extract(HashAlgorithm::kSha256, {}, ikm);
  EXPECT_EQ(to_hex(prk.reveal()),
            "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
  EXPECT_EQ(to_hex(hkdf_expand(HashAlgorithm::kSha256, prk.reveal(), {}, 42).reveal()),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

// PRK = HMAC(salt, IKM), an empty salt standing for HashLen zeros; also for
// the empty IKM and empty info MLS and HPKE use.
TEST(Hkdf, ExtractIsHmacIncludingEmptyInputs) {
  for (auto alg : {HashAlgorithm::kSha256, HashAlgorithm::kSha384, HashAlgorithm::kSha512}) {
    const Bytes salt(7, 0x5c), ikm(40, 0x36);
    EXPECT_EQ(to_hex(hkdf_extract(alg, salt, ikm).reveal()), to_hex(hmac(alg, salt, ikm)));
    EXPECT_EQ(to_hex(hkdf_extract(alg, {}, ikm).reveal()),
              to_hex(hmac(alg, Bytes(digest_size(alg), 0), ikm)));
    EXPECT_EQ(to_hex(hkdf_extract(alg, salt, {}).reveal()), to_hex(hmac(alg, salt, {})));
    const SecretBytes prk = hkdf_extract(alg, salt, ikm);
    // T(1) = HMAC(PRK, info || 0x01)
    const Bytes t1 = hmac(alg, prk.reveal(), Bytes{0x01});
    EXPECT_EQ(to_hex(hkdf_expand(alg, prk.reveal(), {}, digest_size(alg)).reveal()), to_hex(t1));
  }
}

TEST(Hkdf, RejectsTooLongOutput) {
  const Bytes prk(32, 1);
  EXPECT_THROW(hkdf_expand(HashAlgorithm::kSha256, prk, {}, 255 * 32 + 1), CryptoError);
}

}  // namespace
}  // namespace zt::crypto
