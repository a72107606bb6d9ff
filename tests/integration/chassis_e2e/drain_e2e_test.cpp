// SIGTERM during a slow in-flight RPC: the RPC completes and the process
// exits 0. SIGTERM with an open server stream: the drain hook ends it with
// UNAVAILABLE at once, long before the drain timeout.
#include <csignal>
#include <future>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>

#include "zt/testing/env.h"
#include "zt/testing/process.h"
#include "zt/testing/v1/echo.grpc.pb.h"

namespace zt::testing {
namespace {

using namespace std::chrono_literals;

TEST(DrainE2eTest, SigtermLetsInFlightRpcFinishThenExitsZero) {
  Process server(bin_path("zt-test-echo-server"), {"--grpc.drain_timeout_ms=20000"});
  ASSERT_TRUE(server.wait_for_output("\"serving\"", 20s)) << server.stderr_text();
  const auto port = server.logged_int("grpc_port");
  ASSERT_TRUE(port.has_value());
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(*port), grpc::InsecureChannelCredentials());
  auto stub = v1::Echo::NewStub(channel);

  auto slow = std::async(std::launch::async, [&] {
    v1::SleepRequest req;
    req.set_milliseconds(1500);
    v1::SleepResponse resp;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 30s);
    grpc::Status st = stub->Sleep(&ctx, req, &resp);
    return std::make_pair(st.error_code(), resp.slept_milliseconds());
  });
  ASSERT_TRUE(server.wait_for_output("sleep started", 10s)) << server.stderr_text();
  server.signal(SIGTERM);

  auto [code, slept] = slow.get();
  EXPECT_EQ(code, grpc::StatusCode::OK);
  EXPECT_EQ(slept, 1500u);
  auto exit_code = server.wait(30s);
  ASSERT_TRUE(exit_code.has_value()) << "server did not exit after SIGTERM";
  EXPECT_EQ(*exit_code, 0) << server.stderr_text();
  EXPECT_THAT(server.stderr_text(), ::testing::HasSubstr("\"draining\""));
  EXPECT_THAT(server.stderr_text(), ::testing::HasSubstr("\"stopped\""));
}

TEST(DrainE2eTest, SigtermEndsOpenStreamWithUnavailableBeforeTheDrainTimeout) {
  // A drain timeout far beyond the client's deadline: the stream can only end
  // with UNAVAILABLE in time if the drain hook ended it.
  Process server(bin_path("zt-test-echo-server"), {"--grpc.drain_timeout_ms=120000"});
  ASSERT_TRUE(server.wait_for_output("\"serving\"", 20s)) << server.stderr_text();
  const auto port = server.logged_int("grpc_port");
  ASSERT_TRUE(port.has_value());
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(*port), grpc::InsecureChannelCredentials());
  auto stub = v1::Echo::NewStub(channel);

  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 60s);
  auto reader = stub->Watch(&ctx, v1::WatchRequest());
  v1::WatchEvent event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.sequence(), 1u);
  ASSERT_TRUE(server.wait_for_output("watch started", 10s)) << server.stderr_text();

  server.signal(SIGTERM);
  EXPECT_FALSE(reader->Read(&event));
  grpc::Status st = reader->Finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE) << st.error_message();
  EXPECT_THAT(st.error_message(), ::testing::HasSubstr("shutting down"));
  auto exit_code = server.wait(60s);
  ASSERT_TRUE(exit_code.has_value()) << "server did not exit after SIGTERM";
  EXPECT_EQ(*exit_code, 0) << server.stderr_text();
}

TEST(DrainE2eTest, SigintAlsoDrainsAndExitsZero) {
  Process server(bin_path("zt-test-echo-server"), {});
  ASSERT_TRUE(server.wait_for_output("\"serving\"", 20s)) << server.stderr_text();
  server.signal(SIGINT);
  auto exit_code = server.wait(30s);
  ASSERT_TRUE(exit_code.has_value());
  EXPECT_EQ(*exit_code, 0);
}

}  // namespace
}  // namespace zt::testing
