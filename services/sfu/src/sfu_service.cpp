#include "sfu_service.h"

#include "proto_convert.h"
#include "zt/crypto/random.h"

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
                       const Clock& clock, MeetingRegistry* registry)
    : router_(router), verifier_(verifier), udp_address_(std::move(udp_address)), clock_(clock), registry_(registry) {
  router_.set_event_sink([this](const RouterEvent& e) { on_event(e); });
}

SfuService::~SfuService() {
  router_.set_event_sink(nullptr);
  shutdown();
}

void SfuService::shutdown() {
  std::lock_guard<std::mutex> g(mu_);
  shutting_down_ = true;
  for (auto& [id, s] : sessions_) close(*s);
}

void SfuService::close(Session& s) {
  std::lock_guard<std::mutex> g(s.mu);
  s.closed = true;
  s.cv.notify_all();
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

grpc::Status SfuService::Join(grpc::ServerContext*, const v1::JoinRequest* req, v1::JoinResponse* resp) {
  if (req->meeting_id().empty() || req->media_grant().empty()) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "meeting_id and media_grant are required"};
  }
  auto grant = verifier_.verify(req->media_grant(), req->meeting_id());
  if (!grant) return {grpc::StatusCode::UNAUTHENTICATED, grant.error()};
  auto creds = router_.create_transport(grant->meeting, grant->device, grant->leaf_index, clock_.steady_now());
  auto session = std::make_shared<Session>();
  session->transport_id = creds.transport_id;
  session->meeting = grant->meeting;
  std::string session_id = to_hex(crypto::SystemRandom::instance().bytes(24));
  bool first = false;
  {
    std::lock_guard<std::mutex> g(mu_);
    sessions_[session_id] = session;
    first = members_per_meeting_[grant->meeting]++ == 0;
  }
  if (first && registry_) registry_->meeting_active(grant->meeting);
  resp->set_session_id(session_id);
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
    sessions_.erase(it);
    last = --members_per_meeting_[s->meeting] == 0;
    if (last) members_per_meeting_.erase(s->meeting);
  }
  close(*s);
  auto status = guarded([&] { router_.remove_transport(s->transport_id); });
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
        if (s->closed || ctx->IsCancelled()) return grpc::Status::OK;
        continue;
      }
      ev = std::move(s->queue.front());
      s->queue.pop_front();
    }
    if (!writer->Write(ev)) return grpc::Status::OK;
  }
}

}  // namespace zt::sfu
