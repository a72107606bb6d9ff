// TLS and mTLS from PEM files: a client that trusts the CA connects; under
// mTLS a client without a certificate is refused and one with a certificate
// signed by the configured CA is accepted.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <grpcpp/grpcpp.h>

#include "zt/server/grpc_server.h"
#include "zt/testing/echo_service.h"
#include "zt/testing/env.h"

namespace zt::server {
namespace {

std::string testdata(const std::string& name) {
  return zt::testing::require_env("ZT_SOURCE_DIR") + "/tests/unit/chassis/testdata/" + name;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

grpc::StatusCode call_echo(int port, const grpc::SslCredentialsOptions& creds) {
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  auto channel = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port), grpc::SslCredentials(creds), args);
  auto stub = zt::testing::v1::Echo::NewStub(channel);
  zt::testing::v1::EchoRequest req;
  req.set_message("over tls");
  zt::testing::v1::EchoResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::Status st = stub->Echo(&ctx, req, &resp);
  if (st.ok()) {
    EXPECT_EQ(resp.message(), "over tls");
  }
  return st.error_code();
}

GrpcServerOptions tls_options() {
  GrpcServerOptions o;
  o.tls_cert_file = testdata("server.pem");
  o.tls_key_file = testdata("server.key");
  return o;
}

TEST(TlsTest, ServerTlsAcceptsClientsTrustingTheCa) {
  zt::testing::EchoService echo;
  GrpcServer server(tls_options(), nullptr);
  server.add_service(&echo);
  server.start();
  grpc::SslCredentialsOptions creds;
  creds.pem_root_certs = read(testdata("ca.pem"));
  EXPECT_EQ(call_echo(server.port(), creds), grpc::StatusCode::OK);
  // A plaintext client cannot talk to it.
  auto plain = grpc::CreateChannel("127.0.0.1:" + std::to_string(server.port()), grpc::InsecureChannelCredentials());
  zt::testing::v1::EchoRequest req;
  zt::testing::v1::EchoResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  EXPECT_FALSE(zt::testing::v1::Echo::NewStub(plain)->Echo(&ctx, req, &resp).ok());
}

TEST(TlsTest, MutualTlsRequiresAClientCertificateFromTheCa) {
  zt::testing::EchoService echo;
  GrpcServerOptions o = tls_options();
  o.tls_client_ca_file = testdata("ca.pem");
  GrpcServer server(o, nullptr);
  server.add_service(&echo);
  server.start();
  grpc::SslCredentialsOptions anonymous;
  anonymous.pem_root_certs = read(testdata("ca.pem"));
  EXPECT_NE(call_echo(server.port(), anonymous), grpc::StatusCode::OK);
  grpc::SslCredentialsOptions with_cert = anonymous;
  with_cert.pem_cert_chain = read(testdata("client.pem"));
  with_cert.pem_private_key = read(testdata("client.key"));
  EXPECT_EQ(call_echo(server.port(), with_cert), grpc::StatusCode::OK);
}

TEST(TlsTest, HalfConfiguredTlsIsAConfigError) {
  GrpcServerOptions o;
  o.tls_cert_file = testdata("server.pem");
  GrpcServer server(o, nullptr);
  EXPECT_THROW(server.start(), config::ConfigError);
}

}  // namespace
}  // namespace zt::server
