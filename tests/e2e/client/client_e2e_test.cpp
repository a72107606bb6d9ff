// The reference client against the real services: zt-controlhub and
// zt-delivery as processes, and zt-client invoked once per step with one
// profile directory per person, as a user (or scripts/demo.sh) would.
// alice has a certificate from the org CA, bob one from an external CA the
// org trusts, carol a basic credential; they meet in an E2EE meeting by its
// number, see one security code and each other's verification statuses,
// chat, and carol leaves (the code changes). Bad input: a Welcome for
// another device, a stale profile, an expired token, a refusal by the DS.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <nlohmann/json.hpp>

#include "zt/crypto/x509_issuer.h"
#include "zt/mls/credential_validation.h"
#include "zt/testing/env.h"
#include "zt/testing/http.h"
#include "zt/testing/postgres.h"
#include "zt/testing/process.h"
#include "zt/testing/service_client.h"

namespace zt::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using nlohmann::json;

struct CliResult {
  int code = -1;
  std::string out, err;
  json parsed() const { return json::parse(out, nullptr, false); }
};

struct Person {
  std::string name, device_id, client_id, profile, secret_file;
};

class ClientE2eTest : public ::testing::Test {
 protected:
  void start(const std::map<std::string, std::string>& hub_extra = {}) {
    dir_ = make_temp_dir("zt-client-e2e");
    std::map<std::string, std::string> base{{"ZT_POSTGRES_URI", db_.uri()},
                                            {"ZT_REDIS_HOST", require_env("ZT_TEST_REDIS_HOST")},
                                            {"ZT_REDIS_PORT", require_env("ZT_TEST_REDIS_PORT")},
                                            {"ZT_GRPC_ADDRESS", "127.0.0.1:0"},
                                            {"ZT_METRICS_ADDRESS", "127.0.0.1:0"}};
    auto hub_env = base;
    hub_env["ZT_CONTROLHUB_HTTP_ADDRESS"] = "127.0.0.1:0";
    hub_env["ZT_STATE_DIR"] = dir_ + "/ch";
    for (const auto& [k, v] : hub_extra) hub_env[k] = v;
    hub_ = std::make_unique<Process>(bin_path("zt-controlhub"), std::vector<std::string>{}, hub_env);
    ASSERT_TRUE(hub_->wait_for_output("\"http_port\"", 30s)) << hub_->stderr_text();
    hub_port_ = hub_->logged_int("http_port").value_or(0);
    auto ds_env = base;
    ds_env["ZT_STATE_DIR"] = dir_ + "/ds";
    ds_env["ZT_DELIVERY_CONTROLHUB_JWKS_URL"] = hub_url() + "/v1/.well-known/jwks.json";
    ds_ = std::make_unique<Process>(bin_path("zt-delivery"), std::vector<std::string>{}, ds_env);
    ASSERT_TRUE(ds_->wait_for_output("\"serving\"", 30s)) << ds_->stderr_text();
    ds_address_ = "127.0.0.1:" + std::to_string(ds_->logged_int("grpc_port").value_or(0));
    std::ifstream in(dir_ + "/ch/bootstrap-admin.json");
    auto boot = json::parse(in);
    org_ = boot["orgId"].get<std::string>();
    admin_ = controlhub_token(hub_port_, boot["clientId"].get<std::string>(),
                              boot["clientSecret"].get<std::string>());
  }

  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string hub_url() const { return "http://127.0.0.1:" + std::to_string(hub_port_); }

  json admin_post(const std::string& path, const json& body) {
    return json::parse(http_request("127.0.0.1", hub_port_, "POST", path, body.dump(),
                                    {"Authorization: Bearer " + admin_, "Content-Type: application/json"}));
  }

  Person register_device(const std::string& name) {
    auto dev = admin_post("/v1/orgs/" + org_ + "/devices",
                          {{"kind", "desktop"}, {"e2eeCapable", true}, {"displayName", name}});
    Person p{name, dev["id"].get<std::string>(), dev["clientId"].get<std::string>(), dir_ + "/" + name,
             dir_ + "/" + name + ".secret"};
    std::ofstream(p.secret_file) << dev["clientSecret"].get<std::string>() << "\n";
    return p;
  }

  CliResult cli(const Person& p, std::vector<std::string> args) {
    args.insert(args.begin(), {"--profile", p.profile});
    Process proc(bin_path("zt-client"), args);
    CliResult r;
    r.code = proc.wait(120s).value_or(-1);
    r.out = proc.stdout_text();
    r.err = proc.stderr_text();
    return r;
  }

