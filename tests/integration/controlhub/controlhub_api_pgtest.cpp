// The admin REST API against a real server and a real PostgreSQL.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "controlhub_fixture.h"

namespace zt::controlhub::testing {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;

class SettingsApiTest : public ControlHubTest {};

TEST_F(SettingsApiTest, ToggleDefaultsOffAndAnAdminTurnsItOnWithOneAuditEvent) {
  Reply get = hub_->call("GET", settings_path("calling"), root_token_);
  ASSERT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(get.json(), Json({{"e2eeEnabled", false}}));
  std::string etag = get.headers["ETag"];
  ASSERT_FALSE(etag.empty());

  std::string admin = admin_token(org_, "full_admin");
  int before = audit_count(org_);
  Reply put = hub_->call("PUT", settings_path("calling"), admin, R"({"e2eeEnabled":true})", {{"If-Match", etag}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_NE(put.headers["ETag"], etag);
  EXPECT_EQ(audit_count(org_), before + 1);

  Reply again = hub_->call("GET", settings_path("calling"), admin);
  EXPECT_EQ(again.json(), Json({{"e2eeEnabled", true}}));
  EXPECT_EQ(again.headers["ETag"], put.headers["ETag"]);

  Reply audit = hub_->call("GET", "/v1/orgs/" + org_ + "/auditEvents?limit=1", admin);
  ASSERT_EQ(audit.status, 200);
  for (const char* bad : {"0", "501", "1x", "+1", "99999999999999999999"}) {
    Reply refused = hub_->call("GET", "/v1/orgs/" + org_ + "/auditEvents?limit=" + bad, admin);
    EXPECT_EQ(refused.status, 400) << bad;
    EXPECT_NE(refused.body.find("limit must be an integer in [1, 500]"), std::string::npos) << bad;
  }
  Json event = audit.json()["items"][0];
  EXPECT_EQ(event["action"], "settings.calling.update");
  EXPECT_EQ(event["before"], Json({{"e2eeEnabled", false}}));
  EXPECT_EQ(event["after"], Json({{"e2eeEnabled", true}}));
  EXPECT_TRUE(event["actor"].get<std::string>().rfind("adm_", 0) == 0);
  EXPECT_FALSE(event["time"].get<std::string>().empty());
}

TEST_F(SettingsApiTest, ReadOnlyAdminAndDeviceMayReadOrNotButNeverWrite) {
  std::string read_only = admin_token(org_, "read_only_admin");
  auto [device_id, device_token] = device(org_);
  int before = audit_count(org_);

  EXPECT_EQ(hub_->call("GET", settings_path("calling"), read_only).status, 200);
  Reply ro = hub_->call("PUT", settings_path("calling"), read_only, R"({"e2eeEnabled":true})");
  EXPECT_EQ(ro.status, 403);
  EXPECT_EQ(ro.json()["code"], "permission_denied");
  Reply dev = hub_->call("PUT", settings_path("calling"), device_token, R"({"e2eeEnabled":true})");
  EXPECT_EQ(dev.status, 403);
  EXPECT_EQ(hub_->call("PUT", settings_path("meetings"), read_only,
                       R"({"defaultMeetingType":"e2ee","personalRoomE2ee":true})").status, 403);
  EXPECT_EQ(hub_->call("GET", settings_path("calling"), device_token).status, 403);

  EXPECT_EQ(audit_count(org_), before);
  EXPECT_EQ(hub_->call("GET", settings_path("calling"), read_only).json()["e2eeEnabled"], false);
}

TEST_F(SettingsApiTest, AdminOfAnotherOrgIsRefused) {
  std::string other = create_org("other org");
  std::string other_admin = admin_token(other, "full_admin");
  EXPECT_EQ(hub_->call("PUT", settings_path("calling"), other_admin, R"({"e2eeEnabled":true})").status, 403);
  EXPECT_EQ(hub_->call("GET", settings_path("calling"), other_admin).status, 403);
}

TEST_F(SettingsApiTest, StaleETagGets412AndChangesNothing) {
  std::string etag = hub_->call("GET", settings_path("calling"), root_token_).headers["ETag"];
  ASSERT_EQ(hub_->call("PUT", settings_path("calling"), root_token_, R"({"e2eeEnabled":true})",
                       {{"If-Match", etag}}).status, 200);
  int before = audit_count(org_);
  Reply stale = hub_->call("PUT", settings_path("calling"), root_token_, R"({"e2eeEnabled":false})",
                           {{"If-Match", etag}});
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.json()["code"], "precondition_failed");
  EXPECT_EQ(hub_->call("PUT", settings_path("calling"), root_token_, R"({"e2eeEnabled":false})",
                       {{"If-Match", "\"garbage"}}).status, 412);
  EXPECT_EQ(audit_count(org_), before);
  EXPECT_EQ(hub_->call("GET", settings_path("calling"), root_token_).json()["e2eeEnabled"], true);
}

TEST_F(SettingsApiTest, MalformedBodiesGet400NamingTheFieldAndStoreNothing) {
  int before = audit_count(org_);
  struct Case {
    std::string path, body;
    Json field;
  };
  std::vector<Case> cases = {
      {"calling", "{not json", nullptr},
      {"calling", "[]", nullptr},
      {"calling", R"({"e2eeEnabled":"yes"})", "e2eeEnabled"},
      {"calling", R"({"e2eeEnabled":1})", "e2eeEnabled"},
      {"calling", R"({})", "e2eeEnabled"},
      {"calling", R"({"e2eeEnabled":true,"extra":1})", "extra"},
      {"meetings", R"({"defaultMeetingType":"secret","personalRoomE2ee":true})", "defaultMeetingType"},
      {"meetings", R"({"defaultMeetingType":"e2ee"})", "personalRoomE2ee"},
      {"meetings", R"({"defaultMeetingType":"e2ee","personalRoomE2ee":null})", "personalRoomE2ee"},
  };
  for (const auto& c : cases) {
    Reply r = hub_->call("PUT", settings_path(c.path), root_token_, c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(r.json()["code"], "invalid_argument") << c.body;
    EXPECT_EQ(r.json()["field"], c.field) << c.body;
    EXPECT_FALSE(r.json()["message"].get<std::string>().empty());
  }
  EXPECT_EQ(audit_count(org_), before);
  Reply meetings = hub_->call("GET", settings_path("meetings"), root_token_);
  EXPECT_EQ(meetings.json(), Json({{"defaultMeetingType", "standard"}, {"personalRoomE2ee", false}}));
}

TEST_F(SettingsApiTest, MeetingsSettingsRoundTrip) {
  Reply put = hub_->call("PUT", settings_path("meetings"), root_token_,
                         R"({"defaultMeetingType":"e2ee","personalRoomE2ee":true})", {{"If-Match", "*"}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(hub_->call("GET", settings_path("meetings"), root_token_).json(),
            Json({{"defaultMeetingType", "e2ee"}, {"personalRoomE2ee", true}}));
}

TEST_F(SettingsApiTest, MissingBadOrExpiredTokenGets401) {
  EXPECT_EQ(hub_->call("GET", settings_path("calling"), "").status, 401);
  EXPECT_EQ(hub_->call("GET", settings_path("calling"), "abc.def.ghi").status, 401);
  clock_.advance(3600s + 120s);  // past the lifetime and the skew
  Reply r = hub_->call("GET", settings_path("calling"), root_token_);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json()["code"], "unauthenticated");
}

TEST_F(SettingsApiTest, UnknownOrgAndRouteGet404) {
  EXPECT_EQ(hub_->call("GET", "/v1/orgs/00000000-0000-0000-0000-000000000000/settings/calling", root_token_).status,
            404);
  EXPECT_EQ(hub_->call("GET", "/v1/nothing", root_token_).status, 404);
  EXPECT_EQ(hub_->call("DELETE", settings_path("calling"), root_token_).status, 405);
}

TEST_F(SettingsApiTest, AuditEventsPage) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(hub_->call("PUT", settings_path("calling"), root_token_,
                         Json({{"e2eeEnabled", i % 2 == 0}}).dump(), {{"If-Match", "*"}}).status, 200);
  }
  int total = audit_count(org_);
  std::set<std::string> seen;
  std::string cursor;
  for (int pages = 0; pages < 20; ++pages) {
    std::string q = "/v1/orgs/" + org_ + "/auditEvents?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor);
    Reply r = hub_->call("GET", q, root_token_);
    ASSERT_EQ(r.status, 200) << r.body;
    Json page = r.json();
    EXPECT_LE(page["items"].size(), 2u);
    for (const auto& e : page["items"]) seen.insert(e["id"].get<std::string>());
    if (page["nextCursor"].is_null()) break;
    cursor = page["nextCursor"].get<std::string>();
  }
  EXPECT_EQ(static_cast<int>(seen.size()), total);
  EXPECT_EQ(hub_->call("GET", "/v1/orgs/" + org_ + "/auditEvents?limit=0", root_token_).json()["field"], "limit");
}

class DirectoryApiTest : public ControlHubTest {};

TEST_F(DirectoryApiTest, UsersDevicesLinesAndIdempotentPost) {
  HeaderMap key{{"Idempotency-Key", "create-alice-1"}};
  Json alice{{"email", "alice@example.com"}, {"displayName", "Alice"}};
  Reply first = hub_->call("POST", "/v1/orgs/" + org_ + "/users", root_token_, alice.dump(), key);
  ASSERT_EQ(first.status, 201) << first.body;
  Reply replay = hub_->call("POST", "/v1/orgs/" + org_ + "/users", root_token_, alice.dump(), key);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.body, first.body);
  EXPECT_EQ(replay.headers["Idempotent-Replayed"], "true");
  Json bob{{"email", "bob@example.com"}, {"displayName", "Bob"}};
  EXPECT_EQ(hub_->call("POST", "/v1/orgs/" + org_ + "/users", root_token_, bob.dump(), key).status, 422);
  EXPECT_EQ(hub_->call("POST", "/v1/orgs/" + org_ + "/users", root_token_, alice.dump()).status, 409);
  Reply users = hub_->call("GET", "/v1/orgs/" + org_ + "/users", root_token_);
  ASSERT_EQ(users.json()["items"].size(), 1u);
  std::string user_id = first.json()["id"];

  Reply line = hub_->call("POST", "/v1/orgs/" + org_ + "/users/" + user_id + "/lines", root_token_,
                          R"({"kind":"shared","number":"+15550100"})");
  EXPECT_EQ(line.status, 201) << line.body;
  EXPECT_EQ(hub_->call("POST", "/v1/orgs/" + org_ + "/users/" + user_id + "/lines", root_token_,
                       R"({"kind":"party","number":"+15550101"})").json()["field"], "kind");

  for (const char* kind : {"desktop", "mobile", "room_device", "desk_device", "board", "legacy_sx_dx_mx",
                           "web_browser"}) {
    Json d{{"kind", kind}, {"e2eeCapable", std::string(kind) != "legacy_sx_dx_mx"}, {"displayName", kind},
           {"userId", user_id}};
    Reply r = hub_->call("POST", "/v1/orgs/" + org_ + "/devices", root_token_, d.dump());
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_FALSE(r.json()["clientSecret"].get<std::string>().empty());
  }
  Reply bad = hub_->call("POST", "/v1/orgs/" + org_ + "/devices", root_token_,
                         R"({"kind":"toaster","e2eeCapable":true,"displayName":"x"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["field"], "kind");
  Reply devices = hub_->call("GET", "/v1/orgs/" + org_ + "/devices", root_token_);
  EXPECT_EQ(devices.json()["items"].size(), 7u);
  EXPECT_FALSE(devices.body.find("clientSecret") != std::string::npos);
}

TEST_F(DirectoryApiTest, ReadOnlyAdminCannotCreateAnything) {
  std::string ro = admin_token(org_, "read_only_admin");
  int before = audit_count(org_);
  EXPECT_EQ(hub_->call("POST", "/v1/orgs/" + org_ + "/users", ro, R"({"email":"a@b.c","displayName":"A"})").status,
            403);
  EXPECT_EQ(hub_->call("POST", "/v1/orgs/" + org_ + "/admins", ro, R"({"role":"full_admin","displayName":"x"})")
                .status,
            403);
  EXPECT_EQ(hub_->call("POST", "/v1/orgs", ro, R"({"name":"mine"})").status, 403);
  EXPECT_EQ(audit_count(org_), before);
  EXPECT_EQ(hub_->call("GET", "/v1/orgs/" + org_ + "/admins", ro).status, 200);
}

TEST_F(DirectoryApiTest, BootstrapCredentialFileIsPrivate) {
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "bootstrap-admin.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
}

TEST_F(DirectoryApiTest, OpenApiAndAdminPageAreServed) {
  Reply doc = hub_->call("GET", "/v1/openapi.json", "");
  ASSERT_EQ(doc.status, 200);
  Json spec = doc.json();
  EXPECT_EQ(spec["openapi"].get<std::string>().substr(0, 2), "3.");
  EXPECT_TRUE(spec["paths"].contains("/v1/orgs/{orgId}/settings/calling"));
  Reply page = hub_->call("GET", "/", "");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("calling-e2ee"), std::string::npos);
}

}  // namespace
}  // namespace zt::controlhub::testing
