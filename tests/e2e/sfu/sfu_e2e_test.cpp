// zt-sfu as a process (gRPC and metrics on port 0, started through the
// shared process helper): started with a trusted grant key, it forwards
// SFrame media from 2 publishers to 3 subscribers intact, answers a Join
// with a grant for another meeting UNAUTHENTICATED, one past the meeting's
// session cap RESOURCE_EXHAUSTED, ends an open Events stream UNAVAILABLE on
// SIGTERM and exits 0; one grant joined 1,000 times keeps the process's
// resident memory flat, and its never-bound transport is reaped.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "../../integration/sfu/resident_memory.h"
#include "load_runner.h"
#include "sfu_client.h"
#include "zt/testing/env.h"
#include "zt/testing/http.h"
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
  o.grant_seed_hex = crypto::secret_to_hex(signer.seed_for_storage());
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

// The value of an unlabelled gauge on /metrics, or -1.
double gauge(int metrics_port, const std::string& name) {
  std::istringstream in(zt::testing::http_get("127.0.0.1", metrics_port, "/metrics"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  }
  return -1;
}

// Waits up to `timeout` for the gauge to read `want` (metrics sync once a second).
bool gauge_reaches(int metrics_port, const std::string& name, double want,
                   std::chrono::seconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (gauge(metrics_port, name) == want) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

// The probe's memory attack on the real binary: one media grant joined
// 1,000 times, each Join followed by a 3-layer video Publish and never a
// Leave (each used to add ~9.3 MB resident). Now each Join replaces the
// last: one transport, resident memory flat; and the one left, never
// bound, is reaped once sfu.consent_timeout_ms has passed.
TEST(SfuE2e, OneGrantJoinedAThousandTimesLeavesMemoryFlatAndTheTransportIsReaped) {
  const std::filesystem::path dir = zt::testing::make_temp_dir("zt-sfu-e2e-mem");
  auto signer = auth::JwsSigner::generate("ds-e2e");
  std::ofstream(dir / "jwks.json") << auth::JwkSet({signer.public_jwk()}).to_json();
  zt::testing::Process sfu(
      zt::testing::bin_path("zt-sfu"),
      {"--grpc.address=127.0.0.1:0", "--metrics.address=127.0.0.1:0",
       "--sfu.udp_address=127.0.0.1:0", "--sfu.workers=1", "--sfu.redis_registry=false",
       "--sfu.consent_timeout_ms=1500", "--sfu.trusted_jwks_file=" + (dir / "jwks.json").string(),
       "--state_dir=" + (dir / "state").string()});
  ASSERT_TRUE(sfu.wait_for_output("\"serving\"", 20s)) << sfu.stderr_text();
  auto grpc_port = sfu.logged_int("grpc_port");
  auto metrics_port = sfu.logged_int("metrics_port");
  ASSERT_TRUE(grpc_port && metrics_port) << sfu.stderr_text();
  auto stub = v1::Sfu::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(*grpc_port),
                                                   grpc::InsecureChannelCredentials()));
  const std::string grant =
      sign_media_grant(signer, "mem-meeting", "one-device", 1, in_ten_minutes());
  auto join_and_publish = [&](uint32_t i) {
    v1::JoinResponse resp;
    grpc::Status s = join(*stub, "mem-meeting", grant, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    v1::PublishRequest pub;
    pub.set_session_id(resp.session_id());
    pub.set_kind(v1::TRACK_KIND_VIDEO);
    for (uint32_t l = 0; l < 3; ++l) pub.add_layer_ssrcs(10000 + 3 * i + l);
    v1::PublishResponse pub_resp;
    s = stub->Publish(rpc_context().get(), pub, &pub_resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
  };
  for (uint32_t i = 0; i < 100; ++i) join_and_publish(i);
  const size_t before = zt::sfu::testing::resident_kb(sfu.pid());
  for (uint32_t i = 100; i < 1000; ++i) join_and_publish(i);
  const size_t after = zt::sfu::testing::resident_kb(sfu.pid());
  ASSERT_FALSE(HasFailure());
  std::printf("zt-sfu resident memory: %zu kB after 100 Joins, %zu kB after 1000\n", before, after);
  EXPECT_GT(before, 0u);
  if (zt::sfu::testing::kResidentMemoryIsMeaningful) {
    EXPECT_LT(after, before + 16 * 1024) << "zt-sfu RSS " << before << " kB -> " << after << " kB";
  }
  EXPECT_TRUE(gauge_reaches(*metrics_port, "zt_sfu_transports", 1, 5s));
  EXPECT_TRUE(gauge_reaches(*metrics_port, "zt_sfu_tracks", 1, 5s));
  // The last session never bound its transport: reaped after 1.5 s (+ one reaper pass).
  EXPECT_TRUE(gauge_reaches(*metrics_port, "zt_sfu_transports", 0, 10s));
  EXPECT_TRUE(gauge_reaches(*metrics_port, "zt_sfu_retransmit_buffer_bytes", 0, 5s));
  sfu.signal(SIGTERM);
  EXPECT_EQ(sfu.wait(30s), 0) << sfu.stderr_text();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zt::loadgen
