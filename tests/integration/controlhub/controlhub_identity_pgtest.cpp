// Tokens, key rotation, device certificates from the org CA, trust anchors.
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include "controlhub_fixture.h"
#include "zt/auth/jws.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/crypto/x509_issuer.h"

namespace zt::controlhub::testing {
namespace {

using Json = nlohmann::json;

X509* read_cert(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return cert;
}

// Plain OpenSSL, independent of zt::crypto: does `leaf` chain to `root`
// through `intermediate` at time `at`?
bool openssl_verifies(const std::string& leaf_pem, const std::string& intermediate_pem, const std::string& root_pem,
                      time_t at) {
  X509* leaf = read_cert(leaf_pem);
  X509* inter = read_cert(intermediate_pem);
  X509* root = read_cert(root_pem);
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, root);
  STACK_OF(X509)* chain = sk_X509_new_null();
  sk_X509_push(chain, inter);
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, leaf, chain);
  X509_STORE_CTX_set_time(ctx, 0, at);
  bool ok = X509_verify_cert(ctx) == 1;
  X509_STORE_CTX_free(ctx);
  sk_X509_free(chain);
  X509_STORE_free(store);
  X509_free(leaf);
  X509_free(inter);
  X509_free(root);
  return ok;
}

std::string csr() { return crypto::create_csr(crypto::generate_x509_private_key(), "my device"); }

class IdentityApiTest : public ControlHubTest {
 protected:
  std::string user(const std::string& org) {
    Reply r = hub_->call("POST", "/v1/orgs/" + org + "/users", root_token_,
                         R"({"email":"carol@example.com","displayName":"Carol"})");
    return r.json()["id"];
  }
  time_t now() const { return std::chrono::system_clock::to_time_t(clock_.now()); }
};

TEST_F(IdentityApiTest, CsrIsAnsweredWithACertificateThatChainsToTheOrgCa) {
  std::string user_id = user(org_);
  auto [device_id, token] = device(org_, user_id);
  Reply r = hub_->call("POST", "/v1/devices/" + device_id + "/certificate", token, Json({{"csr", csr()}}).dump());
  ASSERT_EQ(r.status, 201) << r.body;
  std::string leaf = r.json()["certificatePem"];
  std::vector<std::string> chain = r.json()["chainPem"];
  ASSERT_EQ(chain.size(), 2u);

  // The org CA and the root come from the trust-anchor API, not from the answer.
  Reply anchors = hub_->call("GET", "/v1/orgs/" + org_ + "/trustAnchors", root_token_);
  ASSERT_EQ(anchors.status, 200) << anchors.body;
  std::string org_ca = anchors.json()["internalCaPem"][0];
  std::string root = anchors.json()["internalCaPem"][1];
  EXPECT_TRUE(openssl_verifies(leaf, org_ca, root, now()));

  auto details = crypto::describe_certificate(leaf);
  EXPECT_EQ(details.uri_sans, (std::vector<std::string>{"zt://" + org_ + "/users/" + user_id,
                                                        "zt://" + org_ + "/devices/" + device_id}));
  EXPECT_TRUE(details.digital_signature);
  EXPECT_FALSE(details.key_cert_sign);
  EXPECT_FALSE(details.is_ca);
  EXPECT_LE(details.not_after - details.not_before, std::chrono::hours(25));

  // Another org's CA does not vouch for it.
  std::string other = create_org("elsewhere");
  Reply other_anchors = hub_->call("GET", "/v1/orgs/" + other + "/trustAnchors", root_token_);
  EXPECT_FALSE(openssl_verifies(leaf, other_anchors.json()["internalCaPem"][0], root, now()));
}

TEST_F(IdentityApiTest, CsrForAnotherOrgsDeviceIsRefused) {
  std::string other = create_org("other");
  auto [their_device, their_token] = device(other);
  auto [my_device, my_token] = device(org_);
  int before = audit_count(org_);
  Reply r = hub_->call("POST", "/v1/devices/" + their_device + "/certificate", my_token, Json({{"csr", csr()}}).dump());
  EXPECT_EQ(r.status, 403);
  std::string admin = admin_token(org_, "full_admin");
  EXPECT_EQ(hub_->call("POST", "/v1/devices/" + my_device + "/certificate", admin, Json({{"csr", csr()}}).dump()).status,
            403);
  EXPECT_EQ(audit_count(org_), before + 1);  // only the admin creation
  int issued = hub_->pool().run([](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return tx.exec("SELECT count(*) FROM issued_certificates")[0][0].as<int>();
  });
  EXPECT_EQ(issued, 0);
}

