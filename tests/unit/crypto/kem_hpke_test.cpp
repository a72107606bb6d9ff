#include <gtest/gtest.h>

#include <limits>

#include "zt/crypto/cipher_suite.h"
#include "zt/crypto/hpke.h"
#include "zt/crypto/kem.h"

namespace zt::crypto {
namespace {

class Kems : public ::testing::TestWithParam<KemId> {};

TEST_P(Kems, EncapDecapAgreeAndWrongKeyDisagrees) {
  const Dhkem kem(GetParam());
  const KemKeyPair r = kem.generate_key_pair();
  EXPECT_EQ(r.public_key.size(), kem.public_key_size());
  EXPECT_EQ(r.private_key.size(), kem.private_key_size());
  EXPECT_EQ(kem.public_key_of(r.private_key.reveal()), r.public_key);
  const EncapResult e = kem.encap(r.public_key);
  EXPECT_EQ(e.enc.size(), kem.enc_size());
  EXPECT_EQ(e.shared_secret.size(), kem.secret_size());
  EXPECT_EQ(kem.decap(e.enc, r.private_key.reveal()), e.shared_secret);
  const KemKeyPair other = kem.generate_key_pair();
  EXPECT_FALSE(kem.decap(e.enc, other.private_key.reveal()) == e.shared_secret);

  const KemKeyPair s = kem.generate_key_pair();
  const EncapResult a = kem.auth_encap(r.public_key, s.private_key.reveal());
  EXPECT_EQ(kem.auth_decap(a.enc, r.private_key.reveal(), s.public_key), a.shared_secret);
  EXPECT_FALSE(kem.auth_decap(a.enc, r.private_key.reveal(), other.public_key) == a.shared_secret);
}

TEST_P(Kems, RejectsMalformedPublicKeys) {
  const Dhkem kem(GetParam());
  const KemKeyPair r = kem.generate_key_pair();
  EXPECT_THROW(kem.check_public_key(BytesView(r.public_key).first(r.public_key.size() - 1)),
               CryptoError);
  EXPECT_THROW(kem.encap(Bytes(kem.public_key_size() + 1, 4)), CryptoError);
  // All-zero: the point at infinity encoding / a low-order u-coordinate.
  EXPECT_THROW(kem.encap(Bytes(kem.public_key_size(), 0)), CryptoError);
}

INSTANTIATE_TEST_SUITE_P(All, Kems,
                         ::testing::Values(KemId::kX25519Sha256, KemId::kX448Sha512,
                                           KemId::kP256Sha256, KemId::kP384Sha384,
                                           KemId::kP521Sha512));

struct ModeCase {
  HpkeMode mode;
  const char* name;
};

class HpkeModes : public ::testing::TestWithParam<ModeCase> {};

TEST_P(HpkeModes, RoundTripAndTamperingRejected) {
  const HpkeMode mode = GetParam().mode;
  const bool psk = mode == HpkeMode::kPsk || mode == HpkeMode::kAuthPsk;
  const bool auth = mode == HpkeMode::kAuth || mode == HpkeMode::kAuthPsk;
  const Hpke hpke({KemId::kX25519Sha256, HpkeKdf::kHkdfSha256, HpkeAead::kAes128Gcm});
  const KemKeyPair r = hpke.kem().generate_key_pair();
  const KemKeyPair s = hpke.kem().generate_key_pair();
  const Bytes psk_value(32, 0x33), psk_id = {'i', 'd'};
  const HpkeSetup send{mode, as_bytes("info"), psk ? BytesView(psk_value) : BytesView(),
                       psk ? BytesView(psk_id) : BytesView(),
                       auth ? s.private_key.reveal() : BytesView()};
  const HpkeSetup recv{mode, as_bytes("info"), send.psk, send.psk_id,
                       auth ? BytesView(s.public_key) : BytesView()};

  const HpkeSealed sealed = hpke.seal(r.public_key, send, as_bytes("aad"), as_bytes("welcome"));
  auto opened =
      hpke.open(sealed.enc, r.private_key.reveal(), recv, as_bytes("aad"), sealed.ciphertext);
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, Bytes(as_bytes("welcome").begin(), as_bytes("welcome").end()));
  auto opened_secret = hpke.open_secret(sealed.enc, r.private_key.reveal(), recv, as_bytes("aad"),
                                       sealed.ciphertext);
  ASSERT_TRUE(opened_secret);
  EXPECT_EQ(opened_secret->reveal_text(), "welcome");
  EXPECT_FALSE(hpke.open_secret(sealed.enc, r.private_key.reveal(), recv, as_bytes("aaD"),
                                sealed.ciphertext));

