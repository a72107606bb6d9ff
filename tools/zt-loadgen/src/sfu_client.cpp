#include "sfu_client.h"

#include <stdexcept>

#include "zt/auth/media_grant.h"
#include "zt/stun/builder.h"
#include "zt/stun/hmac_integrity_key.h"
#include "zt/stun/message.h"

namespace zt::loadgen {

std::string sign_media_grant(const auth::JwsSigner& signer, const std::string& meeting, const std::string& device,
                             uint32_t leaf, int64_t expires_unix_s) {
  auth::MediaGrantClaims claims{meeting, device, leaf,
                                std::chrono::system_clock::time_point(std::chrono::seconds(expires_unix_s))};
  return signer.sign(auth::media_grant_to_json(claims));
}

std::unique_ptr<grpc::ClientContext> rpc_context(int timeout_ms) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms));
  return ctx;
}

SfuClient::SfuClient(std::shared_ptr<grpc::Channel> channel, UdpSocket& socket)
    : stub_(v1::Sfu::NewStub(channel)), socket_(socket) {}

void SfuClient::join(const std::string& meeting, const std::string& grant) {
  v1::JoinRequest req;
  req.set_meeting_id(meeting);
  req.set_media_grant(grant);
  grpc::Status s = stub_->Join(rpc_context().get(), req, &session_);
  if (!s.ok()) throw std::runtime_error("Join: " + s.error_message());
  sfu_ = parse_ipv4(session_.udp_address());
  if (!bind()) throw std::runtime_error("ICE binding to " + session_.udp_address() + " got no valid answer");
}

Bytes SfuClient::binding_request(uint8_t tag) {
  stun::HmacIntegrityKey key(as_bytes(session_.ice_pwd()));
  std::array<uint8_t, 256> buf{};
  stun::TransactionId tid{};
  tid[0] = tag;
  tid[1] = static_cast<uint8_t>(socket_.port());
  tid[2] = static_cast<uint8_t>(socket_.port() >> 8);
  stun::MessageBuilder b(buf, stun::kBindingRequest, tid);
  b.add_username(session_.ice_ufrag() + ":loadgen").add_priority(0x7E0000FF).add_use_candidate()
      .add_ice_controlling(0x1234 + socket_.port()).add_integrity(key).add_fingerprint();
  return Bytes(b.bytes().begin(), b.bytes().end());
}

void SfuClient::send_binding_request() { socket_.send_to(sfu_, binding_request(++next_tid_)); }

bool SfuClient::bind(int timeout_ms) {
  stun::HmacIntegrityKey key(as_bytes(session_.ice_pwd()));
  for (int attempt = 0; attempt < 5; ++attempt) {
    uint8_t tag = ++next_tid_;
    socket_.send_to(sfu_, binding_request(tag));
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms / 5 + 1);
    while (std::chrono::steady_clock::now() < until) {
      if (!socket_.wait_readable(20)) continue;
      for (const auto& d : socket_.receive()) {
        auto m = stun::parse(d.bytes);
        if (m && m->type == stun::kBindingSuccess && m->transaction_id[0] == tag && stun::verify_integrity(*m, key)) {
          return true;
        }
      }
    }
  }
  return false;
}

v1::Track SfuClient::publish(v1::TrackKind kind, const std::vector<uint32_t>& ssrcs) {
  v1::PublishRequest req;
  req.set_session_id(session_.session_id());
  req.set_kind(kind);
  for (uint32_t s : ssrcs) req.add_layer_ssrcs(s);
  v1::PublishResponse resp;
  grpc::Status s = stub_->Publish(rpc_context().get(), req, &resp);
  if (!s.ok()) throw std::runtime_error("Publish: " + s.error_message());
  return resp.track();
}

grpc::Status SfuClient::subscribe(uint32_t track_id, uint32_t max_layer, v1::SubscribeResponse* out) {
  v1::SubscribeRequest req;
  req.set_session_id(session_.session_id());
  req.set_track_id(track_id);
  req.set_max_layer(max_layer);
  return stub_->Subscribe(rpc_context().get(), req, out);
}

std::vector<v1::Subscription> SfuClient::subscribe_all(uint32_t max_layer) {
  v1::SubscribeResponse resp;
  grpc::Status s = subscribe(0, max_layer, &resp);
  if (!s.ok()) throw std::runtime_error("Subscribe: " + s.error_message());
  return {resp.subscriptions().begin(), resp.subscriptions().end()};
}

void SfuClient::leave() {
  v1::LeaveRequest req;
  req.set_session_id(session_.session_id());
  v1::LeaveResponse resp;
  (void)stub_->Leave(rpc_context().get(), req, &resp);
}

}  // namespace zt::loadgen
