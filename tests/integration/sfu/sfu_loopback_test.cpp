// zt-sfu end to end on loopback, in one process: 3 publishers and 5
// subscribers get exactly what was sent (SFrame decrypts with the sender's
// key, every payload byte checked); grants for another meeting, expired or
// forged are refused; a track of another meeting is PERMISSION_DENIED.
#include <gtest/gtest.h>

#include "load_runner.h"
#include "sfu_test_server.h"

namespace zt::sfu {
namespace {

class SfuLoopback : public ::testing::Test {
 protected:
  static int64_t in_an_hour() { return testing::InProcessSfu::in_an_hour(); }

  grpc::Status join(const std::string& meeting, const std::string& grant) {
    v1::Sfu::Stub stub(sfu_.channel);
    v1::JoinRequest req;
    req.set_meeting_id(meeting);
    req.set_media_grant(grant);
    v1::JoinResponse resp;
    return stub.Join(loadgen::rpc_context().get(), req, &resp);
  }

  testing::InProcessSfu sfu_;
};

TEST_F(SfuLoopback, ThreePublishersFiveSubscribersReceiveExactlyWhatWasSent) {
  loadgen::LoadOptions o;
  o.mode = "sfu";
  o.sfu_grpc = sfu_.grpc_address();
  o.meeting = "m-loopback";
  o.grant_seed_hex = crypto::secret_to_hex(sfu_.signer.seed_for_storage());
  o.grant_kid = sfu_.signer.kid();
  o.publishers = 3;
  o.subscribers = 5;
  o.video_kbps = 500;
  o.sframe = true;
  o.duration_s = 1.5;
  o.progress = false;
  loadgen::LoadReport r = loadgen::run_load(o);
  ASSERT_GT(r.sent, 100u);
  EXPECT_EQ(r.integrity_failures, 0u);
  EXPECT_EQ(r.received, r.sent * 5);  // every packet of every publisher, to every subscriber
  EXPECT_EQ(r.received, r.expected);
  EXPECT_EQ(sfu_.router.counters().dropped(DropReason::kUnboundSource), 0u);
}

TEST_F(SfuLoopback, GrantForAnotherMeetingIsUnauthenticated) {
  std::string grant = loadgen::sign_media_grant(sfu_.signer, "m-other", "dev", 1, in_an_hour());
  EXPECT_EQ(join("m-mine", grant).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(join("m-other", grant).ok());
}

TEST_F(SfuLoopback, ExpiredOrForgedGrantIsUnauthenticated) {
  std::string expired = loadgen::sign_media_grant(sfu_.signer, "m1", "dev", 1, in_an_hour() - 7200);
  EXPECT_EQ(join("m1", expired).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  auto stranger = auth::JwsSigner::generate("ds-1");  // same kid, another key
  std::string forged = loadgen::sign_media_grant(stranger, "m1", "dev", 1, in_an_hour());
  EXPECT_EQ(join("m1", forged).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(join("m1", "not.a.jws").error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SfuLoopback, TrackOfAnotherMeetingIsPermissionDenied) {
  loadgen::UdpSocket a_sock, b_sock;
  loadgen::SfuClient a(sfu_.channel, a_sock), b(sfu_.channel, b_sock);
  a.join("m-a", loadgen::sign_media_grant(sfu_.signer, "m-a", "dev-a", 1, in_an_hour()));
  b.join("m-b", loadgen::sign_media_grant(sfu_.signer, "m-b", "dev-b", 1, in_an_hour()));
  v1::Track track = a.publish(v1::TRACK_KIND_AUDIO, {4242});
  v1::SubscribeResponse resp;
  EXPECT_EQ(b.subscribe(track.track_id(), 0, &resp).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(b.subscribe_all(0).empty());
}

TEST_F(SfuLoopback, UnknownSessionIsUnauthenticated) {
  v1::Sfu::Stub stub(sfu_.channel);
  v1::PublishRequest req;
  req.set_session_id("feedface");
  req.set_kind(v1::TRACK_KIND_AUDIO);
  req.add_layer_ssrcs(1);
  v1::PublishResponse resp;
  EXPECT_EQ(stub.Publish(loadgen::rpc_context().get(), req, &resp).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace zt::sfu
