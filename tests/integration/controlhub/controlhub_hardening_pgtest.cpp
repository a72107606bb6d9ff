// Regression tests for the attacks of issue 12 on Control Hub's REST API:
// each reproduces the attack and asserts what the attacker now sees.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "controlhub_fixture.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/crypto/x509_issuer.h"

namespace zt::controlhub::testing {
namespace {

using Json = nlohmann::json;

class HardeningTest : public ControlHubTest {
 protected:
  struct Admin {
    std::string client_id, secret, token;
  };
  Admin create_admin(const std::string& org, const std::string& role) {
    Reply r = hub_->call("POST", "/v1/orgs/" + org + "/admins", root_token_,
                         Json{{"role", role}, {"displayName", role}}.dump());
    if (r.status != 201) throw std::runtime_error("admin creation failed: " + r.body);
    std::string id = r.json()["clientId"], secret = r.json()["clientSecret"];
    return {id, secret, hub_->token(id, secret)};
  }
  Json bootstrap() const {
    std::ifstream in(dir_ / "bootstrap-admin.json");
    return Json::parse(in);
  }
  std::string admins_path(const std::string& org) const { return "/v1/orgs/" + org + "/admins"; }
};

// Point 8: NUL and invalid UTF-8 reached PostgreSQL and came back as 500; a
// client_id with an embedded NUL plus the right secret got a token.
TEST_F(HardeningTest, NulAndInvalidUtf8Get400NamingTheFieldAndStoreNothing) {
  int before = audit_count(org_);
  Reply nul = hub_->call("POST", "/v1/orgs/" + org_ + "/users", root_token_,
                         R"({"email":"a@example.com","displayName":"A\u0000B"})");
  EXPECT_EQ(nul.status, 400) << nul.body;
  EXPECT_EQ(nul.json()["field"], "displayName");
  Reply path = hub_->call("DELETE", admins_path(org_) + "/%ff", root_token_);
  EXPECT_EQ(path.status, 400) << path.body;
  EXPECT_EQ(path.json()["field"], "clientId");
  EXPECT_EQ(hub_->call("DELETE", admins_path(org_) + "/adm%00x", root_token_).json()["field"],
            "clientId");
  Reply query = hub_->call("GET", "/v1/orgs/" + org_ + "/auditEvents?limit=%c0%af", root_token_);
  EXPECT_EQ(query.status, 400) << query.body;
  EXPECT_EQ(query.json()["field"], "limit");
  Reply key =
      hub_->call("POST", "/v1/orgs/" + org_ + "/users", root_token_,
                 R"({"email":"b@example.com","displayName":"B"})", {{"Idempotency-Key", "k\xff"}});
  EXPECT_EQ(key.status, 400) << key.body;
  EXPECT_EQ(audit_count(org_), before);

  Json boot = bootstrap();
  std::string id = boot["clientId"], secret = boot["clientSecret"];
  Json body{{"grant_type", "client_credentials"},
            {"client_id", id + std::string("\0junk", 5)},
            {"client_secret", secret}};
  Reply json_token = http(hub_->port(), "POST", "/v1/oauth/token", body.dump(),
                          {{"Content-Type", "application/json"}});
  EXPECT_EQ(json_token.status, 400) << json_token.body;
  EXPECT_EQ(json_token.json()["field"], "client_id");
  Reply form_token =
      http(hub_->port(), "POST", "/v1/oauth/token",
           "grant_type=client_credentials&client_id=" + id + "%00junk&client_secret=" + secret,
           {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form_token.status, 400) << form_token.body;
  EXPECT_EQ(form_token.json()["field"], "client_id");
}

TEST_F(HardeningTest, LengthsAreCountedInCharacters) {
  std::string name;
  for (int i = 0; i < 200; ++i) name += "\xc3\xa9";  // 200 x U+00E9: 400 bytes
  Reply ok = hub_->call("POST", "/v1/orgs/" + org_ + "/users", root_token_,
                        Json{{"email", "e@example.com"}, {"displayName", name}}.dump());
  EXPECT_EQ(ok.status, 201) << ok.body;
  Reply longer = hub_->call("POST", "/v1/orgs/" + org_ + "/users", root_token_,
                            Json{{"email", "f@example.com"}, {"displayName", name + "e"}}.dump());
  EXPECT_EQ(longer.status, 400);
  EXPECT_EQ(longer.json()["field"], "displayName");
}

// Point 6: a plain full_admin deleted the bootstrap deployment admin, and a
// full_admin could delete itself, leaving nobody to manage the org.
TEST_F(HardeningTest, TheLastAdminsCannotBeDeletedAndOnlyADeploymentAdminDeletesOne) {
  std::string root_id = bootstrap()["clientId"];
  Admin full = create_admin(org_, "full_admin");
  int before = audit_count(org_);
  Reply by_org_admin = hub_->call("DELETE", admins_path(org_) + "/" + root_id, full.token);
  EXPECT_EQ(by_org_admin.status, 403) << by_org_admin.body;
  Reply last_deployment = hub_->call("DELETE", admins_path(org_) + "/" + root_id, root_token_);
  EXPECT_EQ(last_deployment.status, 409) << last_deployment.body;
  EXPECT_NE(last_deployment.json()["message"].get<std::string>().find("last deployment admin"),
            std::string::npos);
  EXPECT_EQ(audit_count(org_), before);

  std::string other = create_org("other org");
  Admin alone = create_admin(other, "full_admin");
  Reply self = hub_->call("DELETE", admins_path(other) + "/" + alone.client_id, alone.token);
  EXPECT_EQ(self.status, 409) << self.body;
  EXPECT_NE(self.json()["message"].get<std::string>().find("last full_admin"), std::string::npos);
  EXPECT_EQ(hub_->call("DELETE", admins_path(other) + "/" + alone.client_id, root_token_).status,
            409);
  Admin second = create_admin(other, "full_admin");
  EXPECT_EQ(hub_->call("DELETE", admins_path(other) + "/" + alone.client_id, alone.token).status,
            204);
  EXPECT_EQ(hub_->call("DELETE", admins_path(other) + "/" + second.client_id, root_token_).status,
            409);
  Reply listed = hub_->call("GET", admins_path(other), root_token_);
  ASSERT_EQ(listed.json()["items"].size(), 1u);
  EXPECT_EQ(listed.json()["items"][0]["clientId"], second.client_id);
}

TEST_F(HardeningTest, TwoFullAdminsDeletingEachOtherAtOnceLeaveOne) {
  for (int round = 0; round < 10; ++round) {
    std::string org = create_org("race " + std::to_string(round));
    Admin p = create_admin(org, "full_admin"), q = create_admin(org, "full_admin");
    int by_p = 0, by_q = 0;
    std::thread t(
        [&] { by_p = hub_->call("DELETE", admins_path(org) + "/" + q.client_id, p.token).status; });
    by_q = hub_->call("DELETE", admins_path(org) + "/" + p.client_id, q.token).status;
    t.join();
    EXPECT_EQ((by_p == 204) + (by_q == 204), 1) << by_p << " " << by_q;
    EXPECT_EQ(hub_->call("GET", admins_path(org), root_token_).json()["items"].size(), 1u);
  }
}

// Point 4: a deleted admin's token kept working for the rest of its hour (it
// created a new full_admin), and a correctly signed token whose subject no
// longer exists was accepted.
TEST_F(HardeningTest, ADeletedAdminsTokenIsRefusedAtOnce) {
  Admin doomed = create_admin(org_, "full_admin");
  ASSERT_EQ(hub_->call("GET", settings_path("calling"), doomed.token).status,
            200);  // cached as active
  ASSERT_EQ(hub_->call("DELETE", admins_path(org_) + "/" + doomed.client_id, root_token_).status,
            204);
  Reply after = hub_->call("POST", admins_path(org_), doomed.token,
                           R"({"role":"full_admin","displayName":"mine"})");
  EXPECT_EQ(after.status, 401) << after.body;
  EXPECT_EQ(after.json()["code"], "unauthenticated");
  EXPECT_EQ(hub_->call("GET", admins_path(org_), root_token_).json()["items"].size(), 1u);

  Reply d = hub_->call("POST", "/v1/orgs/" + org_ + "/devices", root_token_,
                       R"({"kind":"mobile","e2eeCapable":true,"displayName":"phone"})");
  ASSERT_EQ(d.status, 201);
  std::string device_token = hub_->token(d.json()["clientId"], d.json()["clientSecret"]);
  std::string device_id = d.json()["id"];
  ASSERT_EQ(hub_->call("GET", "/v1/orgs/" + org_ + "/trustAnchors", device_token).status, 200);
  ASSERT_EQ(hub_->call("DELETE", "/v1/orgs/" + org_ + "/devices/" + device_id, root_token_).status,
            204);
  EXPECT_EQ(hub_->call("GET", "/v1/orgs/" + org_ + "/trustAnchors", device_token).status, 401);
}

TEST_F(HardeningTest, ASignedTokenWhoseSubjectDoesNotExistIsRefused) {
  auth::Claims ghost;
  ghost.subject = "adm_00000000000000000000dead";
  ghost.org_id = org_;
  ghost.roles = {"full_admin", "deployment_admin"};
  std::string token = hub_->app().tokens().issue(ghost);  // signed with the real key
  Reply r = hub_->call("GET", settings_path("calling"), token);
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(hub_->call("POST", "/v1/orgs", token, R"({"name":"ghost org"})").status, 401);
}

TEST_F(HardeningTest, ADisabledPrincipalGetsNoTokenAndItsTokenStopsWorking) {
  Admin admin = create_admin(org_, "full_admin");
  hub_->pool().run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_params("UPDATE principals SET enabled = false WHERE client_id = $1", admin.client_id);
    tx.commit();
  });
  clock_.advance(std::chrono::seconds(10));  // past the principal cache
  EXPECT_EQ(hub_->call("GET", settings_path("calling"), admin.token).status, 401);
  EXPECT_THROW(hub_->token(admin.client_id, admin.secret), std::runtime_error);
}

// Point 5: POST devices/admins with an Idempotency-Key stored the whole
// response, clientSecret included, and a replay returned the secret again.
TEST_F(HardeningTest, IdempotencyRowsKeepNoSecretAndAReplayOmitsIt) {
  HeaderMap key{{"Idempotency-Key", "device-1"}};
  std::string body = R"({"kind":"desktop","e2eeCapable":true,"displayName":"laptop"})";
  Reply first = hub_->call("POST", "/v1/orgs/" + org_ + "/devices", root_token_, body, key);
  ASSERT_EQ(first.status, 201) << first.body;
  std::string secret = first.json()["clientSecret"];
  EXPECT_EQ(first.headers["Cache-Control"], "no-store");
  Reply admin =
      hub_->call("POST", admins_path(org_), root_token_,
                 R"({"role":"full_admin","displayName":"A"})", {{"Idempotency-Key", "admin-1"}});
  ASSERT_EQ(admin.status, 201);
  std::string admin_secret = admin.json()["clientSecret"];

  Reply replay = hub_->call("POST", "/v1/orgs/" + org_ + "/devices", root_token_, body, key);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.headers["Idempotent-Replayed"], "true");
  EXPECT_FALSE(replay.json().contains("clientSecret"));
  EXPECT_EQ(replay.json()["id"], first.json()["id"]);
  EXPECT_EQ(replay.json()["clientId"], first.json()["clientId"]);

