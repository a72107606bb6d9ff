#include "sfu_service.h"

#include <cstring>

#include "proto_convert.h"

namespace zt::sfu {
namespace {

constexpr size_t kMaxQueuedEvents = 1024;

grpc::Status to_status(const RouterError& e) {
  switch (e.code()) {
    case RouterError::Code::kNotFound: return {grpc::StatusCode::NOT_FOUND, e.what()};
    case RouterError::Code::kPermissionDenied: return {grpc::StatusCode::PERMISSION_DENIED, e.what()};
    case RouterError::Code::kInvalidArgument: return {grpc::StatusCode::INVALID_ARGUMENT, e.what()};
    case RouterError::Code::kAlreadyExists: return {grpc::StatusCode::ALREADY_EXISTS, e.what()};
  }
  return {grpc::StatusCode::INTERNAL, "internal error"};
}

grpc::Status unknown_session() { return {grpc::StatusCode::UNAUTHENTICATED, "unknown or closed session"}; }

grpc::Status bad_layer() { return {grpc::StatusCode::INVALID_ARGUMENT, "max_layer must be 0, 1 or 2"}; }

// One key per (meeting, device), unambiguous whatever bytes either holds.
std::string device_key(const std::string& meeting, const std::string& device) {
  return std::to_string(meeting.size()) + ":" + meeting + device;
}

// The IP a gRPC call came from ("ipv4:1.2.3.4:5" / "ipv6:[::1]:5"), or unset.
Endpoint peer_ip(const grpc::ServerContext* ctx) {
  if (!ctx) return {};
  std::string peer = ctx->peer();
  auto colon = peer.find(':');
  if (colon == std::string::npos) return {};
  Endpoint e;
  try {
    e = parse_endpoint(peer.substr(colon + 1));
  } catch (const std::exception&) {
    return {};
  }
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (e.family == AF_INET6 && std::memcmp(e.ip.data(), kMapped, sizeof kMapped) == 0) {  // ::ffff:a.b.c.d
    std::memmove(e.ip.data(), e.ip.data() + 12, 4);
    std::memset(e.ip.data() + 4, 0, 12);
    e.family = AF_INET;
  }
  return e;
}

// Runs a router call, mapping RouterError to its status.
template <class Fn>
grpc::Status guarded(Fn&& fn) {
  try {
    fn();
    return grpc::Status::OK;
  } catch (const RouterError& e) {
    return to_status(e);
  }
}

}  // namespace

SfuService::SfuService(Router& router, const MediaGrantVerifier& verifier, std::string udp_address,
                       const Clock& clock, std::function<void(MutableBytesView)> random, MeetingRegistry* registry,
                       SfuServiceOptions options)
    : router_(router),
      verifier_(verifier),
      udp_address_(std::move(udp_address)),
      clock_(clock),
      random_(std::move(random)),
      registry_(registry),
      options_(options) {
  router_.set_event_sink([this](const RouterEvent& e) { on_event(e); });
  reaper_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(reaper_mu_);
    while (!reaper_cv_.wait_for(lock, options_.reap_interval, [this] { return reaper_stop_; })) {
      lock.unlock();
      reap_expired();
      lock.lock();
    }
  });
}

SfuService::~SfuService() {
  {
    std::lock_guard<std::mutex> g(reaper_mu_);
    reaper_stop_ = true;
  }
  reaper_cv_.notify_all();
  reaper_.join();
  router_.set_event_sink(nullptr);
  shutdown();
}

void SfuService::shutdown() {
  std::lock_guard<std::mutex> g(mu_);
  shutting_down_ = true;
  for (auto& [id, s] : sessions_) close(*s, /*server_shutdown=*/true);
}

void SfuService::close(Session& s, bool server_shutdown) {
  std::lock_guard<std::mutex> g(s.mu);
  s.closed = true;
  s.server_shutdown = s.server_shutdown || server_shutdown;
  s.cv.notify_all();
}

size_t SfuService::session_count() const {
  std::lock_guard<std::mutex> g(mu_);
  return sessions_.size();
}

size_t SfuService::reap_expired() {
  std::vector<uint32_t> reaped = router_.reap_expired(clock_.steady_now());
  std::vector<std::shared_ptr<Session>> ended;
  std::vector<std::string> idle;
  {
    std::lock_guard<std::mutex> g(mu_);
    for (uint32_t transport_id : reaped) {
      auto it = by_transport_.find(transport_id);
      if (it == by_transport_.end()) continue;  // left meanwhile
      std::shared_ptr<Session> s = it->second;
      ended.push_back(s);
      if (forget(*s)) idle.push_back(s->meeting);
    }
  }
  for (auto& s : ended) close(*s);
  if (registry_) {
    for (const auto& meeting : idle) registry_->meeting_idle(meeting);
  }
  return ended.size();
}