  // Runs a command that must succeed; its --json output.
  json ok(const Person& p, std::vector<std::string> args) {
    args.push_back("--json");
    CliResult r = cli(p, args);
    EXPECT_EQ(r.code, 0) << p.name << " " << args[0] << " " << (args.size() > 1 ? args[1] : "") << ": "
                         << r.err << "\n" << ds_->stderr_text().substr(0, 4000);
    return r.parsed();
  }

  void login(const Person& p) {
    ok(p, {"login", "--controlhub", hub_url(), "--delivery", ds_address_, "--client-id", p.client_id,
           "--client-secret-file", p.secret_file});
  }

  std::string code_of(const Person& p) { return ok(p, {"meeting", "security"}).value("security_code", ""); }

  std::map<std::string, std::string> statuses(const Person& p) {
    std::map<std::string, std::string> out;
    json roster = ok(p, {"meeting", "roster"});
    for (const auto& m : roster["members"])
      out[m["identity"].get<std::string>()] = m["status"].get<std::string>();
    return out;
  }

  std::string uri(const Person& p) const { return "zt://" + org_ + "/devices/" + p.device_id; }

  // An external CA the org trusts, and a certificate of it for `p` (files
  // p.profile + ".crt" / ".key").
  void external_certificate(const Person& p) {
    auto now = std::chrono::system_clock::now();
    crypto::SecretBytes ca_key = crypto::generate_x509_private_key();
    std::string ca_pem = crypto::create_root_ca(ca_key, {"Partner Root CA", "Partner", now - 1h, now + 48h, -1});
    admin_post("/v1/orgs/" + org_ + "/trustedCas", {{"pem", ca_pem}});
    crypto::SecretBytes key = crypto::generate_x509_private_key();
    std::string cert = crypto::issue_from_csr(crypto::create_csr(key, p.name),
                                              {p.name + " at Partner", {uri(p)}, now - 1h, now + 24h}, ca_pem,
                                              ca_key);
    std::ofstream(p.profile + ".crt") << cert;
    std::string key_pem = mls::certificate_pem(key.reveal());  // same armour, other label
    for (const char* edge : {"BEGIN ", "END "}) {
      size_t at = key_pem.find(std::string(edge) + "CERTIFICATE");
      key_pem.replace(at + std::string(edge).size(), 11, "PRIVATE KEY");
    }
    std::ofstream(p.profile + ".key") << key_pem;
  }

  TempDatabase db_;
  std::string dir_, org_, admin_, ds_address_;
  std::unique_ptr<Process> hub_, ds_;
  int hub_port_ = 0;
};

