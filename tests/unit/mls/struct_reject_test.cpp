// Decoding of real MLS structs rejects malformed input with a typed error:
// truncation, trailing bytes, non-minimal lengths, unknown tags, invalid
// enums, non-zero padding, and context-dependent fields that do not match.
#include <gtest/gtest.h>

#include "samples.h"
#include "zt/mls/mls_message.h"

namespace zt::mls {
namespace {

using namespace samples;

template <class T>
DecodeError decode_error(const Bytes& wire) {
  auto r = decode<T>(wire);
  EXPECT_FALSE(r.has_value());
  return r.has_value() ? DecodeError{} : r.error();
}

TEST(StructReject, EveryTruncationOfAMessageIsTruncated) {
  Bytes wire = encode(MlsMessage{ProtocolVersion::kMls10, public_commit()});
  for (size_t len = 0; len < wire.size(); ++len) {
    auto r = decode<MlsMessage>(BytesView(wire.data(), len));
    ASSERT_FALSE(r.has_value()) << len;
    ASSERT_EQ(r.error().kind, DecodeErrorKind::kTruncated) << len;
  }
}

TEST(StructReject, TrailingBytesAfterAKeyPackage) {
  Bytes wire = encode(MlsMessage{ProtocolVersion::kMls10, key_package()});
  wire.push_back(0x00);
  DecodeError e = decode_error<MlsMessage>(wire);
  EXPECT_EQ(e.kind, DecodeErrorKind::kTrailingBytes);
  EXPECT_EQ(e.offset, wire.size() - 1);
}

TEST(StructReject, NonMinimalLengthInsideAStruct) {
  // Remove{5} inside a Proposal is fine; re-encode an ExternalInit with a
  // two-byte header for a 5-byte kem_output.
  Bytes wire{0x00, 0x06, 0x40, 0x05, 1, 2, 3, 4, 5};
  DecodeError e = decode_error<Proposal>(wire);
  EXPECT_EQ(e.kind, DecodeErrorKind::kNonMinimalVarint);
  EXPECT_EQ(e.offset, 2u);
  EXPECT_EQ(e.field, "value.kem_output");
}

TEST(StructReject, UnknownSelectTags) {
  Bytes bad_proposal{0x00, 0x08, 0x00};  // proposal_type 8 is not defined here
  EXPECT_EQ(decode_error<Proposal>(bad_proposal).kind, DecodeErrorKind::kUnknownTag);
  Bytes bad_credential{0x00, 0x03, 0x00};
  EXPECT_EQ(decode_error<Credential>(bad_credential).kind, DecodeErrorKind::kUnknownTag);
  Bytes bad_sender{0x05};
  EXPECT_EQ(decode_error<Sender>(bad_sender).kind, DecodeErrorKind::kUnknownTag);
  Bytes reserved_sender{0x00};
  EXPECT_EQ(decode_error<Sender>(reserved_sender).kind, DecodeErrorKind::kUnknownTag);
  Bytes bad_node{0x03};
  EXPECT_EQ(decode_error<Node>(bad_node).kind, DecodeErrorKind::kUnknownTag);
  Bytes bad_ref{0x03, 0x00};
  EXPECT_EQ(decode_error<ProposalOrRef>(bad_ref).kind, DecodeErrorKind::kUnknownTag);
  Bytes bad_wire_format{0x00, 0x01, 0x00, 0x06};
  DecodeError e = decode_error<MlsMessage>(bad_wire_format);
  EXPECT_EQ(e.kind, DecodeErrorKind::kUnknownTag);
  EXPECT_EQ(e.offset, 2u);
  EXPECT_EQ(e.field, "message");
}

TEST(StructReject, InvalidEnumValues) {
  Bytes wire = encode(private_message());
  // group_id<V> (1 + 16 bytes), epoch (8), then content_type.
  size_t content_type_at = 1 + 16 + 8;
  for (uint8_t bad : {0x00, 0x04, 0xff}) {
    wire[content_type_at] = bad;
    DecodeError e = decode_error<PrivateMessage>(wire);
    EXPECT_EQ(e.kind, DecodeErrorKind::kInvalidEnum);
    EXPECT_EQ(e.offset, content_type_at);
    EXPECT_EQ(e.field, "content_type");
  }
  Bytes bad_usage{0x02, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x00};  // usage 4
  EXPECT_EQ(decode_error<PreSharedKeyId>(bad_usage).kind, DecodeErrorKind::kInvalidEnum);
}

TEST(StructReject, InvalidOptionalPresence) {
  Bytes wire = encode(Commit{});
  ASSERT_EQ(wire, (Bytes{0x00, 0x00}));
  wire[1] = 0x02;
  DecodeError e = decode_error<Commit>(wire);
  EXPECT_EQ(e.kind, DecodeErrorKind::kInvalidOptional);
  EXPECT_EQ(e.field, "path");
}

TEST(StructReject, NonZeroPadding) {
  PrivateMessageContent content{ApplicationData{bytes(10, 1)},
                                FramedContentAuthData{bytes(64, 2), std::nullopt}, 8};
  Bytes wire = encode(content);
  wire[wire.size() - 3] = 0x01;
  auto r = decode_private_message_content(wire, ContentType::kApplication);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DecodeErrorKind::kNonZeroPadding);
  EXPECT_EQ(r.error().offset, wire.size() - 3);
  EXPECT_EQ(r.error().field, "padding");
}

TEST(StructReject, PrivateContentOfTheWrongTypeFails) {
  PrivateMessageContent content{commit(), FramedContentAuthData{bytes(64, 2), bytes(32, 3)}, 0};
  auto as_app = decode_private_message_content(encode(content), ContentType::kApplication);
  EXPECT_FALSE(as_app.has_value());
  auto reserved = decode_private_message_content(encode(content), ContentType::kReserved);
  ASSERT_FALSE(reserved.has_value());
  EXPECT_EQ(reserved.error().kind, DecodeErrorKind::kInvalidEnum);
}

TEST(StructReject, ContextDependentFieldsMustMatchOnEncode) {
  PublicMessage no_tag = public_commit();
  no_tag.membership_tag.reset();  // member sender without membership_tag
  EXPECT_THROW(encode(no_tag), EncodeError);
  PublicMessage no_confirmation = public_commit();
  no_confirmation.auth.confirmation_tag.reset();  // commit without confirmation_tag
  EXPECT_THROW(encode(no_confirmation), EncodeError);
  FramedContentTbs tbs{ProtocolVersion::kMls10, WireFormat::kPublicMessage, public_commit().content,
                       std::nullopt};  // member sender, no context
  EXPECT_THROW(encode(tbs), EncodeError);
}

TEST(StructReject, MembershipTagAbsentForAMemberIsTruncated) {
  PublicMessage pm = public_commit();
  Bytes wire = encode(pm);
  wire.resize(wire.size() - (1 + pm.membership_tag->size()));
  DecodeError e = decode_error<PublicMessage>(wire);
  EXPECT_EQ(e.kind, DecodeErrorKind::kTruncated);
  EXPECT_EQ(e.field, "membership_tag");
}

TEST(StructReject, RatchetTreeWithBadPresenceOctet) {
  Bytes wire = encode(ratchet_tree());
  // The third node is blank. Both the whole tree and its first two nodes
  // have bodies of 64..16383 bytes (2-byte headers), so the encoding of the
  // first two nodes ends where the third node's presence octet is.
  RatchetTree tree = ratchet_tree();
  RatchetTree head(tree.begin(), tree.begin() + 2);
  size_t at = encode(head).size();
  ASSERT_EQ(encode(head)[0] & 0xc0, 0x40);
  ASSERT_EQ(wire[0] & 0xc0, 0x40);
  ASSERT_EQ(wire[at], 0x00);
  wire[at] = 0x07;
  DecodeError e = decode_error<RatchetTree>(wire);
  EXPECT_EQ(e.kind, DecodeErrorKind::kInvalidOptional);
  EXPECT_EQ(e.field, "[2]");
}

}  // namespace
}  // namespace zt::mls

namespace zt::mls {
namespace {

Bytes blank_tree_wire(size_t blanks) {
  RatchetTree tree(blanks);
  tree.push_back(Node{samples::leaf_node(UpdateLeafSource{})});
  return encode(tree);
}

TEST(StructReject, AmplifyingInputHitsTheDecodeBudget) {
  // 20000 one-byte blank nodes would take sizeof(optional<Node>) each.
  ASSERT_GT(sizeof(std::optional<Node>), 2 * kDecodeBudgetFactor);
  Bytes wire = blank_tree_wire(20000);
  auto r = decode<RatchetTree>(wire);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DecodeErrorKind::kTooLarge);
}

TEST(StructReject, SparseThousandLeafTreeFitsTheBudget) {
  auto r = decode<RatchetTree>(blank_tree_wire(1998));
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->size(), 1999u);
  EXPECT_TRUE(r->back().has_value());
}

}  // namespace
}  // namespace zt::mls