bool SfuService::forget(const Session& s) {
  by_transport_.erase(s.transport_id);
  auto d = by_device_.find(device_key(s.meeting, s.device));
  if (d != by_device_.end() && d->second.get() == &s) by_device_.erase(d);
  auto m = members_per_meeting_.find(s.meeting);
  bool last = m != members_per_meeting_.end() && --m->second == 0;
  if (last) members_per_meeting_.erase(m);
  sessions_.erase(s.id);  // last: may hold the only other reference to `s`
  return last;
}

void SfuService::end(Session& s) {
  close(s);
  try {
    router_.remove_transport(s.transport_id);
  } catch (const RouterError& e) {
    if (e.code() != RouterError::Code::kNotFound) throw;  // reaped meanwhile: nothing left to remove
  }
}

grpc::Status SfuService::check_caps(const std::string& meeting, const Session* replaced) const {
  size_t others = sessions_.size() - (replaced ? 1 : 0);
  if (others >= options_.max_sessions) {
    return {grpc::StatusCode::RESOURCE_EXHAUSTED,
            "this SFU node is at its limit of " + std::to_string(options_.max_sessions) + " sessions"};
  }
  auto m = members_per_meeting_.find(meeting);
  size_t in_meeting = (m == members_per_meeting_.end() ? 0 : m->second) - (replaced ? 1 : 0);
  if (in_meeting >= options_.max_sessions_per_meeting) {
    return {grpc::StatusCode::RESOURCE_EXHAUSTED, "the meeting is at its limit of " +
                                                      std::to_string(options_.max_sessions_per_meeting) +
                                                      " sessions on this SFU node"};
  }
  return grpc::Status::OK;
}

std::shared_ptr<SfuService::Session> SfuService::find(const std::string& session_id) const {
  std::lock_guard<std::mutex> g(mu_);
  auto it = sessions_.find(session_id);
  return it == sessions_.end() ? nullptr : it->second;
}

void SfuService::push(Session& s, v1::Event event) {
  std::lock_guard<std::mutex> g(s.mu);
  if (s.queue.size() >= kMaxQueuedEvents) s.queue.pop_front();  // a stalled reader loses the oldest
  s.queue.push_back(std::move(event));
  s.cv.notify_all();
}

// Called by the router with its lock held: never calls back into it.
void SfuService::on_event(const RouterEvent& e) {
  std::lock_guard<std::mutex> g(mu_);
  for (auto& [id, s] : sessions_) {
    if (s->meeting != e.meeting) continue;
    v1::Event ev;
    switch (e.type) {
      case RouterEvent::Type::kTrackAdded: to_proto(e.track, *ev.mutable_track_added()); break;
      case RouterEvent::Type::kTrackRemoved: to_proto(e.track, *ev.mutable_track_removed()); break;
      case RouterEvent::Type::kDominantSpeaker: to_proto(e.track, *ev.mutable_dominant_speaker()); break;
      case RouterEvent::Type::kSubscribed:
      case RouterEvent::Type::kLayerChanged: {
        if (s->transport_id != e.transport_id) continue;
        auto* sub = e.type == RouterEvent::Type::kSubscribed ? ev.mutable_subscribed() : ev.mutable_layer_changed();
        to_proto(e.track, *sub->mutable_track());
        sub->set_ssrc(e.out_ssrc);
        sub->set_max_layer(e.layer);
        break;
      }
    }
    push(*s, std::move(ev));
  }
}

grpc::Status SfuService::Join(grpc::ServerContext* ctx, const v1::JoinRequest* req, v1::JoinResponse* resp) {
  if (req->meeting_id().empty() || req->media_grant().empty()) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "meeting_id and media_grant are required"};
  }
  auto grant = verifier_.verify(req->media_grant(), req->meeting_id());
  if (!grant) return {grpc::StatusCode::UNAUTHENTICATED, grant.error()};
  auto creds = router_.create_transport(grant->meeting, grant->device, grant->leaf_index, clock_.steady_now(),
                                        peer_ip(ctx));
  auto session = std::make_shared<Session>();
  Bytes id(24);
  random_(id);
  session->id = to_hex(id);
  session->transport_id = creds.transport_id;
  session->meeting = grant->meeting;
  session->device = grant->device;
  std::shared_ptr<Session> replaced;
  bool first = false;
  grpc::Status refused;
  {
    std::lock_guard<std::mutex> g(mu_);
    auto old = by_device_.find(device_key(session->meeting, session->device));
    if (old != by_device_.end()) replaced = old->second;
    refused = check_caps(session->meeting, replaced.get());
    if (refused.ok()) {
      if (replaced) forget(*replaced);
      sessions_[session->id] = session;
      by_device_[device_key(session->meeting, session->device)] = session;
      by_transport_[session->transport_id] = session;
      first = members_per_meeting_[session->meeting]++ == 0;
    }
  }
  if (!refused.ok()) {
    end(*session);
    return refused;
  }
  if (replaced) end(*replaced);
  if (first && registry_) registry_->meeting_active(session->meeting);
  resp->set_session_id(session->id);
  resp->set_transport_id(creds.transport_id);
  resp->set_udp_address(udp_address_);
  resp->set_ice_ufrag(creds.ufrag);
  resp->set_ice_pwd(creds.password);
  return grpc::Status::OK;
}