TEST_F(ClientE2eTest, ThreePeopleMeetByNumberShareOneCodeChatAndTheCodeChangesWhenOneLeaves) {
  ASSERT_NO_FATAL_FAILURE(start());
  Person alice = register_device("alice"), bob = register_device("bob"), carol = register_device("carol");
  external_certificate(bob);  // before the logins: they fetch the trust anchors
  for (const Person* p : {&alice, &bob, &carol}) login(*p);
  EXPECT_EQ(ok(alice, {"enroll"})["credential"], "x509");
  EXPECT_EQ(ok(bob, {"enroll", "--external-cert", bob.profile + ".crt", "--external-key", bob.profile + ".key"})
                ["credential"],
            "x509");
  EXPECT_EQ(ok(carol, {"enroll", "--basic"})["credential"], "basic");
  for (const Person* p : {&alice, &bob, &carol})
    EXPECT_EQ(ok(*p, {"keypackages", "publish", "--count", "2"})["published"], 3);

  json created = ok(alice, {"meeting", "create", "--type", "e2ee"});
  std::string number = std::to_string(created["meeting_number"].get<uint64_t>());
  ok(alice, {"meeting", "add", bob.device_id});
  ok(bob, {"meeting", "join", number});
  ok(alice, {"meeting", "add", carol.device_id});
  ok(carol, {"meeting", "join", number});
  ok(bob, {"meeting", "sync"});

  std::string code = code_of(alice);
  EXPECT_THAT(code, ::testing::MatchesRegex("[0-9]{5}( [0-9]{5}){5}"));
  EXPECT_EQ(code_of(bob), code);
  EXPECT_EQ(code_of(carol), code);
  std::map<std::string, std::string> expected{{uri(alice), "verified_internal"},
                                              {uri(bob), "verified_external"},
                                              {uri(carol), "unverified"}};
  for (const Person* p : {&alice, &bob, &carol}) EXPECT_EQ(statuses(*p), expected) << p->name;
  CliResult human = cli(alice, {"meeting", "security"});
  EXPECT_THAT(human.out, HasSubstr("E2EE: on"));
  EXPECT_THAT(human.out, HasSubstr("security code: " + code));

  ok(alice, {"meeting", "chat", "send", "hello from alice"});
  ok(bob, {"meeting", "chat", "send", "hi from bob"});
  ok(carol, {"meeting", "whiteboard", "stroke", R"({"points":[[0,0],[4,2]],"color":"red"})"});
  for (const Person* p : {&alice, &bob, &carol}) {
    ok(*p, {"meeting", "sync"});
    auto msgs = ok(*p, {"meeting", "messages"})["messages"];
    ASSERT_EQ(msgs.size(), 3u) << p->name << msgs.dump();
    EXPECT_EQ(msgs[0]["text"], "hello from alice");
    EXPECT_EQ(msgs[0]["sender"], uri(alice));
    EXPECT_EQ(msgs[1]["text"], "hi from bob");
    EXPECT_EQ(msgs[2]["kind"], "whiteboard");
    EXPECT_EQ(msgs[2]["data"]["color"], "red");
  }

  // dave joins by a batched join (the DS proposes, a member's sync commits
  // it), erin by external commit; everyone's code changes together.
  Person dave = register_device("dave"), erin = register_device("erin");
  for (const Person* p : {&dave, &erin}) {
    login(*p);
    ok(*p, {"enroll"});
  }
  Process batched(bin_path("zt-client"), {"--profile", dave.profile, "--json", "meeting", "join", number, "--batched"});
  json synced = json::object();
  for (int i = 0; i < 50 && !synced.value("committed_pending", false); ++i) {
    std::this_thread::sleep_for(100ms);
    synced = ok(alice, {"meeting", "sync"});
  }
  EXPECT_TRUE(synced.value("committed_pending", false)) << synced.dump();
  EXPECT_EQ(batched.wait(60s), std::optional<int>(0)) << batched.stderr_text();
  ok(erin, {"meeting", "join", number, "--external"});
  for (const Person* p : {&alice, &bob, &carol, &dave}) ok(*p, {"meeting", "sync"});
  std::string five = code_of(alice);
  EXPECT_NE(five, code);
  for (const Person* p : {&bob, &carol, &dave, &erin}) EXPECT_EQ(code_of(*p), five) << p->name;
  EXPECT_EQ(ok(erin, {"meeting", "security"})["members"], 5);
  code = five;

  // Zero-trust policy: network recording is refused with its reason.
  CliResult recording = cli(bob, {"meeting", "request-feature", "network-recording"});
  EXPECT_EQ(recording.code, 2) << recording.err;
  EXPECT_THAT(recording.err, HasSubstr("delivery: FAILED_PRECONDITION:"));

  // The shell runs one command per line on the same profile.
  Process sh("/bin/sh", {"-c", "printf 'meeting security\\nmeeting chat send \"from the shell\"\\nexit\\n' | " +
                                   bin_path("zt-client") + " --profile " + bob.profile + " shell"});
  EXPECT_EQ(sh.wait(60s), std::optional<int>(0)) << sh.stderr_text();
  EXPECT_THAT(sh.stdout_text(), HasSubstr("security code: " + code));
  EXPECT_THAT(sh.stdout_text(), HasSubstr("sent chat as message #"));

  ok(carol, {"meeting", "leave"});
  ok(alice, {"meeting", "sync"});  // commits the DS's Remove proposal
  for (const Person* p : {&bob, &dave, &erin}) ok(*p, {"meeting", "sync"});
  std::string after = code_of(alice);
  EXPECT_NE(after, code);
  EXPECT_EQ(code_of(bob), after);
  for (const Person* p : {&bob, &dave, &erin}) EXPECT_EQ(code_of(*p), after) << p->name;
  EXPECT_EQ(statuses(bob), (std::map<std::string, std::string>{{uri(alice), "verified_internal"},
                                                              {uri(bob), "verified_external"},
                                                              {uri(dave), "verified_internal"},
                                                              {uri(erin), "verified_internal"}}));
  CliResult gone = cli(carol, {"meeting", "chat", "send", "still here?"});
  EXPECT_EQ(gone.code, 1) << gone.err;
  EXPECT_THAT(gone.err, HasSubstr("no longer in meeting"));

  // carol is added back: her join skips the Welcome of her first membership.
  ok(alice, {"meeting", "add", carol.device_id});
  ok(carol, {"meeting", "join", number});
  for (const Person* p : {&bob, &dave, &erin}) ok(*p, {"meeting", "sync"});
  std::string again = code_of(alice);
  EXPECT_NE(again, after);
  for (const Person* p : {&bob, &carol, &dave, &erin}) EXPECT_EQ(code_of(*p), again) << p->name;
  json carol_sync = ok(carol, {"meeting", "sync"});
  EXPECT_EQ(carol_sync["rejected"], 0) << carol_sync.dump();
}

