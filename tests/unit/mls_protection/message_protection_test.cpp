#include "zt/mls/message_protection.h"

#include <gtest/gtest.h>

#include "protection_fixture.h"
#include "zt/mls/mls_message.h"

namespace zt::mls {
namespace {

using testing::application_data_of;
using testing::ProtectionFixture;

Proposal remove_proposal() { return Proposal{Remove{0}}; }

MessageErrorCode code_of(const Expected<AuthenticatedContent, MessageError>& r) {
  EXPECT_FALSE(r.has_value());
  return r ? MessageErrorCode::kMalformed : r.error().code();
}

// ---- PublicMessage ----

class PublicMessageTest : public ::testing::Test {
 protected:
  ProtectionFixture f;
  PublicMessage protect(Content content) {
    auto m = protect_public(f.suite, f.sign(WireFormat::kPublicMessage, std::move(content)),
                            f.context, f.membership_key);
    EXPECT_TRUE(m);
    return *m;
  }
  Expected<AuthenticatedContent, MessageError> unprotect(const PublicMessage& m) {
    return unprotect_public(f.suite, m, f.context, f.membership_key, f.signer());
  }
};

TEST_F(PublicMessageTest, ProposalRoundTrips) {
  auto opened = unprotect(protect(remove_proposal()));
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->content.content, Content(remove_proposal()));
  EXPECT_EQ(opened->wire_format, WireFormat::kPublicMessage);
}

TEST_F(PublicMessageTest, CorruptedMembershipTagIsRejected) {
  PublicMessage m = protect(remove_proposal());
  m.membership_tag->at(3) ^= 0x01;
  EXPECT_EQ(code_of(unprotect(m)), MessageErrorCode::kBadMembershipTag);
}

TEST_F(PublicMessageTest, CorruptedSignatureIsRejected) {
  PublicMessage m = protect(remove_proposal());
  m.auth.signature[10] ^= 0x80;
  // The membership tag covers the signature: recompute it so that only the
  // signature check can catch the change.
  AuthenticatedContent ac{WireFormat::kPublicMessage, m.content, m.auth};
  m.membership_tag = membership_tag(f.suite, f.membership_key, ac, f.context);
  EXPECT_EQ(code_of(unprotect(m)), MessageErrorCode::kBadSignature);
}

TEST_F(PublicMessageTest, EveryCorruptedByteOfTheWireMessageIsRejected) {
  // The PublicMessage body (the MLSMessage version in front is the
  // receiver's to check, outside message protection).
  const Bytes wire = encode(protect(remove_proposal()));
  size_t rejected_by_codec = 0;
  for (size_t i = 0; i < wire.size(); ++i) {
    Bytes bad = wire;
    bad[i] ^= 0x01;
    auto decoded = decode<PublicMessage>(bad);
    if (!decoded) {
      ++rejected_by_codec;  // a typed DecodeError
      continue;
    }
    auto opened = unprotect(*decoded);
    EXPECT_FALSE(opened) << "byte " << i << " accepted";
  }
  EXPECT_LT(rejected_by_codec, wire.size());
}

TEST_F(PublicMessageTest, WrongEpochAndGroupAreRejected) {
  PublicMessage m = protect(remove_proposal());
  m.content.epoch += 1;
  EXPECT_EQ(code_of(unprotect(m)), MessageErrorCode::kWrongEpoch);
  m.content.epoch -= 1;
  m.content.group_id.push_back(0);
  EXPECT_EQ(code_of(unprotect(m)), MessageErrorCode::kWrongGroup);
}

TEST_F(PublicMessageTest, UnknownSignerAndMissingTagAreRejected) {
  PublicMessage m = protect(remove_proposal());
  auto no_key = unprotect_public(f.suite, m, f.context, f.membership_key,
                                 [](const Sender&) { return std::optional<SignaturePublicKey>(); });
  EXPECT_EQ(code_of(no_key), MessageErrorCode::kUnknownSigner);
  m.membership_tag.reset();
  EXPECT_EQ(code_of(unprotect(m)), MessageErrorCode::kMissingMembershipTag);
}

TEST_F(PublicMessageTest, ApplicationDataCannotBePublic) {
  auto m =
      protect_public(f.suite, f.sign(WireFormat::kPublicMessage, ApplicationData{from_hex("01")}),
                     f.context, f.membership_key);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code(), MessageErrorCode::kApplicationAsPublic);
}

TEST_F(PublicMessageTest, CommitWithoutConfirmationTagIsMalformed) {
  AuthenticatedContent ac = f.sign(WireFormat::kPublicMessage, Commit{});
  ac.auth.confirmation_tag.reset();
  auto m = protect_public(f.suite, ac, f.context, f.membership_key);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code(), MessageErrorCode::kMalformed);
}

// ---- PrivateMessage ----

class PrivateMessageTest : public ::testing::TestWithParam<CipherSuite> {
 protected:
  ProtectionFixture f{GetParam()};
};

TEST_P(PrivateMessageTest, ApplicationDataRoundTripsWithPadding) {
  const Bytes data = from_hex("68656c6c6f20776f726c64");
  auto m = f.protect_application(data, 13);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->content_type, ContentType::kApplication);
  auto opened = f.unprotect(*m);
  ASSERT_TRUE(opened) << to_string(opened.error().code());
  EXPECT_EQ(application_data_of(*opened), data);
  EXPECT_EQ(opened->content.authenticated_data, from_hex("aad0"));
  EXPECT_EQ(std::get<MemberSender>(opened->content.sender.value).leaf_index,
            ProtectionFixture::kSender);
}