  // Every row of every table, as text, holds neither secret.
  int hits = hub_->pool().run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    int n = 0;
    for (const auto& t : tx.exec(
             "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
      std::string table = tx.quote_name(t[0].as<std::string>());
      for (const auto& s : {secret, admin_secret}) {
        n += tx.exec_params(
                   "SELECT count(*) FROM " + table + " x WHERE x::text LIKE '%' || $1 || '%'",
                   s)[0][0]
                 .as<int>();
      }
    }
    return n;
  });
  EXPECT_EQ(hits, 0);
}

TEST_F(HardeningTest, IdempotencyRowsArePurgedAfter24Hours) {
  HeaderMap key{{"Idempotency-Key", "user-1"}};
  std::string body = R"({"email":"p@example.com","displayName":"P"})";
  ASSERT_EQ(hub_->call("POST", "/v1/orgs/" + org_ + "/users", root_token_, body, key).status, 201);
  auto rows = [&](const std::string& k) {
    return hub_->pool().run([&](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      return tx.exec_params("SELECT count(*) FROM idempotency_keys WHERE key = $1", k)[0][0]
          .as<int>();
    });
  };
  ASSERT_EQ(rows("user-1"), 1);
  clock_.advance(std::chrono::hours(25));
  Json boot = bootstrap();
  std::string token = hub_->token(boot["clientId"], boot["clientSecret"]);  // the old one expired
  ASSERT_EQ(
      hub_->call("POST", "/v1/orgs/" + org_ + "/users", token,
                 R"({"email":"q@example.com","displayName":"Q"})", {{"Idempotency-Key", "user-2"}})
          .status,
      201);
  EXPECT_EQ(rows("user-1"), 0);
  EXPECT_EQ(rows("user-2"), 1);
}

