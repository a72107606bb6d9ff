// The zt.sfu.v1.Sfu gRPC service: checks media grants, keeps sessions
// (session id -> transport), and drives the Router. RouterError and grant
// failures are mapped to status codes here, once.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "media_grant.h"
#include "meeting_registry.h"
#include "router.h"
#include "zt/base/clock.h"
#include "zt/sfu/v1/sfu.grpc.pb.h"

namespace zt::sfu {

struct SfuServiceOptions {
  // Joins beyond these are refused with RESOURCE_EXHAUSTED.
  size_t max_sessions = 10000;             // on this node
  size_t max_sessions_per_meeting = 1000;  // of one meeting on this node
  // How often transports without consent are looked for and removed.
  std::chrono::milliseconds reap_interval{1000};
};

// One live session per (meeting, device): a Join with a grant for a device
// that already has one replaces it (the old session's transport is removed
// and its Events stream ends). Sessions whose transport lost consent, or
// never got it, are removed by reap_expired() (every reap_interval).
class SfuService final : public v1::Sfu::Service {
 public:
  // `udp_address` is what Join returns to clients; `random` (thread-safe)
  // makes session ids; `registry` may be null.
  SfuService(Router& router, const MediaGrantVerifier& verifier, std::string udp_address, const Clock& clock,
             std::function<void(MutableBytesView)> random, MeetingRegistry* registry,
             SfuServiceOptions options = {});
  ~SfuService() override;

  // Ends every Events stream with UNAVAILABLE (the chassis's drain hook,
  // before the gRPC server drains).
  void shutdown();
  // Removes the sessions whose transport the router reaped (consent timed
  // out); returns how many.
  size_t reap_expired();
  size_t session_count() const;

  grpc::Status Join(grpc::ServerContext*, const v1::JoinRequest*, v1::JoinResponse*) override;
  grpc::Status Publish(grpc::ServerContext*, const v1::PublishRequest*, v1::PublishResponse*) override;
  grpc::Status Subscribe(grpc::ServerContext*, const v1::SubscribeRequest*, v1::SubscribeResponse*) override;
  grpc::Status SetMaxLayer(grpc::ServerContext*, const v1::SetMaxLayerRequest*, v1::SetMaxLayerResponse*) override;
  grpc::Status Unsubscribe(grpc::ServerContext*, const v1::UnsubscribeRequest*, v1::UnsubscribeResponse*) override;
  grpc::Status Leave(grpc::ServerContext*, const v1::LeaveRequest*, v1::LeaveResponse*) override;
  grpc::Status Events(grpc::ServerContext*, const v1::EventsRequest*, grpc::ServerWriter<v1::Event>*) override;

 private:
  struct Session {
    std::string id;
    uint32_t transport_id = 0;
    std::string meeting;
    std::string device;
    std::mutex mu;
    std::condition_variable cv;
    std::deque<v1::Event> queue;
    bool closed = false;
    bool server_shutdown = false;  // closed by shutdown(): the stream ends UNAVAILABLE
  };

  std::shared_ptr<Session> find(const std::string& session_id) const;
  // Under mu_: a refusal when one more session (besides `replaced`) would
  // pass a cap, else OK.
  grpc::Status check_caps(const std::string& meeting, const Session* replaced) const;
  // Under mu_: drops `s` from every index; true if it was its meeting's last.
  bool forget(const Session& s);
  // Ends `s` and removes its transport (already gone is fine).
  void end(Session& s);
  void on_event(const RouterEvent& e);
  void push(Session& s, v1::Event event);
  void close(Session& s, bool server_shutdown = false);

  Router& router_;
  const MediaGrantVerifier& verifier_;
  std::string udp_address_;
  const Clock& clock_;
  std::function<void(MutableBytesView)> random_;
  MeetingRegistry* registry_;
  SfuServiceOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;
  std::unordered_map<std::string, std::shared_ptr<Session>> by_device_;  // device_key()
  std::unordered_map<uint32_t, std::shared_ptr<Session>> by_transport_;
  std::unordered_map<std::string, size_t> members_per_meeting_;
  bool shutting_down_ = false;
  std::mutex reaper_mu_;
  std::condition_variable reaper_cv_;
  bool reaper_stop_ = false;
  std::thread reaper_;  // last: started once everything above exists
};

}  // namespace zt::sfu
