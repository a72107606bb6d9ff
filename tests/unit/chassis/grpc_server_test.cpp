// The gRPC bootstrap in-process on port 0: health, reflection-free calls,
// request ids, and the RPC metrics scraped over HTTP from /metrics.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <grpcpp/grpcpp.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "zt/metrics/metrics.h"
#include "zt/server/grpc_server.h"
#include "zt/testing/echo_service.h"
#include "zt/testing/http.h"

namespace zt::server {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class GrpcServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_ = std::make_shared<prometheus::Registry>();
    exposer_ = std::make_unique<metrics::Exposer>("127.0.0.1:0", registry_);
    server_ = std::make_unique<GrpcServer>(GrpcServerOptions{}, registry_);
    server_->add_service(&echo_);
    server_->set_serving("zt.testing.v1.Echo", true);
    server_->start();
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                   grpc::InsecureChannelCredentials());
  }

  std::string metrics_text() { return zt::testing::http_get("127.0.0.1", exposer_->port(), "/metrics"); }

  grpc::health::v1::HealthCheckResponse::ServingStatus health(const std::string& service) {
    auto stub = grpc::health::v1::Health::NewStub(channel_);
    grpc::health::v1::HealthCheckRequest req;
    req.set_service(service);
    grpc::health::v1::HealthCheckResponse resp;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    EXPECT_TRUE(stub->Check(&ctx, req, &resp).ok());
    return resp.status();
  }

  zt::testing::EchoService echo_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<metrics::Exposer> exposer_;
  std::unique_ptr<GrpcServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(GrpcServerTest, BindsPortZeroAndReportsServing) {
  EXPECT_GT(server_->port(), 0);
  EXPECT_EQ(health(""), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(health("zt.testing.v1.Echo"), grpc::health::v1::HealthCheckResponse::SERVING);
  server_->set_serving("zt.testing.v1.Echo", false);
  EXPECT_EQ(health("zt.testing.v1.Echo"), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
}

TEST_F(GrpcServerTest, MetricsCountRpcsByMethodAndCode) {
  auto stub = zt::testing::v1::Echo::NewStub(channel_);
  zt::testing::v1::EchoRequest req;
  req.set_message("hi");
  zt::testing::v1::EchoResponse resp;
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub->Echo(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.message(), "hi");
  }
  grpc::ClientContext fail_ctx;
  EXPECT_EQ(stub->Fail(&fail_ctx, req, &resp).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  // The interceptor records an RPC when the server has sent its status, which
  // may be just after the client has it: scrape until the last call shows up
  // (bounded), as Prometheus would on its next scrape.
  const std::string fail_line =
      "zt_grpc_server_handled_total{code=\"INVALID_ARGUMENT\",method=\"/zt.testing.v1.Echo/Fail\"} 1";
  std::string text = metrics_text();
  for (int i = 0; i < 100 && text.find(fail_line) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    text = metrics_text();
  }
  EXPECT_THAT(text, HasSubstr("zt_grpc_server_handled_total{code=\"OK\",method=\"/zt.testing.v1.Echo/Echo\"} 2"));
  EXPECT_THAT(text, HasSubstr(
                        "zt_grpc_server_handled_total{code=\"INVALID_ARGUMENT\",method=\"/zt.testing.v1.Echo/Fail\"} 1"));
  EXPECT_THAT(text, HasSubstr("zt_grpc_server_handling_seconds_count{method=\"/zt.testing.v1.Echo/Echo\"} 2"));
  EXPECT_THAT(text, HasSubstr("process_open_fds"));
  EXPECT_THAT(text, HasSubstr("process_start_time_seconds"));
  EXPECT_THAT(text, HasSubstr("process_resident_memory_bytes"));
}

TEST_F(GrpcServerTest, RequestIdIsPropagatedOrGenerated) {
  auto stub = zt::testing::v1::Echo::NewStub(channel_);
  zt::testing::v1::EchoRequest req;
  zt::testing::v1::EchoResponse resp;
  grpc::ClientContext with_id;
  with_id.AddMetadata(kRequestIdHeader, "abc-123");
  ASSERT_TRUE(stub->Echo(&with_id, req, &resp).ok());
  EXPECT_EQ(resp.request_id(), "abc-123");
  auto echoed = with_id.GetServerInitialMetadata().find(kRequestIdHeader);
  ASSERT_NE(echoed, with_id.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), "abc-123");

  grpc::ClientContext without_id;
  ASSERT_TRUE(stub->Echo(&without_id, req, &resp).ok());
  EXPECT_THAT(resp.request_id(), MatchesRegex("[0-9a-f]{32}"));
}

TEST_F(GrpcServerTest, ShutdownStopsAcceptingCalls) {
  server_->shutdown();
  auto stub = zt::testing::v1::Echo::NewStub(channel_);
  zt::testing::v1::EchoRequest req;
  zt::testing::v1::EchoResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  EXPECT_FALSE(stub->Echo(&ctx, req, &resp).ok());
}

TEST(GrpcServerOptionsTest, UnreadableTlsFileIsNamed) {
  GrpcServerOptions o;
  o.tls_cert_file = "/nonexistent/cert.pem";
  o.tls_key_file = "/nonexistent/key.pem";
  GrpcServer server(o, nullptr);
  try {
    server.start();
    ADD_FAILURE() << "started without TLS files";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/"));
  }
}

}  // namespace
}  // namespace zt::server