TEST_F(ClientE2eTest, BadInputGetsOneLineAndExitCodeTwoForRefusalsOneOtherwise) {
  ASSERT_NO_FATAL_FAILURE(start());
  Person alice = register_device("alice"), bob = register_device("bob"), dave = register_device("dave");
  for (const Person* p : {&alice, &bob, &dave}) {
    login(*p);
    ok(*p, {"enroll"});
    ok(*p, {"keypackages", "publish", "--count", "1"});
  }
  std::string number =
      std::to_string(ok(alice, {"meeting", "create", "--type", "e2ee"})["meeting_number"].get<uint64_t>());
  std::string welcome = dir_ + "/bob.welcome";
  ok(alice, {"meeting", "add", bob.device_id, "--welcome-out", welcome});

  // A Welcome for another device.
  CliResult stolen = cli(dave, {"meeting", "join", number, "--welcome-file", welcome});
  EXPECT_EQ(stolen.code, 1);
  EXPECT_THAT(stolen.err, HasSubstr("the Welcome is not for this device"));
  EXPECT_EQ(std::count(stolen.err.begin(), stolen.err.end(), '\n'), 1) << stolen.err;

  // The DS refuses: no such meeting number (exit 2, status and reason).
  CliResult missing = cli(dave, {"meeting", "join", "1"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("delivery: NOT_FOUND:"));
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
  CliResult missing_json = cli(dave, {"meeting", "join", "1", "--json"});
  EXPECT_EQ(missing_json.parsed()["refused"]["status"], "NOT_FOUND");

  // A "Control Hub" that answers garbage (the DS's gRPC port speaks HTTP/2 only).
  CliResult garbage = cli(dave, {"login", "--controlhub", "http://" + ds_address_, "--client-id", dave.client_id,
                                 "--client-secret-file", dave.secret_file});
  EXPECT_EQ(garbage.code, 1) << garbage.err;
  EXPECT_THAT(garbage.err, HasSubstr("controlhub:"));
  EXPECT_EQ(std::count(garbage.err.begin(), garbage.err.end(), '\n'), 1) << garbage.err;
  EXPECT_EQ(ok(dave, {"keypackages", "publish", "--count", "1"})["published"], 2);  // the profile is intact

  // A stale profile: alice's from before her commit adding dave.
  std::filesystem::copy(alice.profile, dir_ + "/alice-old", std::filesystem::copy_options::recursive);
  ok(alice, {"meeting", "add", dave.device_id});
  Person stale = alice;
  stale.profile = dir_ + "/alice-old";
  CliResult old = cli(stale, {"meeting", "sync"});
  EXPECT_EQ(old.code, 1);
  EXPECT_THAT(old.err, HasSubstr("the profile is stale"));

  // A profile's files are never left half written and are mode 600.
  for (const auto& entry : std::filesystem::directory_iterator(alice.profile)) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
    auto perms = std::filesystem::status(entry).permissions();
    EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
              std::filesystem::perms::none)
        << entry.path();
  }
  // A sealed file from another profile does not open.
  std::filesystem::copy_file(bob.profile + "/secrets.sealed", dave.profile + "/secrets.sealed",
                             std::filesystem::copy_options::overwrite_existing);
  CliResult swapped = cli(dave, {"keypackages", "publish"});
  EXPECT_EQ(swapped.code, 1);
  EXPECT_THAT(swapped.err, HasSubstr("does not open under this profile's key"));
}

TEST_F(ClientE2eTest, AnExpiredTokenIsReportedAndLoginAgainFixesIt) {
  ASSERT_NO_FATAL_FAILURE(start({{"ZT_CONTROLHUB_TOKEN_TTL_S", "3"}}));
  Person erin = register_device("erin");
  login(erin);
  std::this_thread::sleep_for(3500ms);
  ok(erin, {"enroll", "--basic"});  // needs no service
  CliResult publish = cli(erin, {"keypackages", "publish"});
  EXPECT_EQ(publish.code, 1) << publish.err;
  EXPECT_THAT(publish.err, HasSubstr("token expired"));
  EXPECT_THAT(publish.err, HasSubstr("zt-client login"));
  login(erin);
  EXPECT_EQ(cli(erin, {"keypackages", "publish"}).code, 0);
}

}  // namespace
}  // namespace zt::testing
