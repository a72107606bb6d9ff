// Groups = meetings and calls (issue 14 point 3): creation with type and
// kind, meeting numbers and their lookup, access for members only, and the
// DS's external-sender credential that goes into external_senders.
#include <gmock/gmock.h>

#include "delivery_fixture.h"
#include "zt/mls/extension.h"

namespace zt::delivery::testing {
namespace {

using ::testing::HasSubstr;

class GroupTest : public DeliveryTest {
 protected:
  grpc::Status create(const Device& d, v1::CreateGroupRequest req, v1::Group* out) {
    auto ctx = context_for(d.token);
    return stub_->CreateGroup(ctx.get(), req, out);
  }
  // A request with the creator's real epoch-0 GroupInfo.
  v1::CreateGroupRequest meeting(const std::string& id) {
    v1::CreateGroupRequest req;
    if (!id.empty() && id.size() <= 255) {
      auto me = key_package(device());
      req.set_group_info(to_string(mls::encode(mls::Group::create(to_bytes(id), me).group_info())));
    }
    req.set_group_id(id);
    req.set_cipher_suite(kSuite);
    req.set_type(v1::MEETING_TYPE_E2EE);
    req.set_kind(v1::GROUP_KIND_SCHEDULED_MEETING);
    return req;
  }
};

TEST_F(GroupTest, AMeetingGetsANumberThatFindsIt) {
  Device host = device();
  v1::Group created;
  create_group(host, "meeting-1", &created);
  EXPECT_EQ(created.group_id(), "meeting-1");
  EXPECT_EQ(created.type(), v1::MEETING_TYPE_E2EE);
  EXPECT_EQ(created.kind(), v1::GROUP_KIND_SCHEDULED_MEETING);
  EXPECT_EQ(created.org_id(), "org-a");
  EXPECT_EQ(created.host_device_id(), host.id);
  EXPECT_GE(created.meeting_number(), 1'000'000'000u);
  EXPECT_LE(created.meeting_number(), 9'999'999'999u);
  EXPECT_EQ(created.epoch(), 0u);

  // A room device of the same org types the number in.
  Device room = device();
  v1::LookupMeetingRequest lookup;
  lookup.set_meeting_number(created.meeting_number());
  v1::Group found;
  auto ctx = context_for(room.token);
  ASSERT_TRUE(stub_->LookupMeeting(ctx.get(), lookup, &found).ok());
  EXPECT_EQ(found.group_id(), "meeting-1");

  // Another org's device does not find it; an unknown number is not found.
  Device stranger = device("org-b");
  auto ctx2 = context_for(stranger.token);
  EXPECT_EQ(stub_->LookupMeeting(ctx2.get(), lookup, &found).error_code(),
            grpc::StatusCode::NOT_FOUND);
  lookup.set_meeting_number(42);
  auto ctx3 = context_for(room.token);
  EXPECT_EQ(stub_->LookupMeeting(ctx3.get(), lookup, &found).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(GroupTest, StandardMeetingsPersonalRoomsAndCalls) {
  Device host = device();
  auto standard = meeting("standard-1");
  standard.set_type(v1::MEETING_TYPE_STANDARD);
  standard.set_kind(v1::GROUP_KIND_PERSONAL_ROOM);
  v1::Group out;
  ASSERT_TRUE(create(host, standard, &out).ok());
  EXPECT_EQ(out.type(), v1::MEETING_TYPE_STANDARD);
  EXPECT_EQ(out.kind(), v1::GROUP_KIND_PERSONAL_ROOM);
  auto call = meeting("call-1");
  call.set_kind(v1::GROUP_KIND_CALL);
  ASSERT_TRUE(create(host, call, &out).ok());
  EXPECT_EQ(out.kind(), v1::GROUP_KIND_CALL);
  EXPECT_EQ(out.meeting_number(), 0u);  // calls have no number
}

TEST_F(GroupTest, MeetingNumbersAreUniqueEvenWhenTheSourceRepeats) {
  db_.reset();
  ds_.reset();
  db_ = std::make_unique<zt::testing::TempDatabase>();
  int calls = 0;
  DeliveryOptions opts;
  opts.meeting_numbers = [&calls] { return ++calls <= 2 ? 1111111111ULL : 2222222222ULL; };
  ds_ = std::make_unique<Replica>(db_->uri(), clock_, tokens_, nullptr, std::nullopt,
                                  std::move(opts));
  stub_ = ds_->stub();
  Device host = device();
  v1::Group a, b;
  ASSERT_TRUE(create(host, meeting("a"), &a).ok());
  ASSERT_TRUE(create(host, meeting("b"), &b).ok());
  EXPECT_EQ(a.meeting_number(), 1111111111u);
  EXPECT_EQ(b.meeting_number(), 2222222222u);
}

TEST_F(GroupTest, BadRequestsAreRefusedAndStoreNothing) {
  Device host = device();
  v1::Group out;
  auto expect_invalid = [&](v1::CreateGroupRequest req, const std::string& text) {
    grpc::Status st = create(host, req, &out);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << text;
    EXPECT_THAT(st.error_message(), HasSubstr(text));
  };
  expect_invalid(meeting(""), "group_id must be 1..255 bytes");
  expect_invalid(meeting(std::string(256, 'x')), "group_id must be 1..255 bytes");
  auto no_type = meeting("g");
  no_type.set_type(v1::MEETING_TYPE_UNSPECIFIED);
  expect_invalid(no_type, "type must be");
  auto no_kind = meeting("g");
  no_kind.set_kind(v1::GROUP_KIND_UNSPECIFIED);
  expect_invalid(no_kind, "kind must be");
  auto bad_suite = meeting("g");
  bad_suite.set_cipher_suite(0);
  expect_invalid(bad_suite, "cipher_suite");
  auto bad_info = meeting("g");
  bad_info.set_group_info("garbage");
  expect_invalid(bad_info, "group_info is not an MLSMessage");
  auto no_info = meeting("g");
  no_info.clear_group_info();
  expect_invalid(no_info, "group_info is required");
  // A GroupInfo whose signature does not verify.
  auto forged = meeting("g");
  auto gi = mls::decode<mls::MlsMessage>(to_bytes(forged.group_info()));
  std::get<mls::GroupInfo>(gi->message).signature[0] ^= 1;
  forged.set_group_info(to_string(mls::encode(*gi)));
  expect_invalid(forged, "group_info refused");
  // A GroupInfo of another group.
  auto me = key_package(host);
  mls::Group other = mls::Group::create(to_bytes("other"), me);
  auto wrong_group = meeting("g");
  wrong_group.set_group_info(to_string(mls::encode(other.group_info())));
  expect_invalid(wrong_group, "another group_id");
  // Nothing was stored: the id is still free.
  EXPECT_TRUE(create(host, meeting("g"), &out).ok());
}

TEST_F(GroupTest, AGroupIdIsTakenOnce) {
  Device host = device();
  create_group(host, "dup");
  v1::Group out;
  grpc::Status st = create(device(), meeting("dup"), &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::ALREADY_EXISTS) << st.error_message();
}

TEST_F(GroupTest, OnlyMembersSeeAGroup) {
  Device host = device();
  create_group(host, "private");
  v1::GetGroupRequest req;
  req.set_group_id("private");
  v1::Group out;
  auto ctx = context_for(host.token);
  ASSERT_TRUE(stub_->GetGroup(ctx.get(), req, &out).ok());
  EXPECT_EQ(out.host_device_id(), host.id);
  Device other = device();
  auto ctx2 = context_for(other.token);
  grpc::Status st = stub_->GetGroup(ctx2.get(), req, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  req.set_group_id("nope");
  auto ctx3 = context_for(host.token);
  EXPECT_EQ(stub_->GetGroup(ctx3.get(), req, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(GroupTest, TheExternalSenderGoesIntoTheGroupAndVerifiesTheDsSignature) {
  Device host = device();
  v1::GetExternalSenderRequest req;
  req.set_cipher_suite(kSuite);
  v1::ExternalSender out;
  auto ctx = context_for(host.token);
  ASSERT_TRUE(stub_->GetExternalSender(ctx.get(), req, &out).ok());
  EXPECT_EQ(out.signature_key(), to_string(ds_->app().signer().public_key()));
  auto sender = mls::decode<mls::ExternalSender>(to_bytes(out.external_sender()));
  ASSERT_TRUE(sender);
  EXPECT_EQ(sender->signature_key, ds_->app().signer().public_key());
  auto credential = mls::decode<mls::Credential>(to_bytes(out.credential()));
  ASSERT_TRUE(credential);
  EXPECT_EQ(*credential, sender->credential);

  // The creator puts it in external_senders: the group accepts it and a
  // signature by the DS key verifies with what the group holds.
  mls::ExternalSenders senders{*sender};
  mls::Extensions ext{{mls::kExtensionExternalSenders, mls::encode(senders)}};
  auto me = key_package(host);
  mls::Group group = mls::Group::create(to_bytes("with-ds"), me, ext);
  const auto* in_group =
      mls::find_extension(group.context().extensions, mls::kExtensionExternalSenders);
  ASSERT_NE(in_group, nullptr);
  auto decoded = mls::decode<mls::ExternalSenders>(in_group->extension_data);
  ASSERT_TRUE(decoded);
  Bytes msg = to_bytes("proposal");
  EXPECT_TRUE(crypto::verify(crypto::SignatureScheme::kEd25519, (*decoded)[0].signature_key, msg,
                             ds_->app().signer().sign(msg)));

  // Suites that do not sign with Ed25519 are refused with a reason.
  req.set_cipher_suite(2);
  auto ctx2 = context_for(host.token);
  grpc::Status st = stub_->GetExternalSender(ctx2.get(), req, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("Ed25519"));
}

TEST_F(GroupTest, TheSigningKeyComesFromConfiguration) {
  const std::string seed(64, 'a');
  db_.reset();
  ds_.reset();
  db_ = std::make_unique<zt::testing::TempDatabase>();
  DeliveryOptions opts;
  opts.signing_key_hex = crypto::SecretBytes(as_bytes(seed + "\n"));
  ds_ = std::make_unique<Replica>(db_->uri(), clock_, tokens_, nullptr, std::nullopt,
                                  std::move(opts));
  ExternalSenderKey same{crypto::SecretBytes(as_bytes(seed))};
  EXPECT_EQ(ds_->app().signer().public_key(), same.public_key());
  EXPECT_THROW(ExternalSenderKey(crypto::SecretBytes(as_bytes("short"))), std::runtime_error);
}

}  // namespace
}  // namespace zt::delivery::testing
