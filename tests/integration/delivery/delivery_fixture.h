// An in-process Delivery Service on a fresh PostgreSQL database (per test),
// gRPC on port 0, with a test token authority standing in for Control Hub:
// real Ed25519 tokens (common/auth) whose JWKS the service's TokenVerifier
// fetches. Helpers make real KeyPackages and MLS groups (common/mls).
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "delivery_app.h"
#include "zt/auth/jws.h"
#include "zt/base/clock.h"
#include "zt/delivery/v1/delivery.grpc.pb.h"
#include "zt/mls/group.h"
#include "zt/mls/key_package_bundle.h"
#include "zt/pg/pool.h"
#include "zt/server/grpc_server.h"
#include "zt/testing/postgres.h"

namespace zt::delivery::testing {

inline constexpr uint16_t kSuite = 1;  // MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519

// Signs Control Hub-shaped bearer tokens and serves their JWKS.
class TokenAuthority {
 public:
  explicit TokenAuthority(const Clock& clock);
  std::string device_token(const std::string& org, const std::string& device,
                           const std::string& user = "u1",
                           std::chrono::seconds ttl = std::chrono::seconds(3600)) const;
  std::string admin_token(const std::string& org) const;
  auth::JwksFetcher fetcher() const;
  std::string sign(const auth::Claims& claims) const;

 private:
  const Clock& clock_;
  std::shared_ptr<auth::JwsSigner> signer_;
};

// One Delivery Service replica on `db_uri` (its own pool and app).
class Replica {
 public:
  Replica(const std::string& db_uri, const Clock& clock, const TokenAuthority& tokens,
          redis::Client* redis = nullptr, std::optional<redis::Options> subscribe = std::nullopt,
          DeliveryOptions options = {});
  ~Replica();

  DeliveryApp& app() { return *app_; }
  pg::Pool& pool() { return *pool_; }
  prometheus::Registry& registry() { return *registry_; }
  int port() const { return server_->port(); }
  std::unique_ptr<v1::Delivery::Stub> stub() const;
  // Drain as the chassis does: streams end, then the server stops.
  void drain();

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<DeliveryApp> app_;
  std::unique_ptr<DeliveryGrpcService> service_;
  std::unique_ptr<server::GrpcServer> server_;
};

// A device: its token and its MLS identity (basic credential with its URI).
struct Device {
  std::string org;
  std::string id;
  std::string token;
  mls::Credential credential;
};

// A ClientContext with the device's bearer token.
std::unique_ptr<grpc::ClientContext> context_for(const std::string& token);

mls::KeyPackageBundle key_package(const Device& device, bool last_resort = false,
                                  mls::Lifetime lifetime = {0, ~uint64_t{0}});

class DeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  Device device(const std::string& org = "org-a");
  // Creates an e2ee scheduled meeting hosted by `host`; returns the MLS group.
  mls::Group create_group(const Device& host, const std::string& group_id,
                          v1::Group* created = nullptr);

  grpc::Status upload(const Device& d, const std::vector<mls::KeyPackage>& packages,
                      v1::UploadKeyPackagesResponse* out = nullptr);
  // Sends `commit` with the committer's GroupInfo of the new epoch (and a Welcome).
  grpc::Status commit(const Device& d, const Bytes& group_id, const mls::MlsMessage& commit,
                      const mls::MlsMessage& group_info, v1::SendCommitResponse* out = nullptr,
                      const std::optional<mls::MlsMessage>& welcome = {},
                      grpc::ClientContext* ctx = nullptr);

  ManualClock clock_;
  TokenAuthority tokens_{clock_};
  std::unique_ptr<zt::testing::TempDatabase> db_;
  std::unique_ptr<Replica> ds_;
  std::unique_ptr<v1::Delivery::Stub> stub_;
  int devices_ = 0;
};

std::string to_string(BytesView b);
Bytes to_bytes(const std::string& s);

}  // namespace zt::delivery::testing
