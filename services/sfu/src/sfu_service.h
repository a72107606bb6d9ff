// The zt.sfu.v1.Sfu gRPC service: checks media grants, keeps sessions
// (session id -> transport), and drives the Router. RouterError and grant
// failures are mapped to status codes here, once.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "media_grant.h"
#include "meeting_registry.h"
#include "router.h"
#include "zt/base/clock.h"
#include "zt/sfu/v1/sfu.grpc.pb.h"

namespace zt::sfu {

class SfuService final : public v1::Sfu::Service {
 public:
  // `udp_address` is what Join returns to clients; `registry` may be null.
  SfuService(Router& router, const MediaGrantVerifier& verifier, std::string udp_address, const Clock& clock,
             MeetingRegistry* registry);
  ~SfuService() override;

  // Ends every Events stream (called before the gRPC server drains).
  void shutdown();

  grpc::Status Join(grpc::ServerContext*, const v1::JoinRequest*, v1::JoinResponse*) override;
  grpc::Status Publish(grpc::ServerContext*, const v1::PublishRequest*, v1::PublishResponse*) override;
  grpc::Status Subscribe(grpc::ServerContext*, const v1::SubscribeRequest*, v1::SubscribeResponse*) override;
  grpc::Status SetMaxLayer(grpc::ServerContext*, const v1::SetMaxLayerRequest*, v1::SetMaxLayerResponse*) override;
  grpc::Status Unsubscribe(grpc::ServerContext*, const v1::UnsubscribeRequest*, v1::UnsubscribeResponse*) override;
  grpc::Status Leave(grpc::ServerContext*, const v1::LeaveRequest*, v1::LeaveResponse*) override;
  grpc::Status Events(grpc::ServerContext*, const v1::EventsRequest*, grpc::ServerWriter<v1::Event>*) override;

 private:
  struct Session {
    uint32_t transport_id = 0;
    std::string meeting;
    std::mutex mu;
    std::condition_variable cv;
    std::deque<v1::Event> queue;
    bool closed = false;
  };

  std::shared_ptr<Session> find(const std::string& session_id) const;
  void on_event(const RouterEvent& e);
  void push(Session& s, v1::Event event);
  void close(Session& s);

  Router& router_;
  const MediaGrantVerifier& verifier_;
  std::string udp_address_;
  const Clock& clock_;
  MeetingRegistry* registry_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;
  std::unordered_map<std::string, size_t> members_per_meeting_;
  bool shutting_down_ = false;
};

}  // namespace zt::sfu
