// zt-sfu end to end on loopback, in one process: 3 publishers and 5
// subscribers get exactly what was sent (SFrame decrypts with the sender's
// key, every payload byte checked); grants for another meeting, expired or
// forged are refused; a track of another meeting is PERMISSION_DENIED.
#include <gtest/gtest.h>

#include "load_runner.h"
#include "media_grant.h"
#include "sfu_client.h"
#include "sfu_service.h"
#include "udp_worker.h"
#include "zt/crypto/random.h"
#include "zt/server/grpc_server.h"
#include "zt/stun/hmac_integrity_key.h"

namespace zt::sfu {
namespace {

class SfuLoopback : public ::testing::Test {
 protected:
  SfuLoopback()
      : signer_(auth::JwsSigner::generate("ds-1")),
        router_(RouterOptions{}, [](MutableBytesView out) { crypto::SystemRandom::instance().fill(out); },
                [](const std::string& pwd) { return std::make_unique<stun::HmacIntegrityKey>(as_bytes(pwd)); }),
        udp_(router_, parse_endpoint("127.0.0.1:0"), 1, WorkerOptions{}),
        verifier_(auth::JwkSet({signer_.public_jwk()}), SystemClock::instance()),
        service_(router_, verifier_, to_string(udp_.local_endpoint()), SystemClock::instance(), nullptr),
        server_(server::GrpcServerOptions{}, nullptr) {
    server_.add_service(&service_);
    server_.start();
    udp_.start();
    grpc_address_ = "127.0.0.1:" + std::to_string(server_.port());
    channel_ = grpc::CreateChannel(grpc_address_, grpc::InsecureChannelCredentials());
  }
  ~SfuLoopback() override {
    service_.shutdown();
    server_.shutdown();
    udp_.stop();
  }

  int64_t in_an_hour() const {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
               .count() + 3600;
  }

  grpc::Status join(const std::string& meeting, const std::string& grant) {
    v1::Sfu::Stub stub(channel_);
    v1::JoinRequest req;
    req.set_meeting_id(meeting);
    req.set_media_grant(grant);
    v1::JoinResponse resp;
    return stub.Join(loadgen::rpc_context().get(), req, &resp);
  }

  auth::JwsSigner signer_;
  Router router_;
  UdpServer udp_;
  MediaGrantVerifier verifier_;
  SfuService service_;
  server::GrpcServer server_;
  std::string grpc_address_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(SfuLoopback, ThreePublishersFiveSubscribersReceiveExactlyWhatWasSent) {
  loadgen::LoadOptions o;
  o.mode = "sfu";
  o.sfu_grpc = grpc_address_;
  o.meeting = "m-loopback";
  o.grant_seed_hex = to_hex(signer_.seed_for_storage().reveal());
  o.grant_kid = signer_.kid();
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
  EXPECT_EQ(router_.counters().dropped(DropReason::kUnboundSource), 0u);
}

TEST_F(SfuLoopback, GrantForAnotherMeetingIsUnauthenticated) {
  std::string grant = loadgen::sign_media_grant(signer_, "m-other", "dev", 1, in_an_hour());
  EXPECT_EQ(join("m-mine", grant).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(join("m-other", grant).ok());
}

TEST_F(SfuLoopback, ExpiredOrForgedGrantIsUnauthenticated) {
  std::string expired = loadgen::sign_media_grant(signer_, "m1", "dev", 1, in_an_hour() - 7200);
  EXPECT_EQ(join("m1", expired).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  auto stranger = auth::JwsSigner::generate("ds-1");  // same kid, another key
  std::string forged = loadgen::sign_media_grant(stranger, "m1", "dev", 1, in_an_hour());
  EXPECT_EQ(join("m1", forged).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(join("m1", "not.a.jws").error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SfuLoopback, TrackOfAnotherMeetingIsPermissionDenied) {
  loadgen::UdpSocket a_sock, b_sock;
  loadgen::SfuClient a(channel_, a_sock), b(channel_, b_sock);
  a.join("m-a", loadgen::sign_media_grant(signer_, "m-a", "dev-a", 1, in_an_hour()));
  b.join("m-b", loadgen::sign_media_grant(signer_, "m-b", "dev-b", 1, in_an_hour()));
  v1::Track track = a.publish(v1::TRACK_KIND_AUDIO, {4242});
  v1::SubscribeResponse resp;
  EXPECT_EQ(b.subscribe(track.track_id(), 0, &resp).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(b.subscribe_all(0).empty());
}

TEST_F(SfuLoopback, UnknownSessionIsUnauthenticated) {
  v1::Sfu::Stub stub(channel_);
  v1::PublishRequest req;
  req.set_session_id("feedface");
  req.set_kind(v1::TRACK_KIND_AUDIO);
  req.add_layer_ssrcs(1);
  v1::PublishResponse resp;
  EXPECT_EQ(stub.Publish(loadgen::rpc_context().get(), req, &resp).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace zt::sfu
