// zt-sfu as a process (gRPC and metrics on port 0, started through the
// shared process helper): started with a trusted grant key, it forwards
// SFrame media from 2 publishers to 3 subscribers intact, answers a Join
// with a grant for another meeting UNAUTHENTICATED, one past the meeting's
// session cap RESOURCE_EXHAUSTED, ends an open Events stream UNAVAILABLE on
// SIGTERM and exits 0.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "load_runner.h"
#include "sfu_client.h"
#include "zt/testing/env.h"
#include "zt/testing/process.h"

namespace zt::loadgen {
namespace {

using namespace std::chrono_literals;

int64_t in_ten_minutes() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count() +
         600;
}

grpc::Status join(v1::Sfu::Stub& stub, const std::string& meeting, const std::string& grant,
                  v1::JoinResponse* resp) {
  v1::JoinRequest req;
  req.set_meeting_id(meeting);
  req.set_media_grant(grant);
  return stub.Join(rpc_context().get(), req, resp);
}

TEST(SfuE2e, ForwardsSframeMediaRefusesForeignGrantsAndCapsAMeeting) {
  const std::filesystem::path dir = zt::testing::make_temp_dir("zt-sfu-e2e");
  auto signer = auth::JwsSigner::generate("ds-e2e");
  std::ofstream(dir / "jwks.json") << auth::JwkSet({signer.public_jwk()}).to_json();
  zt::testing::Process sfu(zt::testing::bin_path("zt-sfu"),
                           {"--grpc.address=127.0.0.1:0", "--metrics.address=127.0.0.1:0",
                            "--sfu.udp_address=127.0.0.1:0", "--sfu.workers=2",
                            "--sfu.redis_registry=false", "--sfu.max_sessions_per_meeting=5",
                            "--sfu.trusted_jwks_file=" + (dir / "jwks.json").string(),
                            "--state_dir=" + (dir / "state").string()});
  ASSERT_TRUE(sfu.wait_for_output("\"serving\"", 20s)) << sfu.stderr_text();
  auto port = sfu.logged_int("grpc_port");
  ASSERT_TRUE(port.has_value()) << sfu.stderr_text();
  const std::string address = "127.0.0.1:" + std::to_string(*port);

  LoadOptions o;
  o.sfu_grpc = address;
  o.meeting = "e2e-meeting";
  o.grant_seed_hex = to_hex(signer.seed_for_storage().reveal());
  o.grant_kid = signer.kid();
  o.publishers = 2;
  o.subscribers = 3;
  o.video_kbps = 400;
  o.duration_s = 1.5;
  o.progress = false;
  LoadReport r = run_load(o);
  EXPECT_GT(r.sent, 50u);
  EXPECT_EQ(r.integrity_failures, 0u);
  EXPECT_EQ(r.received, r.sent * 3);

  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto stub = v1::Sfu::NewStub(channel);
  v1::JoinResponse resp;
  grpc::Status foreign =
      join(*stub, "e2e-meeting",
           sign_media_grant(signer, "other-meeting", "d", 1, in_ten_minutes()), &resp);
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // The load left (Leave): five sessions fit in a meeting, the sixth is refused.
  std::vector<std::string> sessions;
  for (int i = 0; i < 5; ++i) {
    std::string device = "cap-";
    device += std::to_string(i);
    grpc::Status s =
        join(*stub, "cap-meeting",
             sign_media_grant(signer, "cap-meeting", device, 1, in_ten_minutes()), &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    sessions.push_back(resp.session_id());
  }
  grpc::Status full =
      join(*stub, "cap-meeting",
           sign_media_grant(signer, "cap-meeting", "cap-5", 1, in_ten_minutes()), &resp);
  EXPECT_EQ(full.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(full.error_message().find("limit of 5 sessions"), std::string::npos)
      << full.error_message();

  // SIGTERM with an open Events stream: the stream ends UNAVAILABLE, the process exits 0.
  grpc::ClientContext events_ctx;
  v1::EventsRequest events_req;
  events_req.set_session_id(sessions[0]);
  auto events = stub->Events(&events_ctx, events_req);
  v1::PublishRequest pub;
  pub.set_session_id(sessions[1]);
  pub.set_kind(v1::TRACK_KIND_AUDIO);
  pub.add_layer_ssrcs(4242);
  v1::PublishResponse pub_resp;
  ASSERT_TRUE(stub->Publish(rpc_context().get(), pub, &pub_resp).ok());
  v1::Event ev;
  ASSERT_TRUE(events->Read(&ev));  // the stream is open
  sfu.signal(SIGTERM);
  while (events->Read(&ev)) {
  }
  EXPECT_EQ(events->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(sfu.wait(30s), 0) << sfu.stderr_text();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zt::loadgen