// Point 10: an expired trusted CA was accepted, and a PUT without If-Match
// wrote unconditionally.
TEST_F(HardeningTest, AnExpiredTrustedCaIsRefusedAtUpload) {
  auto key = crypto::generate_x509_private_key();
  auto now = clock_.now();
  std::string expired = crypto::create_root_ca(
      key, {"Old Root", "Partner", now - std::chrono::hours(48), now - std::chrono::hours(1), -1});
  Reply r = hub_->call("POST", "/v1/orgs/" + org_ + "/trustedCas", root_token_,
                       Json({{"pem", expired}}).dump());
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["field"], "pem");
  EXPECT_EQ(
      hub_->call("GET", "/v1/orgs/" + org_ + "/trustedCas", root_token_).json()["items"].size(),
      0u);
}

TEST_F(HardeningTest, APutWithoutIfMatchGets428AndChangesNothing) {
  int before = audit_count(org_);
  Reply r = hub_->call("PUT", settings_path("calling"), root_token_, R"({"e2eeEnabled":true})");
  EXPECT_EQ(r.status, 428) << r.body;
  EXPECT_EQ(r.json()["code"], "precondition_required");
  EXPECT_EQ(r.json()["field"], "If-Match");
  EXPECT_EQ(hub_->call("PUT", settings_path("meetings"), root_token_,
                       R"({"defaultMeetingType":"e2ee","personalRoomE2ee":true})")
                .status,
            428);
  EXPECT_EQ(audit_count(org_), before);
  EXPECT_EQ(hub_->call("GET", settings_path("calling"), root_token_).json()["e2eeEnabled"], false);
}

}  // namespace
}  // namespace zt::controlhub::testing
