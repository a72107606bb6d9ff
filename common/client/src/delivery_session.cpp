#include "zt/client/delivery_session.h"

#include "zt/metrics/rpc_interceptor.h"

namespace zt::client {

DeliverySession::DeliverySession(const std::string& address, const crypto::SecretBytes& token)
    : token_(token.reveal_text()),
      stub_(dsv1::Delivery::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))) {
  if (address.empty()) throw ClientError::usage("no Delivery Service address: pass --delivery HOST:PORT to login");
  if (token.empty()) throw ClientError::profile("the profile holds no token: run `zt-client login`");
}

std::unique_ptr<grpc::ClientContext> DeliverySession::context(std::chrono::milliseconds timeout) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + token_);
  ctx->set_deadline(std::chrono::system_clock::now() + timeout);
  return ctx;
}

void DeliverySession::check(const grpc::Status& status) {
  if (status.ok()) return;
  std::string reason = status.error_message();
  if (reason.empty()) reason = "no reason given";
  throw ClientError::refused("delivery", metrics::status_code_name(static_cast<int>(status.error_code())), reason);
}

}  // namespace zt::client
