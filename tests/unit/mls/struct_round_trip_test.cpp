// Every RFC 9420 wire struct encodes and decodes back to an equal value,
// and the re-encoding is byte-identical.
#include <gtest/gtest.h>

#include "samples.h"
#include "zt/mls/labels.h"
#include "zt/mls/mls_message.h"
#include "zt/mls/ratchet_tree.h"

namespace zt::mls {
namespace {

using namespace samples;

template <class T>
void expect_round_trip(const T& value) {
  Bytes wire = encode(value);
  auto decoded = decode<T>(wire);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(*decoded, value);
  EXPECT_EQ(encode(*decoded), wire);
}

TEST(StructRoundTrip, Credentials) {
  expect_round_trip(Certificate{bytes(10, 1)});
  expect_round_trip(basic_credential());
  expect_round_trip(x509_credential());
  expect_round_trip(Credential{X509Credential{}});
}

TEST(StructRoundTrip, LeafNodeParts) {
  expect_round_trip(capabilities());
  expect_round_trip(Capabilities{});
  expect_round_trip(Lifetime{1, 2});
  expect_round_trip(Extension{0xffff, bytes(70, 2)});
  expect_round_trip(Extensions{});
}

TEST(StructRoundTrip, LeafNodeEverySource) {
  expect_round_trip(leaf_node(KeyPackageLeafSource{Lifetime{3, 4}}));
  expect_round_trip(leaf_node(UpdateLeafSource{}));
  expect_round_trip(leaf_node(CommitLeafSource{bytes(32, 1)}));
}

TEST(StructRoundTrip, LeafNodeTbs) {
  LeafNode update = leaf_node(UpdateLeafSource{});
  LeafNodeTbs tbs = leaf_node_tbs(update, bytes(16, 1), 9);
  expect_round_trip(tbs);
  EXPECT_EQ(tbs.leaf_index, 9u);
  // A key_package leaf carries no group binding on the wire.
  LeafNodeTbs kp_tbs = leaf_node_tbs(key_package().leaf_node, bytes(16, 1), 9);
  expect_round_trip(kp_tbs);
  EXPECT_TRUE(kp_tbs.group_id.empty());
  // The TBS is the leaf encoding minus its signature, plus the binding.
  Bytes leaf_wire = encode(update);
  Bytes tbs_wire = encode(tbs);
  size_t sig_len = encode(update.signature).size();
  ASSERT_GT(leaf_wire.size(), sig_len);
  EXPECT_TRUE(std::equal(leaf_wire.begin(), leaf_wire.end() - static_cast<long>(sig_len),
                         tbs_wire.begin()));
}

TEST(StructRoundTrip, KeyPackageAndTbs) {
  expect_round_trip(key_package());
  expect_round_trip(key_package_tbs(key_package()));
}

TEST(StructRoundTrip, TreeStructs) {
  expect_round_trip(ParentNode{bytes(32, 1), {}, {1, 3, 5}});
  expect_round_trip(ratchet_tree());
  expect_round_trip(TreeHashInput{LeafNodeHashInput{2, std::nullopt}});
  expect_round_trip(TreeHashInput{LeafNodeHashInput{2, leaf_node(UpdateLeafSource{})}});
  expect_round_trip(TreeHashInput{
      ParentNodeHashInput{ParentNode{bytes(32, 1), {}, {}}, bytes(32, 2), bytes(32, 3)}});
  expect_round_trip(ParentHashInput{bytes(32, 1), bytes(32, 2), bytes(32, 3)});
}

TEST(StructRoundTrip, UpdatePath) {
  expect_round_trip(HpkeCiphertext{bytes(32, 1), bytes(17, 2)});
  expect_round_trip(update_path());
}

TEST(StructRoundTrip, EveryProposal) {
  for (size_t i = 0; i < 7; ++i) {
    Proposal p = proposal(i);
    EXPECT_EQ(p.type(), static_cast<ProposalType>(i + 1));
    expect_round_trip(p);
    expect_round_trip(ProposalOrRef{p});
  }
  expect_round_trip(ProposalOrRef{ProposalRef(bytes(32, 1))});
  expect_round_trip(
      PreSharedKeyId{ResumptionPsk{ResumptionPskUsage::kReinit, bytes(4, 1), 9}, bytes(32, 2)});
}

TEST(StructRoundTrip, Commit) {
  expect_round_trip(commit());
  expect_round_trip(Commit{});
}

TEST(StructRoundTrip, GroupStructs) {
  expect_round_trip(group_context());
  expect_round_trip(group_info());
  expect_round_trip(group_info_tbs(group_info()));
  expect_round_trip(InterimTranscriptHashInput{bytes(32, 1)});
}

TEST(StructRoundTrip, WelcomeStructs) {
  expect_round_trip(PathSecret{crypto::SecretBytes(bytes(32, 1))});
  expect_round_trip(group_secrets());
  expect_round_trip(GroupSecrets{crypto::SecretBytes(bytes(32, 1)), std::nullopt, {}});
  expect_round_trip(EncryptedGroupSecrets{bytes(32, 1), HpkeCiphertext{}});
  expect_round_trip(welcome());
}

TEST(StructRoundTrip, ExtensionPayloads) {
  expect_round_trip(RequiredCapabilities{{1, 2}, {7}, {1}});
  expect_round_trip(ExternalPub{bytes(65, 1)});
  expect_round_trip(ExternalSenders{ExternalSender{bytes(32, 1), basic_credential()}});
  expect_round_trip(ApplicationId{bytes(3, 1)});
}

TEST(StructRoundTrip, FramingEverySender) {
  expect_round_trip(Sender{MemberSender{7}});
  expect_round_trip(Sender{ExternalSenderIndex{1}});
  expect_round_trip(Sender{NewMemberProposalSender{}});
  expect_round_trip(Sender{NewMemberCommitSender{}});
  expect_round_trip(framed_content(Sender{MemberSender{1}}, ApplicationData{bytes(9, 1)}));
  expect_round_trip(framed_content(Sender{ExternalSenderIndex{0}}, proposal(2)));
  expect_round_trip(framed_content(Sender{NewMemberCommitSender{}}, commit()));
}

TEST(StructRoundTrip, PublicMessages) {
  expect_round_trip(public_commit());
  PublicMessage external{framed_content(Sender{ExternalSenderIndex{0}}, proposal(2)),
                         FramedContentAuthData{bytes(64, 1), std::nullopt}, std::nullopt};
  expect_round_trip(external);
  expect_round_trip(MlsMessage{ProtocolVersion::kMls10, public_commit()});
  expect_round_trip(MlsMessage{ProtocolVersion::kMls10, external});
}

TEST(StructRoundTrip, AuthenticatedContentAndTbs) {
  PublicMessage pm = public_commit();
  expect_round_trip(AuthenticatedContent{WireFormat::kPublicMessage, pm.content, pm.auth});
  FramedContentTbs member_tbs{ProtocolVersion::kMls10, WireFormat::kPublicMessage, pm.content,
                              group_context()};
  expect_round_trip(member_tbs);
  FramedContentTbs external_tbs{ProtocolVersion::kMls10, WireFormat::kPublicMessage,
                                framed_content(Sender{ExternalSenderIndex{2}}, proposal(2)),
                                std::nullopt};
  expect_round_trip(external_tbs);
  expect_round_trip(AuthenticatedContentTbm{member_tbs, pm.auth});
  expect_round_trip(
      ConfirmedTranscriptHashInput{WireFormat::kPrivateMessage, pm.content, bytes(64, 1)});
}

TEST(StructRoundTrip, PrivateMessageAndParts) {
  expect_round_trip(private_message());
  expect_round_trip(MlsMessage{ProtocolVersion::kMls10, private_message()});
  expect_round_trip(SenderData{3, 99, {1, 2, 3, 4}});
  expect_round_trip(PrivateContentAad{bytes(8, 1), 5, ContentType::kCommit, bytes(2, 2)});
  expect_round_trip(SenderDataAad{bytes(8, 1), 5, ContentType::kProposal});
}

TEST(StructRoundTrip, PrivateMessageContentWithPadding) {
  PrivateMessageContent content{commit(), FramedContentAuthData{bytes(64, 1), bytes(32, 2)}, 17};
  Bytes wire = encode(content);
  EXPECT_EQ(std::count(wire.end() - 17, wire.end(), 0), 17);
  auto decoded = decode_private_message_content(wire, ContentType::kCommit);
  ASSERT_TRUE(decoded.has_value()) << decoded.error().to_string();
  EXPECT_EQ(*decoded, content);
  PrivateMessageContent app{ApplicationData{bytes(100, 3)},
                            FramedContentAuthData{bytes(64, 1), std::nullopt}, 0};
  auto app_decoded = decode_private_message_content(encode(app), ContentType::kApplication);
  ASSERT_TRUE(app_decoded.has_value());
  EXPECT_EQ(*app_decoded, app);
}

TEST(StructRoundTrip, TopLevelMessages) {
  expect_round_trip(MlsMessage{ProtocolVersion::kMls10, welcome()});
  expect_round_trip(MlsMessage{ProtocolVersion::kMls10, group_info()});
  expect_round_trip(MlsMessage{ProtocolVersion::kMls10, key_package()});
  EXPECT_EQ((MlsMessage{ProtocolVersion::kMls10, key_package()}).wire_format(),
            WireFormat::kKeyPackage);
}

TEST(StructRoundTrip, Labels) {
  expect_round_trip(SignContent{mls_label("FramedContentTBS"), bytes(40, 1)});
  expect_round_trip(EncryptContext{mls_label("UpdatePathNode"), bytes(40, 2)});
  expect_round_trip(RefHashInput{mls_label("KeyPackage Reference"), bytes(40, 3)});
  expect_round_trip(KdfLabel{32, mls_label("key"), bytes(40, 4)});
  expect_round_trip(PskLabel{PreSharedKeyId{ExternalPsk{bytes(4, 1)}, bytes(32, 2)}, 0, 1});
  Bytes label = mls_label("joiner");
  EXPECT_EQ(std::string(label.begin(), label.end()), "MLS 1.0 joiner");
  // KDFLabel layout: uint16 length, then two opaque<V>.
  Bytes kdf = encode(KdfLabel{0x0102, Bytes{'a'}, Bytes{}});
  EXPECT_EQ(kdf, (Bytes{0x01, 0x02, 0x01, 'a', 0x00}));
}

}  // namespace
}  // namespace zt::mls
