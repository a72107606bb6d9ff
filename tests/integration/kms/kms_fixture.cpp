#include "kms_fixture.h"

#include "zt/base/clock.h"
#include "session_identity.h"
#include "zt/crypto/x509_issuer.h"
#include "zt/pg/migrations.h"

namespace zt::kms::testing {

TokenAuthority::TokenAuthority()
    : signer_(std::make_shared<auth::JwsSigner>(auth::JwsSigner::generate("test-ch"))) {}

std::string TokenAuthority::sign(const std::string& subject, const std::string& org,
                                 std::vector<std::string> roles, const std::string& user) const {
  auth::Claims c;
  c.subject = subject;
  c.org_id = org;
  c.roles = std::move(roles);
  c.user_id = user;
  if (!user.empty()) c.device_id = "device-" + user;
  c.issued_at =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  c.expires_at = c.issued_at + std::chrono::hours(1);
  return signer_->sign(auth::claims_to_json(c));
}

std::string TokenAuthority::user_token(const std::string& org, const std::string& user) const {
  return sign("client-" + user, org, {std::string(auth::kRoleDevice)}, user);
}

std::string TokenAuthority::service_token(const std::string& org, const std::string& role) const {
  std::vector<std::string> roles{std::string(auth::kRoleService)};
  if (!role.empty()) roles.push_back(role);
  return sign("svc-" + (role.empty() ? std::string("plain") : role), org, roles, "");
}

std::string TokenAuthority::deployment_admin_token() const {
  return sign("ops", "org-ops", {std::string(auth::kRoleDeploymentAdmin)}, "");
}

auth::JwksFetcher TokenAuthority::fetcher() const {
  auto signer = signer_;
  return [signer] {
    return std::optional<std::string>(auth::JwkSet({signer->public_jwk()}).to_json());
  };
}

TestKmsIdentity::TestKmsIdentity() : seed(32) {
  const auto now = std::chrono::system_clock::now();
  const auto until = now + std::chrono::hours(24);
  crypto::SecretBytes root_key = crypto::generate_x509_private_key();
  root_pem = crypto::create_root_ca(root_key, {"zt test root", "", now - std::chrono::hours(1),
                                               until, -1});
  crypto::SecretBytes org_key = crypto::generate_x509_private_key();
  std::string org_pem = crypto::issue_intermediate_ca(
      org_key, {"zt org CA org-a", "org-a", now - std::chrono::hours(1), until, 0}, root_pem,
      root_key);
  crypto::SystemRandom::instance().fill(seed.reveal_mutable());
  certificate_pem = issue_kms_certificate(seed, "kms.test", org_pem, org_key, until) + org_pem;
}

const TestKmsIdentity& test_kms_identity() {
  static const TestKmsIdentity identity;
  return identity;
}

KmsServer::KmsServer(const std::string& db_uri, const TokenAuthority& tokens,
                     const std::string& master_key_file, std::chrono::milliseconds cache_ttl,
                     const std::function<void(KmsOptions&)>& configure)
    : registry_(std::make_shared<prometheus::Registry>()) {
  pg::PoolOptions po;
  po.uri = db_uri;
  po.size = 8;
  pool_ = std::make_unique<pg::Pool>(po);
  pool_->run([](pqxx::connection& c) { pg::migrate(c, "kms", kms_migrations()); });
  KmsOptions options;
  options.domain = "kms.test";
  options.master_key_file = crypto::SecretBytes(as_bytes(master_key_file));
  options.jwks = tokens.fetcher();
  options.key_cache_ttl = cache_ttl;
  options.identity = {test_kms_identity().seed, test_kms_identity().certificate_pem};
  if (configure) configure(options);
  app_ = std::make_unique<KmsApp>(*pool_, SystemClock::instance(), crypto::SystemRandom::instance(),
                                  std::move(options), registry_.get());
  service_ = app_->make_grpc_service();
  server_ = std::make_unique<server::GrpcServer>(server::GrpcServerOptions{}, registry_);
  server_->add_service(service_.get());
  server_->start();
}

KmsServer::~KmsServer() { server_->shutdown(); }

std::unique_ptr<v1::Kms::Stub> KmsServer::stub() const {
  return v1::Kms::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                              grpc::InsecureChannelCredentials()));
}

void KmsTest::SetUp() {
  db_ = std::make_unique<zt::testing::TempDatabase>();
  start(kMasterV1);
}

void KmsTest::start(const std::string& master_key_file, std::chrono::milliseconds cache_ttl,
                    const std::function<void(KmsOptions&)>& configure) {
  {
    std::lock_guard lock(sessions_mu_);
    sessions_.clear();
  }
  stub_.reset();
  kms_.reset();
  kms_ = std::make_unique<KmsServer>(db_->uri(), tokens_, master_key_file, cache_ttl, configure);
  stub_ = kms_->stub();
}

std::unique_ptr<grpc::ClientContext> KmsTest::as(const std::string& token) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + token);
  return ctx;
}

v1::Key KmsTest::create_key(const std::string& token) {
  v1::CreateKeysRequest req;
  req.set_count(1);
  v1::CreateKeysResponse out;
  grpc::Status s = sealed(token).call("CreateKeys", req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out.keys_size() ? out.keys(0) : v1::Key{};
}

v1::Resource KmsTest::create_resource(const std::string& token,
                                      const std::vector<std::string>& key_uris,
                                      v1::ResourceMode mode,
                                      const std::vector<std::string>& principals) {
  v1::CreateResourceRequest req;
  for (const auto& k : key_uris) req.add_key_uris(k);
  for (const auto& p : principals) req.add_authorized_principals(p);
  req.set_mode(mode);
  v1::Resource out;
  grpc::Status s = stub_->CreateResource(as(token).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

grpc::Status KmsTest::retrieve(const std::string& token, const std::string& key_uri,
                               v1::RetrieveKeysResponse* out, const std::string& purpose) {
  v1::RetrieveKeysRequest req;
  req.add_key_uris(key_uri);
  req.set_purpose(purpose);
  return sealed(token).call("RetrieveKeys", req, out);
}

SealedSession& KmsTest::sealed(const std::string& token) {
  std::lock_guard lock(sessions_mu_);
  auto& session = sessions_[token];
  if (!session) {
    grpc::Status s = SealedSession::open(*stub_, token, test_kms_identity().trust(), &session);
    if (!s.ok()) throw std::runtime_error("OpenSession: " + s.error_message());
  }
  return *session;
}

}  // namespace zt::kms::testing
