#include "delivery_fixture.h"

#include "delivery_key_package.h"
#include "zt/mls/key_package_validation.h"
#include "zt/pg/migrations.h"

namespace zt::delivery::testing {

std::string to_string(BytesView b) { return std::string(b.begin(), b.end()); }
Bytes to_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

TokenAuthority::TokenAuthority(const Clock& clock)
    : clock_(clock),
      signer_(std::make_shared<auth::JwsSigner>(auth::JwsSigner::generate("test-ch"))) {}

std::string TokenAuthority::sign(const auth::Claims& claims) const {
  return signer_->sign(auth::claims_to_json(claims));
}

std::string TokenAuthority::device_token(const std::string& org, const std::string& device,
                                         const std::string& user, std::chrono::seconds ttl) const {
  auth::Claims c;
  c.subject = "client-" + device;
  c.org_id = org;
  c.roles = {std::string(auth::kRoleDevice)};
  c.device_id = device;
  c.user_id = user;
  c.issued_at = std::chrono::time_point_cast<std::chrono::seconds>(clock_.now());
  c.expires_at = c.issued_at + ttl;
  return sign(c);
}

std::string TokenAuthority::admin_token(const std::string& org) const {
  auth::Claims c;
  c.subject = "admin";
  c.org_id = org;
  c.roles = {std::string(auth::kRoleFullAdmin)};
  c.issued_at = std::chrono::time_point_cast<std::chrono::seconds>(clock_.now());
  c.expires_at = c.issued_at + std::chrono::hours(1);
  return sign(c);
}

auth::JwksFetcher TokenAuthority::fetcher() const {
  auto signer = signer_;
  return [signer] {
    return std::optional<std::string>(auth::JwkSet({signer->public_jwk()}).to_json());
  };
}

Replica::Replica(const std::string& db_uri, const Clock& clock, const TokenAuthority& tokens,
                 redis::Client* redis, std::optional<redis::Options> subscribe,
                 DeliveryOptions options)
    : registry_(std::make_shared<prometheus::Registry>()) {
  pg::PoolOptions po;
  po.uri = db_uri;
  po.size = 8;
  pool_ = std::make_unique<pg::Pool>(po);
  pool_->run([](pqxx::connection& c) { pg::migrate(c, "delivery", delivery_migrations()); });
  if (!options.jwks) options.jwks = tokens.fetcher();
  app_ = std::make_unique<DeliveryApp>(*pool_, redis, std::move(subscribe), clock,
                                       std::move(options), registry_.get());
  service_ = app_->make_grpc_service();
  server_ = std::make_unique<server::GrpcServer>(server::GrpcServerOptions{}, registry_);
  server_->add_service(service_.get());
  server_->start();
}

Replica::~Replica() { drain(); }

void Replica::drain() {
  if (!server_) return;
  app_->stop_streams();
  server_->shutdown();
  server_.reset();
}

std::unique_ptr<v1::Delivery::Stub> Replica::stub() const {
  return v1::Delivery::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                                   grpc::InsecureChannelCredentials()));
}

std::unique_ptr<grpc::ClientContext> context_for(const std::string& token) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return ctx;
}

mls::KeyPackageBundle key_package(const Device& device, bool last_resort, mls::Lifetime lifetime) {
  return device_key_package(device.credential, kSuite, last_resort, lifetime);
}

void DeliveryTest::SetUp() {
  db_ = std::make_unique<zt::testing::TempDatabase>();
  ds_ = std::make_unique<Replica>(db_->uri(), clock_, tokens_);
  stub_ = ds_->stub();
}

void DeliveryTest::TearDown() {
  stub_.reset();
  ds_.reset();
  db_.reset();
}

Device DeliveryTest::device(const std::string& org) {
  Device d;
  d.org = org;
  d.id = "dev-" + std::to_string(++devices_);
  d.token = tokens_.device_token(org, d.id);
  d.credential = device_credential(org, d.id);
  return d;
}

mls::Group DeliveryTest::create_group(const Device& host, const std::string& group_id,
                                      v1::Group* created) {
  auto me = key_package(host);
  mls::Group group = mls::Group::create(to_bytes(group_id), me);
  v1::CreateGroupRequest req;
  req.set_group_id(group_id);
  req.set_cipher_suite(kSuite);
  req.set_type(v1::MEETING_TYPE_E2EE);
  req.set_kind(v1::GROUP_KIND_SCHEDULED_MEETING);
  req.set_group_info(to_string(mls::encode(group.group_info())));
  v1::Group out;
  auto ctx = context_for(host.token);
  grpc::Status st = stub_->CreateGroup(ctx.get(), req, &out);
  EXPECT_TRUE(st.ok()) << st.error_message();
  if (created) *created = out;
  return group;
}

grpc::Status DeliveryTest::upload(const Device& d, const std::vector<mls::KeyPackage>& packages,
                                  v1::UploadKeyPackagesResponse* out) {
  v1::UploadKeyPackagesRequest req;
  req.set_cipher_suite(kSuite);
  for (const auto& kp : packages) req.add_key_packages(to_string(mls::encode(kp)));
  v1::UploadKeyPackagesResponse ignored;
  auto ctx = context_for(d.token);
  return stub_->UploadKeyPackages(ctx.get(), req, out ? out : &ignored);
}

grpc::Status DeliveryTest::commit(const Device& d, const Bytes& group_id,
                                  const mls::MlsMessage& commit, const mls::MlsMessage& group_info,
                                  v1::SendCommitResponse* out,
                                  const std::optional<mls::MlsMessage>& welcome,
                                  grpc::ClientContext* ctx) {
  v1::SendCommitRequest req;
  req.set_group_id(to_string(group_id));
  req.set_commit(to_string(mls::encode(commit)));
  req.set_group_info(to_string(mls::encode(group_info)));
  if (welcome) req.set_welcome(to_string(mls::encode(*welcome)));
  v1::SendCommitResponse ignored;
  std::unique_ptr<grpc::ClientContext> own;
  if (ctx == nullptr) {
    own = context_for(d.token);
    ctx = own.get();
  }
  return stub_->SendCommit(ctx, req, out ? out : &ignored);
}

}  // namespace zt::delivery::testing
