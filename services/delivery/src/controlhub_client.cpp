#include "controlhub_client.h"

namespace zt::delivery {

ControlHubClient::ControlHubClient(const std::string& address, ServiceToken& token)
    : token_(token),
      stub_(controlhub::v1::ControlHub::NewStub(
          grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))) {}

std::unique_ptr<grpc::ClientContext> ControlHubClient::context(std::chrono::milliseconds deadline) {
  auto bearer = token_.bearer();
  if (!bearer) return nullptr;
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", "Bearer " + *bearer);
  if (deadline.count() > 0) ctx->set_deadline(std::chrono::system_clock::now() + deadline);
  return ctx;
}

}  // namespace zt::delivery
