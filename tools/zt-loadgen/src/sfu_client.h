// The load generator's view of zt-sfu: sign a media grant, Join over gRPC,
// bind the UDP socket with an ICE-lite binding request (MESSAGE-INTEGRITY
// with the transport's password), Publish and Subscribe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "udp_socket.h"
#include "zt/auth/jws.h"
#include "zt/sfu/v1/sfu.grpc.pb.h"

namespace zt::loadgen {

namespace v1 = zt::sfu::v1;

// {"mtg":..,"did":..,"leaf":..,"exp":..} signed by `signer`.
std::string sign_media_grant(const auth::JwsSigner& signer, const std::string& meeting, const std::string& device,
                             uint32_t leaf, int64_t expires_unix_s);

class SfuClient {
 public:
  SfuClient(std::shared_ptr<grpc::Channel> channel, UdpSocket& socket);

  // Join + ICE binding. Throws std::runtime_error naming the step that failed
  // (the gRPC status message, never the grant).
  void join(const std::string& meeting, const std::string& grant);
  // Sends a binding request and waits up to `timeout_ms` for a verified answer.
  bool bind(int timeout_ms = 1000);
  // Consent refresh: one binding request, answer not awaited.
  void send_binding_request();

  v1::Track publish(v1::TrackKind kind, const std::vector<uint32_t>& ssrcs);
  std::vector<v1::Subscription> subscribe_all(uint32_t max_layer);
  grpc::Status subscribe(uint32_t track_id, uint32_t max_layer, v1::SubscribeResponse* out);
  void leave();

  const sockaddr_in& sfu_address() const { return sfu_; }
  const v1::JoinResponse& session() const { return session_; }
  v1::Sfu::Stub& stub() { return *stub_; }

 private:
  Bytes binding_request(uint8_t tag);

  std::unique_ptr<v1::Sfu::Stub> stub_;
  UdpSocket& socket_;
  v1::JoinResponse session_;
  sockaddr_in sfu_{};
  uint8_t next_tid_ = 0;
};

// Deadline helper for every client call.
std::unique_ptr<grpc::ClientContext> rpc_context(int timeout_ms = 5000);

}  // namespace zt::loadgen
