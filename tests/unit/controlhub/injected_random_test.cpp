// Control Hub's logic draws every id, credential and nonce from the random
// source it is given (the app injects SystemRandom; tests a FixedRandom).
#include <gtest/gtest.h>

#include "credentials.h"
#include "key_vault.h"
#include "zt/crypto/random.h"

namespace zt::controlhub {
namespace {

TEST(InjectedRandomTest, CredentialsComeFromTheGivenSource) {
  crypto::FixedRandom random({Bytes(12, 0xab), Bytes(32, 0x01), Bytes(16, 0x02)});
  HashedCredentials c = make_credentials("dev", random);
  EXPECT_EQ(c.credentials.client_id, "dev_" + to_hex(Bytes(12, 0xab)));
  EXPECT_EQ(c.stored.salt, Bytes(16, 0x02));
  EXPECT_EQ(random.remaining(), 0u);
  Principal p;
  p.secret_salt = c.stored.salt;
  p.secret_hash = c.stored.hash;
  EXPECT_TRUE(secret_matches(p, c.credentials.client_secret));
}

TEST(InjectedRandomTest, SealNoncesComeFromTheGivenSource) {
  crypto::FixedRandom random({Bytes(12, 0x07), Bytes(12, 0x07)});
  KeyVault vault(crypto::SecretBytes(as_bytes("a master secret of 16+ bytes")), random);
  const crypto::SecretBytes key(Bytes(32, 0x55));
  Bytes a = vault.seal("purpose", key);
  Bytes b = vault.seal("purpose", key);
  EXPECT_EQ(Bytes(a.begin(), a.begin() + 12), Bytes(12, 0x07));
  EXPECT_EQ(a, b);  // same nonce, same key, same plaintext
  EXPECT_TRUE(vault.open("purpose", a) == key);
}

}  // namespace
}  // namespace zt::controlhub
