// Authentication (issue 14 point 9) and the shape of the API: every RPC
// needs a device's Control Hub bearer token; the joining RPCs refuse a
// request without a group, naming the field.
#include <gmock/gmock.h>

#include "delivery_fixture.h"

namespace zt::delivery::testing {
namespace {

using ::testing::HasSubstr;

class DeliveryAuthTest : public DeliveryTest {};

grpc::Status count_with(v1::Delivery::Stub& stub, grpc::ClientContext& ctx) {
  v1::CountKeyPackagesRequest req;
  req.set_cipher_suite(kSuite);
  v1::CountKeyPackagesResponse out;
  return stub.CountKeyPackages(&ctx, req, &out);
}

TEST_F(DeliveryAuthTest, NoTokenIsUnauthenticated) {
  grpc::ClientContext ctx;
  grpc::Status st = count_with(*stub_, ctx);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(st.error_message(), HasSubstr("bearer token is required"));
}

TEST_F(DeliveryAuthTest, MalformedForgedAndExpiredTokensAreUnauthenticated) {
  grpc::ClientContext basic;
  basic.AddMetadata("authorization", "Basic abc");
  EXPECT_EQ(count_with(*stub_, basic).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // Signed by a key that is not in Control Hub's JWKS.
  TokenAuthority stranger(clock_);
  auto forged = context_for(stranger.device_token("org-a", "dev-x"));
  grpc::Status st = count_with(*stub_, *forged);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(st.error_message(), HasSubstr("token refused"));

  std::string token = tokens_.device_token("org-a", "dev-x", "u1", std::chrono::seconds(60));
  clock_.advance(std::chrono::minutes(10));
  auto expired = context_for(token);
  EXPECT_EQ(count_with(*stub_, *expired).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  auto garbage = context_for("not.a.jws");
  EXPECT_EQ(count_with(*stub_, *garbage).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(DeliveryAuthTest, ATokenThatIsNotADevicesIsPermissionDenied) {
  auto ctx = context_for(tokens_.admin_token("org-a"));
  grpc::Status st = count_with(*stub_, *ctx);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(st.error_message(), HasSubstr("serves devices"));
}

TEST_F(DeliveryAuthTest, ADeviceTokenIsAccepted) {
  Device d = device();
  auto ctx = context_for(d.token);
  EXPECT_TRUE(count_with(*stub_, *ctx).ok());
}

TEST_F(DeliveryAuthTest, JoiningMethodsRefuseAnEmptyRequestNamingTheField) {
  Device d = device();
  auto check = [&](auto call, const std::string& name) {
    auto ctx = context_for(d.token);
    grpc::Status st = call(ctx.get());
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_THAT(st.error_message(), HasSubstr("group_id")) << name;
  };
  check(
      [&](grpc::ClientContext* c) {
        v1::SendMessageResponse o;
        return stub_->SendProposal(c, {}, &o);
      },
      "SendProposal");
  check(
      [&](grpc::ClientContext* c) {
        v1::GroupInfoResponse o;
        return stub_->GetGroupInfo(c, {}, &o);
      },
      "GetGroupInfo");
  check(
      [&](grpc::ClientContext* c) {
        v1::RequestJoinResponse o;
        return stub_->RequestJoin(c, {}, &o);
      },
      "RequestJoin");
  check(
      [&](grpc::ClientContext* c) {
        v1::RequestLeaveResponse o;
        return stub_->RequestLeave(c, {}, &o);
      },
      "RequestLeave");
}

TEST_F(DeliveryAuthTest, SubscribeWelcomesWithoutATokenIsUnauthenticated) {
  grpc::ClientContext ctx;
  auto reader = stub_->SubscribeWelcomes(&ctx, {});
  v1::WelcomeMessage m;
  EXPECT_FALSE(reader->Read(&m));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(DeliveryAuthTest, EveryMethodAuthenticatesFirst) {
  grpc::ClientContext ctx;
  v1::GrantKeys out;
  EXPECT_EQ(stub_->GetGrantKeys(&ctx, {}, &out).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(DeliveryAuthTest, SubscribeWithoutATokenIsUnauthenticated) {
  grpc::ClientContext ctx;
  v1::SubscribeRequest req;
  req.set_group_id("g");
  auto reader = stub_->Subscribe(&ctx, req);
  v1::GroupMessage m;
  EXPECT_FALSE(reader->Read(&m));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace zt::delivery::testing
