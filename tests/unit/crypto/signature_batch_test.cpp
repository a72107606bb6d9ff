// crypto::verify_batch: RFC 8032 vectors, every kind of bad item found at its
// index, agreement with single verification (libsodium), batch sizes around
// the window boundaries, and the one documented difference (cofactored).
#include "zt/crypto/signature_batch.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <cstring>
#include <random>

#include "ed25519_point.h"

namespace zt::crypto {
namespace {

// RFC 8032 section 7.1: TEST 1, 2, 3 and SHA(abc).
struct Rfc8032Vector {
  const char* secret_key;
  const char* public_key;
  const char* message;
  const char* signature;
};
constexpr Rfc8032Vector kRfc8032[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
     "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
};

// One signed message; the views of a SignatureCheck point into it.
struct Item {
  Bytes public_key, message, signature;
  SignatureCheck check() const { return {public_key, message, signature}; }
};

std::vector<SignatureCheck> checks(const std::vector<Item>& items) {
  std::vector<SignatureCheck> out;
  for (const Item& i : items) out.push_back(i.check());
  return out;
}

std::vector<bool> batch(const std::vector<Item>& items) {
  const auto c = checks(items);
  return verify_batch(SignatureScheme::kEd25519, c);
}

// What verify_batch must agree with: single verification, false for a
// malformed key (VerifyingKey::from_raw throws on a wrong length).
bool single(const Item& i) {
  try {
    return verify(SignatureScheme::kEd25519, i.public_key, i.message, i.signature);
  } catch (const CryptoError&) {
    return false;
  }
}

class SignatureBatch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_GE(sodium_init(), 0);
    for (int k = 0; k < 16; ++k) keys().push_back(SigningKey::generate(SignatureScheme::kEd25519));
  }
  static std::vector<SigningKey>& keys() {
    static std::vector<SigningKey> k;
    return k;
  }

  Item signed_item() {
    const SigningKey& key = keys()[rng_() % keys().size()];
    Item it;
    it.public_key = key.public_key();
    it.message = Bytes(rng_() % 300);
    for (auto& b : it.message) b = static_cast<uint8_t>(rng_());
    it.signature = key.sign(it.message);
    return it;
  }
  std::vector<Item> signed_items(size_t n) {
    std::vector<Item> v;
    for (size_t i = 0; i < n; ++i) v.push_back(signed_item());
    return v;
  }

  std::mt19937_64 rng_{4122026};
};

void flip_bit(Bytes& b, size_t bit) { b[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8)); }

// S + L: the same S mod L, not canonical (RFC 8032 section 5.1.7 step 1).
void add_order(Bytes& sig) {
  static const Bytes l =
      from_hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    const unsigned v = sig[32 + i] + l[i] + carry;
    sig[32 + i] = static_cast<uint8_t>(v);
    carry = v >> 8;
  }
}

TEST_F(SignatureBatch, Rfc8032Vectors) {
  std::vector<Item> items;
  for (const Rfc8032Vector& v : kRfc8032) {
    const Bytes sk = from_hex(v.secret_key);
    Item it{from_hex(v.public_key), from_hex(v.message), from_hex(v.signature)};
    ASSERT_EQ(derive_signature_public_key(SignatureScheme::kEd25519, sk), it.public_key);
    ASSERT_EQ(sign(SignatureScheme::kEd25519, sk, it.message), it.signature);
    EXPECT_EQ(batch({it}), std::vector<bool>{true});  // alone
    items.push_back(it);
  }
  EXPECT_EQ(batch(items), std::vector<bool>(items.size(), true));  // together
  items[2].message.push_back(0);
  EXPECT_EQ(batch(items), (std::vector<bool>{true, true, false, true}));
}

TEST_F(SignatureBatch, ThousandValidSignaturesAccepted) {
  const auto items = signed_items(1000);
  EXPECT_EQ(batch(items), std::vector<bool>(1000, true));
}