grpc::Status SfuService::Publish(grpc::ServerContext*, const v1::PublishRequest* req, v1::PublishResponse* resp) {
  auto s = find(req->session_id());
  if (!s) return unknown_session();
  if (req->kind() != v1::TRACK_KIND_AUDIO && req->kind() != v1::TRACK_KIND_VIDEO) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "kind must be audio or video"};
  }
  std::vector<uint32_t> ssrcs(req->layer_ssrcs().begin(), req->layer_ssrcs().end());
  return guarded([&] {
    to_proto(router_.publish(s->transport_id, from_proto(req->kind()), ssrcs), *resp->mutable_track());
  });
}

grpc::Status SfuService::Subscribe(grpc::ServerContext*, const v1::SubscribeRequest* req,
                                   v1::SubscribeResponse* resp) {
  auto s = find(req->session_id());
  if (!s) return unknown_session();
  if (req->max_layer() > 2) return bad_layer();
  std::optional<uint32_t> track;
  if (req->track_id() != 0) track = req->track_id();
  return guarded([&] {
    for (const auto& st : router_.subscribe(s->transport_id, track, static_cast<uint8_t>(req->max_layer()))) {
      auto* sub = resp->add_subscriptions();
      to_proto(st.track, *sub->mutable_track());
      sub->set_ssrc(st.out_ssrc);
      sub->set_max_layer(st.max_layer);
    }
  });
}

grpc::Status SfuService::SetMaxLayer(grpc::ServerContext*, const v1::SetMaxLayerRequest* req,
                                     v1::SetMaxLayerResponse*) {
  auto s = find(req->session_id());
  if (!s) return unknown_session();
  if (req->max_layer() > 2) return bad_layer();
  return guarded(
      [&] { router_.set_max_layer(s->transport_id, req->track_id(), static_cast<uint8_t>(req->max_layer())); });
}

grpc::Status SfuService::Unsubscribe(grpc::ServerContext*, const v1::UnsubscribeRequest* req,
                                     v1::UnsubscribeResponse*) {
  auto s = find(req->session_id());
  if (!s) return unknown_session();
  return guarded([&] { router_.unsubscribe(s->transport_id, req->track_id()); });
}

grpc::Status SfuService::Leave(grpc::ServerContext*, const v1::LeaveRequest* req, v1::LeaveResponse*) {
  std::shared_ptr<Session> s;
  bool last = false;
  {
    std::lock_guard<std::mutex> g(mu_);
    auto it = sessions_.find(req->session_id());
    if (it == sessions_.end()) return unknown_session();
    s = it->second;
    last = forget(*s);
  }
  auto status = guarded([&] { end(*s); });
  if (last && registry_) registry_->meeting_idle(s->meeting);
  return status;
}

grpc::Status SfuService::Events(grpc::ServerContext* ctx, const v1::EventsRequest* req,
                                grpc::ServerWriter<v1::Event>* writer) {
  auto s = find(req->session_id());
  if (!s) return unknown_session();
  for (;;) {
    v1::Event ev;
    {
      std::unique_lock<std::mutex> lock(s->mu);
      s->cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return s->closed || !s->queue.empty(); });
      if (s->queue.empty()) {
        if (ctx->IsCancelled()) return grpc::Status::OK;
        if (s->closed) {
          if (!s->server_shutdown) return grpc::Status::OK;  // Leave: the stream ends with the session
          return {grpc::StatusCode::UNAVAILABLE, "sfu is shutting down: join again (another node)"};
        }
        continue;
      }
      ev = std::move(s->queue.front());
      s->queue.pop_front();
    }
    if (!writer->Write(ev)) return grpc::Status::OK;
  }
}

}  // namespace zt::sfu
