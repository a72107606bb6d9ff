// zt-sfu's meeting registry in the shared test Redis (ZT_TEST_REDIS_HOST/PORT,
// from .run/env.sh): the first Join of a meeting records this node under
// zt:sfu:meeting:<id>, Leave of the last participant removes it, and a key
// another node has taken over is left alone.
#include <gtest/gtest.h>

#include "sfu_test_server.h"
#include "zt/redis/client.h"
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
      : redis_(shared_redis()), node_(unique("sfu-node")), registry_(redis_, node_), sfu_(&registry_),
        stub_(v1::Sfu::NewStub(sfu_.channel)) {}
  ~SfuRegistry() override {
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
    v1::JoinRequest req;
    req.set_meeting_id(meeting);
    req.set_media_grant(sfu_.grant(meeting, device));
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
  testing::InProcessSfu sfu_;
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
