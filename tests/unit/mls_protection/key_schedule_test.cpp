#include "zt/mls/key_schedule.h"

#include <gtest/gtest.h>

#include "zt/mls/group_error.h"
#include "zt/mls/psk_secret.h"
#include "zt/mls/transcript_hash.h"

namespace zt::mls {
namespace {

GroupContext context_for(CipherSuite suite, uint64_t epoch) {
  GroupContext c;
  c.cipher_suite = suite;
  c.group_id = from_hex("abcd");
  c.epoch = epoch;
  c.tree_hash = Bytes(32, 1);
  c.confirmed_transcript_hash = Bytes(32, 2);
  return c;
}

TEST(KeyScheduleTest, JoinerFromWelcomeDerivesTheMembersSecrets) {
  const crypto::SuiteAlgorithms& suite = suite_algorithms(1);
  const GroupContext ctx = context_for(1, 3);
  const Bytes psk(32, 9);
  EpochSecrets member = derive_epoch_secrets(suite, Bytes(32, 7), Bytes(32, 8), psk, ctx);
  EpochSecrets joiner =
      derive_epoch_secrets_from_joiner(suite, member.joiner_secret.reveal(), psk, ctx);
  EXPECT_EQ(joiner.epoch_authenticator, member.epoch_authenticator);
  EXPECT_EQ(joiner.encryption_secret, member.encryption_secret);
  EXPECT_EQ(joiner.init_secret, member.init_secret);
  EXPECT_EQ(joiner.welcome_secret, member.welcome_secret);
}

TEST(KeyScheduleTest, EveryInputChangesTheEpochAuthenticator) {
  const crypto::SuiteAlgorithms& suite = suite_algorithms(2);
  const EpochSecrets base =
      derive_epoch_secrets(suite, Bytes(32, 7), Bytes(32, 8), {}, context_for(2, 1));
  EXPECT_FALSE(derive_epoch_secrets(suite, Bytes(32, 6), Bytes(32, 8), {}, context_for(2, 1))
                   .epoch_authenticator == base.epoch_authenticator);
  EXPECT_FALSE(derive_epoch_secrets(suite, Bytes(32, 7), Bytes(32, 9), {}, context_for(2, 1))
                   .epoch_authenticator == base.epoch_authenticator);
  EXPECT_FALSE(derive_epoch_secrets(suite, Bytes(32, 7), Bytes(32, 8), {}, context_for(2, 2))
                   .epoch_authenticator == base.epoch_authenticator);
  // An empty psk_secret is the all-zero one.
  EXPECT_EQ(derive_epoch_secrets(suite, Bytes(32, 7), Bytes(32, 8), Bytes(32, 0), context_for(2, 1))
                .epoch_authenticator,
            base.epoch_authenticator);
}

TEST(KeyScheduleTest, ExporterDependsOnLabelContextAndLength) {
  const crypto::SuiteAlgorithms& suite = suite_algorithms(1);
  const Bytes secret(32, 5);
  auto a = mls_exporter(suite, secret, "SFrame 1.0 Base Key", {}, 16);
  EXPECT_EQ(a.size(), 16u);
  EXPECT_FALSE(a == mls_exporter(suite, secret, "other", {}, 16));
  EXPECT_FALSE(a == mls_exporter(suite, secret, "SFrame 1.0 Base Key", from_hex("00"), 16));
  EXPECT_EQ(mls_exporter(suite, secret, "SFrame 1.0 Base Key", {}, 32).size(), 32u);
}

TEST(KeyScheduleTest, ExternalPublicKeyIsAValidKemKeyForEverySuite) {
  for (const crypto::SuiteAlgorithms& suite : crypto::mls_suite_algorithms()) {
    const Bytes pub = external_public_key(suite, Bytes(suite.nh, 3));
    crypto::Dhkem kem(suite.kem);
    EXPECT_EQ(pub.size(), kem.public_key_size()) << suite.name;
    EXPECT_NO_THROW(kem.check_public_key(pub)) << suite.name;
  }
}

TEST(KeyScheduleTest, WelcomeKeyHasTheAeadSizes) {
  const crypto::SuiteAlgorithms& suite = suite_algorithms(3);
  WelcomeKey k = welcome_key(suite, Bytes(32, 1));
  EXPECT_EQ(k.key.size(), 32u);
  EXPECT_EQ(k.nonce.size(), 12u);
}

TEST(PskSecretTest, OrderAndValuesMatter) {
  const crypto::SuiteAlgorithms& suite = suite_algorithms(1);
  const crypto::SecretBytes none = psk_secret(suite, {});
  EXPECT_EQ(Bytes(none.reveal().begin(), none.reveal().end()), zero_secret(suite));
  std::vector<PskWithSecret> psks;
  psks.push_back({PreSharedKeyId{ExternalPsk{from_hex("01")}, Bytes(32, 1)},
                  crypto::SecretBytes(Bytes(32, 0xa1))});
  psks.push_back({PreSharedKeyId{ExternalPsk{from_hex("02")}, Bytes(32, 2)},
                  crypto::SecretBytes(Bytes(32, 0xa2))});
  const crypto::SecretBytes forward = psk_secret(suite, psks);
  std::swap(psks[0], psks[1]);
  EXPECT_FALSE(psk_secret(suite, psks) == forward);
  psks[0].psk = crypto::SecretBytes(Bytes(32, 0xff));
  EXPECT_FALSE(psk_secret(suite, psks) == forward);
}

TEST(TranscriptHashTest, ConfirmationTagRejectsAnyCorruption) {
  const crypto::SuiteAlgorithms& suite = suite_algorithms(1);
  const Bytes key(32, 4);
  const Bytes confirmed(32, 5);
  Mac tag = confirmation_tag(suite, key, confirmed);
  EXPECT_TRUE(verify_confirmation_tag(suite, key, confirmed, tag));
  for (size_t i = 0; i < tag.size(); ++i) {
    Mac bad = tag;
    bad[i] ^= 0x20;
    EXPECT_FALSE(verify_confirmation_tag(suite, key, confirmed, bad)) << i;
  }
  EXPECT_FALSE(verify_confirmation_tag(suite, key, confirmed, Mac(tag.begin(), tag.end() - 1)));
}

TEST(TranscriptHashTest, SignatureEntersTheConfirmedHash) {
  const crypto::SuiteAlgorithms& suite = suite_algorithms(1);
  AuthenticatedContent commit;
  commit.content.content = Commit{};
  commit.auth.signature = from_hex("0102");
  commit.auth.confirmation_tag = Bytes(32, 7);
  const TranscriptHashes a = update_transcript_hashes(suite, Bytes(32, 0), commit);
  commit.auth.signature = from_hex("0103");
  const TranscriptHashes b = update_transcript_hashes(suite, Bytes(32, 0), commit);
  EXPECT_NE(a.confirmed, b.confirmed);
  EXPECT_EQ(a.interim, interim_transcript_hash(suite, a.confirmed, Bytes(32, 7)));
  commit.auth.confirmation_tag.reset();
  EXPECT_THROW(update_transcript_hashes(suite, Bytes(32, 0), commit), MessageRejected);
}

}  // namespace
}  // namespace zt::mls