TEST_F(IdentityApiTest, GarbageCsrGets400) {
  auto [device_id, token] = device(org_);
  Reply r = hub_->call("POST", "/v1/devices/" + device_id + "/certificate", token, R"({"csr":"hello"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["field"], "csr");
}

TEST_F(IdentityApiTest, CaKeysAndSigningKeysAreSealedAtRest) {
  auto [device_id, token] = device(org_);
  ASSERT_EQ(hub_->call("POST", "/v1/devices/" + device_id + "/certificate", token, Json({{"csr", csr()}}).dump())
                .status,
            201);
  auto blobs = hub_->pool().run([](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<std::string> out;
    for (const auto& row : tx.exec("SELECT encode(sealed_key, 'hex') FROM certificate_authorities")) {
      out.push_back(row[0].as<std::string>());
    }
    return out;
  });
  ASSERT_EQ(blobs.size(), 2u);  // root + this org
  for (const auto& hex : blobs) {
    // A PKCS#8 Ed25519 key starts 302e020100300506032b6570; a sealed one does not.
    EXPECT_EQ(hex.find("302e020100300506032b6570"), std::string::npos);
  }
}

TEST_F(IdentityApiTest, RotationKeepsOldTokensValidAndPublishesBothKeys) {
  std::string old_token = admin_token(org_, "full_admin");
  Reply rot = hub_->call("POST", "/v1/signingKeys/rotate", root_token_);
  ASSERT_EQ(rot.status, 201) << rot.body;
  std::string new_token = admin_token(org_, "full_admin");
  EXPECT_EQ(hub_->call("GET", settings_path("calling"), old_token).status, 200);
  EXPECT_EQ(hub_->call("GET", settings_path("calling"), new_token).status, 200);
  auto jwks = auth::JwkSet::parse(hub_->call("GET", "/v1/.well-known/jwks.json", "").body);
  ASSERT_TRUE(jwks.has_value());
  EXPECT_EQ(jwks->keys().size(), 2u);
  EXPECT_NE(jwks->find(rot.json()["kid"].get<std::string>()), nullptr);
  auto verified = auth::verify_jws(new_token, *jwks);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->kid, rot.json()["kid"]);
  std::string ro = admin_token(org_, "read_only_admin");
  EXPECT_EQ(hub_->call("POST", "/v1/signingKeys/rotate", ro).status, 403);
}

TEST_F(IdentityApiTest, TokenEndpointRefusesBadClients) {
  EXPECT_EQ(http(hub_->port(), "POST", "/v1/oauth/token", "grant_type=client_credentials&client_id=x&client_secret=y",
                 {{"Content-Type", "application/x-www-form-urlencoded"}})
                .status,
            401);
  EXPECT_EQ(http(hub_->port(), "POST", "/v1/oauth/token", "grant_type=password&client_id=x&client_secret=y",
                 {{"Content-Type", "application/x-www-form-urlencoded"}})
                .status,
            400);
  Reply d = hub_->call("POST", "/v1/orgs/" + org_ + "/devices", root_token_,
                       R"({"kind":"mobile","e2eeCapable":true,"displayName":"phone"})");
  Json body{{"grant_type", "client_credentials"}, {"client_id", d.json()["clientId"]}, {"client_secret", "wrong"}};
  EXPECT_EQ(http(hub_->port(), "POST", "/v1/oauth/token", body.dump(), {{"Content-Type", "application/json"}}).status,
            401);
  body["client_secret"] = d.json()["clientSecret"];
  Reply ok = http(hub_->port(), "POST", "/v1/oauth/token", body.dump(), {{"Content-Type", "application/json"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto jwks = auth::JwkSet::parse(hub_->call("GET", "/v1/.well-known/jwks.json", "").body);
  auto claims = auth::parse_claims(auth::verify_jws(ok.json()["access_token"].get<std::string>(), *jwks)->payload);
  ASSERT_TRUE(claims.has_value());
  EXPECT_EQ(claims->device_id, d.json()["id"]);
  EXPECT_EQ(claims->org_id, org_);
  EXPECT_TRUE(claims->has_role("device"));
}

TEST_F(IdentityApiTest, TrustedExternalCasUploadListDelete) {
  auto key = crypto::generate_x509_private_key();
  auto t = clock_.now();
  std::string ca = crypto::create_root_ca(key, {"Partner Root", "Partner", t, t + std::chrono::hours(24 * 365), -1});
  Reply up = hub_->call("POST", "/v1/orgs/" + org_ + "/trustedCas", root_token_, Json({{"pem", ca}}).dump());
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.json()["subject"], "CN=Partner Root,O=Partner");
  Reply list = hub_->call("GET", "/v1/orgs/" + org_ + "/trustedCas", root_token_);
  ASSERT_EQ(list.json()["items"].size(), 1u);
  Reply anchors = hub_->call("GET", "/v1/orgs/" + org_ + "/trustAnchors", root_token_);
  EXPECT_EQ(anchors.json()["externalCaPem"][0], ca);
  EXPECT_EQ(hub_->call("POST", "/v1/orgs/" + org_ + "/trustedCas", root_token_, R"({"pem":"junk"})").json()["field"],
            "pem");
  std::string id = up.json()["id"];
  EXPECT_EQ(hub_->call("DELETE", "/v1/orgs/" + org_ + "/trustedCas/" + id, root_token_).status, 204);
  EXPECT_EQ(hub_->call("DELETE", "/v1/orgs/" + org_ + "/trustedCas/" + id, root_token_).status, 404);
  EXPECT_EQ(hub_->call("GET", "/v1/orgs/" + org_ + "/trustedCas", root_token_).json()["items"].size(), 0u);
}

}  // namespace
}  // namespace zt::controlhub::testing