  auto wrong_aad =
      hpke.open(sealed.enc, r.private_key.reveal(), recv, as_bytes("aaD"), sealed.ciphertext);
  ASSERT_FALSE(wrong_aad);
  EXPECT_EQ(wrong_aad.error().code(), CryptoErrorCode::kAuthenticationFailed);
  HpkeSetup wrong_info = recv;
  wrong_info.info = as_bytes("other");
  EXPECT_FALSE(hpke.open(sealed.enc, r.private_key.reveal(), wrong_info, as_bytes("aad"),
                         sealed.ciphertext));
  if (psk) {
    const Bytes other_psk(32, 0x34);
    HpkeSetup wrong_psk = recv;
    wrong_psk.psk = other_psk;
    EXPECT_FALSE(hpke.open(sealed.enc, r.private_key.reveal(), wrong_psk, as_bytes("aad"),
                           sealed.ciphertext));
  }
  if (auth) {
    HpkeSetup wrong_sender = recv;
    wrong_sender.auth_key = r.public_key;
    EXPECT_FALSE(hpke.open(sealed.enc, r.private_key.reveal(), wrong_sender, as_bytes("aad"),
                           sealed.ciphertext));
  }
}

INSTANTIATE_TEST_SUITE_P(All, HpkeModes,
                         ::testing::Values(ModeCase{HpkeMode::kBase, "base"},
                                           ModeCase{HpkeMode::kPsk, "psk"},
                                           ModeCase{HpkeMode::kAuth, "auth"},
                                           ModeCase{HpkeMode::kAuthPsk, "authpsk"}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Hpke, ContextSequenceAdvancesOnlyOnSuccess) {
  const Hpke hpke({KemId::kP256Sha256, HpkeKdf::kHkdfSha256, HpkeAead::kChaCha20Poly1305});
  const KemKeyPair r = hpke.kem().generate_key_pair();
  HpkeSender sender = hpke.setup_sender(r.public_key, {});
  HpkeReceiverContext receiver = hpke.setup_receiver(sender.enc, r.private_key.reveal(), {});
  const Bytes c0 = sender.context.seal({}, as_bytes("zero"));
  const Bytes c1 = sender.context.seal({}, as_bytes("one"));
  EXPECT_FALSE(receiver.open({}, c1));  // out of order: nonce for seq 0
  EXPECT_EQ(receiver.sequence(), 0u);
  ASSERT_TRUE(receiver.open({}, c0));
  auto one = receiver.open({}, c1);
  ASSERT_TRUE(one);
  EXPECT_EQ(*one, Bytes({'o', 'n', 'e'}));
  EXPECT_EQ(receiver.sequence(), 2u);
  EXPECT_EQ(sender.context.export_secret(as_bytes("ctx"), 17),
            receiver.export_secret(as_bytes("ctx"), 17));
}

// Reaches the sequence-number limit without 2^64 seals.
class SaturatedSender : public HpkeSenderContext {
 public:
  explicit SaturatedSender(HpkeSenderContext&& c) : HpkeSenderContext(std::move(c)) {}
  void set_sequence(uint64_t s) { seq_ = s; }
};

TEST(Hpke, SequenceOverflowIsRefused) {
  const Hpke hpke({KemId::kX25519Sha256, HpkeKdf::kHkdfSha256, HpkeAead::kAes128Gcm});
  const KemKeyPair r = hpke.kem().generate_key_pair();
  HpkeSender sender = hpke.setup_sender(r.public_key, {});
  SaturatedSender saturated(std::move(sender.context));
  saturated.set_sequence(std::numeric_limits<uint64_t>::max() - 1);
  EXPECT_NO_THROW(saturated.seal({}, as_bytes("last")));
  try {
    saturated.seal({}, as_bytes("one too many"));
    ADD_FAILURE() << "seal past the limit succeeded";
  } catch (const CryptoError& e) {
    EXPECT_EQ(e.code(), CryptoErrorCode::kMessageLimitReached);
  }
}

TEST(Hpke, ExportOnlySuiteExportsButCannotSeal) {
  const Hpke hpke({KemId::kX448Sha512, HpkeKdf::kHkdfSha512, HpkeAead::kExportOnly});
  const KemKeyPair r = hpke.kem().generate_key_pair();
  HpkeSender sender = hpke.setup_sender(r.public_key, {});
  HpkeReceiverContext receiver = hpke.setup_receiver(sender.enc, r.private_key.reveal(), {});
  EXPECT_THROW(sender.context.seal({}, as_bytes("x")), CryptoError);
  EXPECT_FALSE(receiver.open({}, Bytes(20, 0)));
  EXPECT_EQ(sender.context.export_secret(as_bytes("c"), 64),
            receiver.export_secret(as_bytes("c"), 64));
}

TEST(Hpke, RejectsInconsistentModeInputs) {
  const Hpke hpke({KemId::kX25519Sha256, HpkeKdf::kHkdfSha256, HpkeAead::kAes128Gcm});
  const KemKeyPair r = hpke.kem().generate_key_pair();
  const Bytes psk(32, 1), id = {1};
  EXPECT_THROW(hpke.setup_sender(r.public_key, {HpkeMode::kPsk, {}, {}, {}, {}}), CryptoError);
  EXPECT_THROW(hpke.setup_sender(r.public_key, {HpkeMode::kBase, {}, psk, id, {}}), CryptoError);
  EXPECT_THROW(hpke.setup_sender(r.public_key, {HpkeMode::kPsk, {}, psk, {}, {}}), CryptoError);
  EXPECT_THROW(hpke.setup_sender(r.public_key, {HpkeMode::kAuth, {}, {}, {}, {}}), CryptoError);
  EXPECT_THROW(Hpke({KemId::kX25519Sha256, static_cast<HpkeKdf>(9), HpkeAead::kAes128Gcm}),
               CryptoError);
}

TEST(CipherSuites, SevenMlsSuitesWithConsistentSizes) {
  ASSERT_EQ(mls_suite_algorithms().size(), 7u);
  for (const SuiteAlgorithms& cs : mls_suite_algorithms()) {
    EXPECT_EQ(cs.nh, digest_size(cs.hash)) << cs.name;
    EXPECT_EQ(cs.nk, aead_key_size(cs.aead)) << cs.name;
    EXPECT_EQ(cs.nn, aead_nonce_size(cs.aead)) << cs.name;
    EXPECT_EQ(find_suite_algorithms(static_cast<uint16_t>(cs.id))->name, cs.name);
    EXPECT_NO_THROW(Hpke(cs.hpke_suite()));
  }
  EXPECT_EQ(suite_algorithms(CipherSuiteId::kP521Aes256GcmSha512P521).signature,
            SignatureScheme::kEcdsaP521Sha512);
  EXPECT_EQ(suite_algorithms(CipherSuiteId::kP384Aes256GcmSha384P384).kem, KemId::kP384Sha384);
  EXPECT_FALSE(find_suite_algorithms(0));
  EXPECT_FALSE(find_suite_algorithms(8));
}

}  // namespace
}  // namespace zt::crypto
