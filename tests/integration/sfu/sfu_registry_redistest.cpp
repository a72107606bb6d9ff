// zt-sfu's meeting registry in the shared test Redis (ZT_TEST_REDIS_HOST/PORT,
// from .run/env.sh): the first Join of a meeting records this node under
// zt:sfu:meeting:<id>, Leave of the last participant removes it, and a key
// another node has taken over is left alone.
#include <gtest/gtest.h>

#include "meeting_registry.h"
#include "sfu_client.h"
#include "sfu_service.h"
#include "zt/crypto/random.h"
#include "zt/redis/client.h"
#include "zt/server/grpc_server.h"
#include "zt/stun/hmac_integrity_key.h"
#include "zt/testing/env.h"

namespace zt::sfu {
namespace {

redis::Options shared_redis() {
  redis::Options o;
  o.host = zt::testing::require_env("ZT_TEST_REDIS_HOST");
  o.port = std::stoi(zt::testing::require_env("ZT_TEST_REDIS_PORT"));
  return o;
}

std::string unique(const std::string& base) {
  return base + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
}

class SfuRegistry : public ::testing::Test {
 protected:
  SfuRegistry()
      : redis_(shared_redis()),
        node_(unique("sfu-node")),
        registry_(redis_, node_),
        signer_(auth::JwsSigner::generate("ds-1")),
        router_(RouterOptions{}, [](MutableBytesView out) { crypto::SystemRandom::instance().fill(out); },
                [](const std::string& pwd) { return std::make_unique<stun::HmacIntegrityKey>(as_bytes(pwd)); }),
        verifier_(auth::JwkSet({signer_.public_jwk()}), SystemClock::instance()),
        service_(router_, verifier_, "127.0.0.1:9", SystemClock::instance(), &registry_),
        server_(server::GrpcServerOptions{}, nullptr) {
    server_.add_service(&service_);
    server_.start();
    stub_ = v1::Sfu::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(server_.port()), grpc::InsecureChannelCredentials()));
  }
  ~SfuRegistry() override {
    service_.shutdown();
    server_.shutdown();
    for (const auto& m : meetings_) redis_.command({"DEL", key(m)});
  }

  std::string meeting() { return meetings_.emplace_back(unique("m-reg")); }
  static std::string key(const std::string& meeting) { return RedisMeetingRegistry::kKeyPrefix + meeting; }

  // The node id stored for `meeting`, or "" if there is none.
  std::string stored_node(const std::string& meeting) {
    redis::Reply r = redis_.command({"GET", key(meeting)});
    return r.kind == redis::Reply::Kind::kString ? r.str : "";
  }

  std::string join(const std::string& meeting, const std::string& device) {
    int64_t exp = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count() + 3600;
    v1::JoinRequest req;
    req.set_meeting_id(meeting);
    req.set_media_grant(loadgen::sign_media_grant(signer_, meeting, device, 1, exp));
    v1::JoinResponse resp;
    grpc::Status s = stub_->Join(loadgen::rpc_context().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.session_id();
  }

  void leave(const std::string& session) {
    v1::LeaveRequest req;
    req.set_session_id(session);
    v1::LeaveResponse resp;
    grpc::Status s = stub_->Leave(loadgen::rpc_context().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }

  redis::Client redis_;
  std::string node_;
  RedisMeetingRegistry registry_;
  auth::JwsSigner signer_;
  Router router_;
  MediaGrantVerifier verifier_;
  SfuService service_;
  server::GrpcServer server_;
  std::unique_ptr<v1::Sfu::Stub> stub_;
  std::vector<std::string> meetings_;
};

TEST_F(SfuRegistry, JoinRegistersTheMeetingAndLastLeaveRemovesIt) {
  std::string m = meeting();
  EXPECT_EQ(stored_node(m), "");
  std::string a = join(m, "dev-a");
  EXPECT_EQ(stored_node(m), node_);
  std::string b = join(m, "dev-b");
  leave(a);
  EXPECT_EQ(stored_node(m), node_);  // dev-b is still here
  leave(b);
  EXPECT_EQ(stored_node(m), "");
  EXPECT_EQ(redis_.command({"EXISTS", key(m)}).integer, 0);
}

TEST_F(SfuRegistry, MeetingsAreRegisteredIndependently) {
  std::string m1 = meeting(), m2 = meeting();
  std::string a = join(m1, "dev-a");
  std::string b = join(m2, "dev-b");
  EXPECT_EQ(stored_node(m1), node_);
  EXPECT_EQ(stored_node(m2), node_);
  leave(a);
  EXPECT_EQ(stored_node(m1), "");
  EXPECT_EQ(stored_node(m2), node_);
  leave(b);
  EXPECT_EQ(stored_node(m2), "");
}

TEST_F(SfuRegistry, LeaveDoesNotRemoveAnotherNodesEntry) {
  std::string m = meeting();
  std::string a = join(m, "dev-a");
  ASSERT_EQ(stored_node(m), node_);
  redis_.command({"SET", key(m), "sfu-node-other"});  // the meeting moved to another node meanwhile
  leave(a);
  EXPECT_EQ(stored_node(m), "sfu-node-other");
}

}  // namespace
}  // namespace zt::sfu