TEST_F(SignatureBatch, EachKindOfBadItemFoundAtItsIndex) {
  const Bytes identity =
      from_hex("0100000000000000000000000000000000000000000000000000000000000000");
  const Bytes order_two =
      from_hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  // y = 2^255 - 19 + 2: the encoding of y = 2 plus p (never canonical).
  const Bytes non_canonical =
      from_hex("efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  using Mutation = std::function<void(Item&)>;
  const std::vector<std::pair<const char*, Mutation>> kinds = {
      {"bit of S", [](Item& i) { flip_bit(i.signature, 32 * 8 + 17); }},
      {"top bit of S", [](Item& i) { flip_bit(i.signature, 63 * 8 + 7); }},
      {"bit of R", [](Item& i) { flip_bit(i.signature, 3); }},
      {"sign of R", [](Item& i) { flip_bit(i.signature, 31 * 8 + 7); }},
      {"bit of A", [](Item& i) { flip_bit(i.public_key, 100); }},
      {"bit of message", [](Item& i) { i.message.push_back(1), flip_bit(i.message, 0); }},
      {"S + L", [](Item& i) { add_order(i.signature); }},
      {"R of order 1",
       [&](Item& i) { std::copy(identity.begin(), identity.end(), i.signature.begin()); }},
      {"R of order 2",
       [&](Item& i) { std::copy(order_two.begin(), order_two.end(), i.signature.begin()); }},
      {"A of order 1", [&](Item& i) { i.public_key = identity; }},
      {"A of order 2", [&](Item& i) { i.public_key = order_two; }},
      {"A not canonical", [&](Item& i) { i.public_key = non_canonical; }},
      {"short signature", [](Item& i) { i.signature.pop_back(); }},
      {"short key", [](Item& i) { i.public_key.pop_back(); }},
  };
  const auto good = signed_items(100);
  for (const auto& [name, mutate] : kinds) {
    for (const size_t at : {size_t{0}, size_t{57}, size_t{99}}) {
      auto items = good;
      mutate(items[at]);
      ASSERT_FALSE(single(items[at])) << name;
      std::vector<bool> expected(100, true);
      expected[at] = false;
      EXPECT_EQ(batch(items), expected) << name << " at " << at;
    }
  }
}

TEST_F(SignatureBatch, AgreesWithSingleVerification) {
  // Batches of random sizes; about one item in eight mutated at random.
  size_t total = 0, bad = 0;
  while (total < 3000) {
    const size_t n = 1 + rng_() % 120;
    auto items = signed_items(n);
    for (Item& it : items) {
      if (rng_() % 8 != 0) continue;
      switch (rng_() % 4) {
        case 0:
          flip_bit(it.signature, rng_() % 512);
          break;
        case 1:
          flip_bit(it.public_key, rng_() % 256);
          break;
        case 2:
          it.message.push_back(static_cast<uint8_t>(rng_()));
          break;
        default:
          it.signature[rng_() % 64] = static_cast<uint8_t>(rng_());
          break;
      }
    }
    const auto got = batch(items);
    for (size_t i = 0; i < n; ++i) {
      const bool want = single(items[i]);
      bad += want ? 0 : 1;
      ASSERT_EQ(got[i], want) << "item " << i << " of " << n;
    }
    total += n;
  }
  EXPECT_GT(bad, 100u);
}

TEST_F(SignatureBatch, SizesAroundBoundaries) {
  EXPECT_TRUE(verify_batch(SignatureScheme::kEd25519, {}).empty());
  for (const size_t n : {1u, 2u, 63u, 64u, 65u}) {
    auto items = signed_items(n);
    EXPECT_EQ(batch(items), std::vector<bool>(n, true)) << n;
    flip_bit(items.back().signature, 40 * 8);
    std::vector<bool> expected(n, true);
    expected.back() = false;
    EXPECT_EQ(batch(items), expected) << n;
  }
}

TEST_F(SignatureBatch, OtherSchemesOneByOne) {
  const SigningKey key = SigningKey::generate(SignatureScheme::kEcdsaP256Sha256);
  std::vector<Item> items;
  for (int i = 0; i < 4; ++i) {
    Bytes msg(10, static_cast<uint8_t>(i));
    items.push_back({key.public_key(), msg, key.sign(msg)});
  }
  items[1].message[0] ^= 1;
  items[3].public_key = Bytes(65, 4);  // not a point: false, no throw
  const auto c = checks(items);
  EXPECT_EQ(verify_batch(SignatureScheme::kEcdsaP256Sha256, c),
            (std::vector<bool>{true, false, true, false}));
}

// The documented difference: a key with a torsion component, A' = aB + T,
// signs with S = r + h a. The cofactored batch equation holds, the
// cofactorless single verification refuses unless 8 divides h.
TEST_F(SignatureBatch, CraftedTorsionKeyAcceptedOnlyByTheCofactoredBatch) {
  namespace ed = detail::ed25519;
  // T: y = 0 has x = sqrt(-1), a point of order 4.
  const Bytes t_enc = from_hex("0000000000000000000000000000000000000000000000000000000000000000");
  const ed::Point t = *ed::point_decode(t_enc.data());
  int batch_only = 0;
  for (int attempt = 0; attempt < 8; ++attempt) {
    uint8_t a[32], r[32], a_pub[32], r_pub[32];
    crypto_core_ed25519_scalar_random(a);
    crypto_core_ed25519_scalar_random(r);
    ASSERT_EQ(crypto_scalarmult_ed25519_base_noclamp(a_pub, a), 0);
    ASSERT_EQ(crypto_scalarmult_ed25519_base_noclamp(r_pub, r), 0);
    const ed::Point a_point = *ed::point_decode(a_pub);
    uint8_t crafted[32];
    ed::point_encode(crafted, ed::point_add(a_point, ed::point_cache(t)));
    const Bytes msg = {1, 2, 3, static_cast<uint8_t>(attempt)};
    uint8_t digest[64], h[32], ha[32], s[32];
    crypto_hash_sha512_state st;
    crypto_hash_sha512_init(&st);
    crypto_hash_sha512_update(&st, r_pub, 32);
    crypto_hash_sha512_update(&st, crafted, 32);
    crypto_hash_sha512_update(&st, msg.data(), msg.size());
    crypto_hash_sha512_final(&st, digest);
    crypto_core_ed25519_scalar_reduce(h, digest);
    crypto_core_ed25519_scalar_mul(ha, h, a);
    crypto_core_ed25519_scalar_add(s, r, ha);
    Item it{Bytes(crafted, crafted + 32), msg, Bytes(r_pub, r_pub + 32)};
    it.signature.insert(it.signature.end(), s, s + 32);
    auto items = signed_items(3);
    items.push_back(it);
    const auto got = batch(items);
    EXPECT_TRUE(got[3]);  // cofactored: [8]T = 0
    if (!single(it)) ++batch_only;
  }
  EXPECT_GT(batch_only, 0);
}

}  // namespace
}  // namespace zt::crypto