TEST_P(PrivateMessageTest, CommitRoundTripsOnTheHandshakeRatchet) {
  auto m = protect_private(f.suite, f.sign(WireFormat::kPrivateMessage, Commit{}), f.sender_tree,
                           f.sender_data_secret);
  ASSERT_TRUE(m);
  auto opened = f.unprotect(*m);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->auth.confirmation_tag, Bytes(f.suite.nh, 0x66));
  EXPECT_EQ(*f.receiver_tree.next_generation(ProtectionFixture::kSender, RatchetType::kHandshake),
            1u);
  EXPECT_EQ(*f.receiver_tree.next_generation(ProtectionFixture::kSender, RatchetType::kApplication),
            0u);
}

TEST_P(PrivateMessageTest, CorruptedCiphertextIsRejectedAndTheGenuineCopyStillOpens) {
  auto m = f.protect_application(from_hex("0102030405"));
  ASSERT_TRUE(m);
  for (size_t i = 0; i < m->ciphertext.size(); i += 7) {
    PrivateMessage bad = *m;
    bad.ciphertext[i] ^= 0x04;
    auto r = f.unprotect(bad);
    ASSERT_FALSE(r) << "byte " << i;
    // A flipped byte inside the sample changes the sender-data key too.
    EXPECT_TRUE(r.error().code() == MessageErrorCode::kContentDecryptFailed ||
                r.error().code() == MessageErrorCode::kSenderDataDecryptFailed);
  }
  auto opened = f.unprotect(*m);
  ASSERT_TRUE(opened);
  EXPECT_EQ(application_data_of(*opened), from_hex("0102030405"));
}

TEST_P(PrivateMessageTest, CorruptedSenderDataAndAadAreRejected) {
  auto m = f.protect_application(from_hex("aa"));
  ASSERT_TRUE(m);
  PrivateMessage bad = *m;
  bad.encrypted_sender_data[0] ^= 0x01;
  EXPECT_EQ(code_of(f.unprotect(bad)), MessageErrorCode::kSenderDataDecryptFailed);
  bad = *m;
  bad.authenticated_data[0] ^= 0x01;
  EXPECT_EQ(code_of(f.unprotect(bad)), MessageErrorCode::kContentDecryptFailed);
  bad = *m;
  bad.content_type = ContentType::kProposal;
  EXPECT_EQ(code_of(f.unprotect(bad)), MessageErrorCode::kSenderDataDecryptFailed);
}

TEST_P(PrivateMessageTest, ForeignSignatureIsRejected) {
  // A signature by another key (a member impersonating leaf 1).
  ProtectionFixture other{GetParam()};
  AuthenticatedContent ac =
      other.sign(WireFormat::kPrivateMessage, ApplicationData{from_hex("bb")});
  ac.content = f.framed(ApplicationData{from_hex("bb")});
  auto m = protect_private(f.suite, ac, f.sender_tree, f.sender_data_secret);
  ASSERT_TRUE(m);
  EXPECT_EQ(code_of(f.unprotect(*m)), MessageErrorCode::kBadSignature);
}

TEST_P(PrivateMessageTest, ReplayIsRejectedBecauseTheKeyWasDeleted) {
  auto m = f.protect_application(from_hex("cc"));
  ASSERT_TRUE(m);
  ASSERT_TRUE(f.unprotect(*m));
  EXPECT_EQ(code_of(f.unprotect(*m)), MessageErrorCode::kKeyAlreadyUsed);
}

TEST_P(PrivateMessageTest, OutOfOrderInsideTheWindowOpensAndOutsideIsRejected) {
  std::vector<PrivateMessage> sent;
  for (int i = 0; i < 200; ++i)
    sent.push_back(*f.protect_application(Bytes(1, static_cast<uint8_t>(i))));
  // Newest first, then an older one inside the 128-generation window.
  auto newest = f.unprotect(sent[199]);
  ASSERT_TRUE(newest);
  EXPECT_EQ(application_data_of(*newest), Bytes(1, 199));
  auto inside = f.unprotect(sent[100]);
  ASSERT_TRUE(inside);
  EXPECT_EQ(application_data_of(*inside), Bytes(1, 100));
  EXPECT_EQ(code_of(f.unprotect(sent[5])), MessageErrorCode::kGenerationTooOld);
}

TEST_P(PrivateMessageTest, GenerationTooFarAheadIsRejected) {
  const uint32_t too_far = SecretTreeOptions{}.max_forward_distance + 1;
  for (uint32_t i = 0; i < too_far; ++i) {
    ASSERT_TRUE(f.sender_tree.next_key(ProtectionFixture::kSender, RatchetType::kApplication));
  }
  auto m = f.protect_application(from_hex("ff"));
  ASSERT_TRUE(m);
  EXPECT_EQ(code_of(f.unprotect(*m)), MessageErrorCode::kGenerationTooFarAhead);
}

TEST_P(PrivateMessageTest, WrongEpochIsRejected) {
  auto m = f.protect_application(from_hex("dd"));
  ASSERT_TRUE(m);
  m->epoch += 1;
  EXPECT_EQ(code_of(f.unprotect(*m)), MessageErrorCode::kWrongEpoch);
}

TEST_P(PrivateMessageTest, NonMemberSenderCannotUsePrivateMessage) {
  AuthenticatedContent ac = f.sign(WireFormat::kPrivateMessage, ApplicationData{from_hex("ee")});
  ac.content.sender = Sender{ExternalSenderIndex{0}};
  auto m = protect_private(f.suite, ac, f.sender_tree, f.sender_data_secret);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code(), MessageErrorCode::kInvalidSender);
}

INSTANTIATE_TEST_SUITE_P(AllSuites, PrivateMessageTest, ::testing::Values(1, 2, 3, 4, 5, 6, 7));

}  // namespace
}  // namespace zt::mls
