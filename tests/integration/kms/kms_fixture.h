// An in-process KMS on a fresh PostgreSQL database (per test), gRPC on port
// 0, with a test token authority standing in for Control Hub: real Ed25519
// bearer tokens (common/auth) whose JWKS the KMS's TokenVerifier fetches.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <string>

#include "kms_app.h"
#include "zt/auth/jws.h"
#include "zt/kms/sealed_session.h"
#include "zt/kms/v1/kms.grpc.pb.h"
#include "zt/server/grpc_server.h"
#include "zt/testing/postgres.h"

namespace zt::kms::testing {

inline const std::string kMasterV1 = "1:" + std::string(64, '1') + "\n";
inline const std::string kMasterV2 = "2:" + std::string(64, '2') + "\n";

// Signs Control Hub-shaped bearer tokens and serves their JWKS.
class TokenAuthority {
 public:
  TokenAuthority();
  std::string user_token(const std::string& org, const std::string& user) const;
  // roles {"service", role} (role empty: a plain service principal).
  std::string service_token(const std::string& org, const std::string& role) const;
  std::string deployment_admin_token() const;
  auth::JwksFetcher fetcher() const;

 private:
  std::string sign(const std::string& subject, const std::string& org,
                   std::vector<std::string> roles, const std::string& user) const;
  std::shared_ptr<auth::JwsSigner> signer_;
};

// An org CA (root, then an org intermediate) and the KMS identity it
// certified (URI SAN zt:kms:kms.test): what Control Hub's org CA would issue.
struct TestKmsIdentity {
  TestKmsIdentity();
  std::string root_pem;
  crypto::SecretBytes seed;
  std::string certificate_pem;  // leaf, then the org intermediate
  KmsTrust trust() const { return {{root_pem}, "kms.test"}; }
};
const TestKmsIdentity& test_kms_identity();

// One KMS (its own pool, app and gRPC server) on `db_uri`.
class KmsServer {
 public:
  // `configure` (may be empty) adjusts the options last (an HSM, ...).
  KmsServer(const std::string& db_uri, const TokenAuthority& tokens,
            const std::string& master_key_file, std::chrono::milliseconds cache_ttl,
            const std::function<void(KmsOptions&)>& configure = {});
  ~KmsServer();

  KmsApp& app() { return *app_; }
  pg::Pool& pool() { return *pool_; }
  prometheus::Registry& registry() { return *registry_; }
  std::unique_ptr<v1::Kms::Stub> stub() const;
  int port() const { return server_->port(); }

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<KmsApp> app_;
  std::unique_ptr<KmsGrpcService> service_;
  std::unique_ptr<server::GrpcServer> server_;
};

class KmsTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void start(const std::string& master_key_file,
             std::chrono::milliseconds cache_ttl = std::chrono::milliseconds(60'000),
             const std::function<void(KmsOptions&)>& configure = {});

  std::unique_ptr<grpc::ClientContext> as(const std::string& token) const;
  v1::Key create_key(const std::string& token);
  v1::Resource create_resource(const std::string& token, const std::vector<std::string>& key_uris,
                               v1::ResourceMode mode,
                               const std::vector<std::string>& principals = {});
  grpc::Status retrieve(const std::string& token, const std::string& key_uri,
                        v1::RetrieveKeysResponse* out, const std::string& purpose = "");
  // A sealed session of `token`'s principal on the current KMS (one per
  // token, opened on first use).
  SealedSession& sealed(const std::string& token);

  TokenAuthority tokens_;
  std::unique_ptr<zt::testing::TempDatabase> db_;
  std::unique_ptr<KmsServer> kms_;
  std::unique_ptr<v1::Kms::Stub> stub_;
  std::mutex sessions_mu_;
  std::map<std::string, std::unique_ptr<SealedSession>> sessions_;
};

}  // namespace zt::kms::testing
